// Cost end to end: pricing at ingest, unpriced models surfaced, overrides and re-pricing with the
// rollups kept equal to their events, and budgets with projections in the project's time zone.
import assert from "node:assert/strict";
import { ADMIN_TOKEN, startTestMonitor, storedEvent, type TestMonitor } from "./_fixtures.ts";

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
const close = (a: unknown, b: number, what = "") =>
  assert.ok(typeof a === "number" && Math.abs(a - b) < 1e-9, `${what} ${a} vs ${b}`);

async function get(t: TestMonitor, path: string) {
  const response = await t.app.request(path, { headers: auth });
  assert.equal(response.status, 200, `${path}: ${await response.clone().text()}`);
  return await response.json();
}

async function send(t: TestMonitor, method: string, path: string, body: unknown) {
  const response = await t.admin(method, path, body);
  const json = await response.json();
  return { status: response.status, json };
}

Deno.test("events without cost_usd are priced at ingest; unknown models are counted, then priced by an override", async () => {
  const now = Date.parse("2026-11-23T12:30:00Z");
  await using t = await startTestMonitor({ now: () => now });
  const posted = await t.post([
    {
      id: "a",
      model: "gpt-4o-2024-08-06",
      provider: "openai",
      input_tokens: 1000,
      output_tokens: 500,
      timestamp: now - 7_200_000,
    },
    {
      id: "b",
      model: "my-model",
      provider: "acme",
      input_tokens: 2000,
      output_tokens: 1000,
      timestamp: now - 7_000_000,
    },
    {
      id: "c",
      model: "gpt-4o",
      input_tokens: 10,
      output_tokens: 10,
      cost_usd: 0.5,
      timestamp: now - 60_000,
    },
  ]);
  assert.equal(posted.status, 202);
  await posted.body?.cancel();
  await t.monitor.deps.flusher.drain();

  const a = await get(t, `/api/events/a?project=${t.projectId}`);
  close(a.cost_usd, 0.0075, "gpt-4o snapshot");
  assert.equal(a.cost_source, "computed");
  assert.equal(a.price_version, "genai-prices@0.1.8");
  const c = await get(t, `/api/events/c?project=${t.projectId}`);
  assert.equal(c.cost_source, "reported");
  close(c.cost_usd, 0.5);

  const base = `/api/metrics/current?project=${t.projectId}&window=24h`;
  const before = await get(t, base);
  close(before.cost_usd, 0.5075, "total before");
  assert.equal(before.unpriced_requests, 1);
  assert.deepEqual(await get(t, `/api/costs/unpriced?project=${t.projectId}&window=24h`), {
    unpriced_requests: 1,
    models: [{ model: "my-model", provider: "acme", requests: 1 }],
  });

  const created = await send(t, "POST", "/api/prices/overrides", {
    project: t.projectId,
    model: "my-model",
    input_per_mtok: 1,
    output_per_mtok: 4,
    effective_from: "2026-11-01T00:00:00Z",
  });
  assert.equal(created.status, 201);
  const repriced = await send(t, "POST", "/api/prices/reprice", {
    project: t.projectId,
    from: "2026-11-22T00:00:00Z",
  });
  assert.deepEqual(
    repriced.json,
    { examined: 2, changed: 1 },
    "the reported cost is not a candidate",
  );
  const b = await get(t, `/api/events/b?project=${t.projectId}`);
  close(b.cost_usd, 0.002 + 0.004, "override price");
  assert.equal(b.price_version, `override:${created.json.id}`);
  // Hourly and minute rollups moved with the events.
  const after = await get(t, base);
  close(after.cost_usd, 0.5075 + 0.006, "total after");
  assert.equal(after.unpriced_requests, 0);
  const hourly = await get(
    t,
    `/api/metrics/history?project=${t.projectId}&metric=cost_usd&window=24h&step=1h`,
  );
  const sum = hourly.series[0].points.reduce((s: number, [, v]: [number, number]) => s + v, 0);
  close(sum, 0.5135, "hourly history");
  // A new event of that model is priced by the override at ingest.
  const more = await t.post([
    { model: "my-model", provider: "acme", input_tokens: 1_000_000, timestamp: now - 1000 },
  ]);
  await more.body?.cancel();
  await t.monitor.deps.flusher.drain();
  close((await get(t, base)).cost_usd, 0.5135 + 1, "override at ingest");
});

Deno.test("GET /api/metrics/breakdown ranks users by cost", async () => {
  const now = Date.parse("2026-11-23T12:30:00Z");
  await using t = await startTestMonitor({ now: () => now });
  await t.monitor.deps.store.insertEvents([
    storedEvent({ project_id: t.projectId, ts: now - 1000, user_id: "ann", cost_usd: 0.3 }),
    storedEvent({ project_id: t.projectId, ts: now - 2000, user_id: "bob", cost_usd: 0.5 }),
    storedEvent({ project_id: t.projectId, ts: now - 3000, user_id: "ann", cost_usd: 0.4 }),
    storedEvent({ project_id: t.projectId, ts: now - 4000, user_id: null, cost_usd: 0.1 }),
  ]);
  const body = await get(t, `/api/metrics/breakdown?project=${t.projectId}&by=user_id&window=1h`);
  assert.equal(body.by, "user_id");
  assert.deepEqual(body.rows.map((r: { key: string; requests: number }) => [r.key, r.requests]), [
    ["ann", 2],
    ["bob", 1],
    ["", 1],
  ]);
  close(body.rows[0].cost_usd, 0.7);
  close(body.rows[0].cost_per_request, 0.35);
});

Deno.test("a daily budget in Europe/Paris: utilization, projection, run-out time and crossings", async () => {
  const now = Date.parse("2026-11-25T10:00:00Z"); // 11:00 in Paris
  await using t = await startTestMonitor({ now: () => now });
  const project =
    (await send(t, "POST", "/api/projects", { name: "paris", time_zone: "Europe/Paris" })).json;
  const spend = [
    ["2026-11-24T22:30:00Z", 5, "chat"], // 23:30 yesterday in Paris: outside today's period
    ["2026-11-25T01:00:00Z", 3, "chat"],
    ["2026-11-25T09:00:00Z", 2, "search"],
  ] as const;
  await t.monitor.deps.store.insertEvents(
    spend.map(([at, usd, endpoint]) =>
      storedEvent({ project_id: project.id, ts: Date.parse(at), cost_usd: usd, endpoint })
    ),
  );
  const daily = await send(t, "POST", "/api/budgets", {
    project: "paris",
    name: "daily cap",
    period: "daily",
    amount_usd: 8,
  });
  assert.equal(daily.status, 201);
  assert.deepEqual(daily.json.thresholds, [0.5, 0.8, 1]);
  const chat = await send(t, "POST", "/api/budgets", {
    project: "paris",
    scope: "endpoint",
    scope_value: "chat",
    period: "monthly",
    amount_usd: 100,
  });

  const status = await get(t, `/api/budgets/${daily.json.id}?project=paris`);
  assert.equal(status.period_start, "2026-11-24T23:00:00.000Z");
  assert.equal(status.period_end, "2026-11-25T23:00:00.000Z");
  close(status.spend_usd, 5);
  close(status.budget_utilization, 0.625);
  close(status.run_rate_usd_per_hour, 10 / 24);
  close(status.projected_spend, 5 + 13 * (10 / 24));
  assert.equal(status.runs_out_at, "2026-11-25T17:12:00.000Z"); // (8 - 5) / (10/24) = 7.2 h
  assert.equal(status.exhausted, false);
  assert.match(status.method, /trailing 24 h/);

  const monthly = await get(t, `/api/budgets/${chat.json.id}?project=paris`);
  assert.equal(monthly.period_start, "2026-10-31T23:00:00.000Z");
  close(monthly.spend_usd, 8, "chat spend this month");
  assert.equal(monthly.runs_out_at, null, "at $5/24h it does not run out this month");

  assert.equal(await t.monitor.deps.budgetWatch.checkAll(), 1, "50 % of the daily budget crossed");
  assert.equal(await t.monitor.deps.budgetWatch.checkAll(), 0, "recorded once");
  const listed = await get(t, "/api/budgets?project=paris");
  const recorded = listed.budgets.find((b: { budget: { id: string } }) =>
    b.budget.id === daily.json.id
  );
  assert.deepEqual(recorded.crossings.map((c: { threshold: number }) => c.threshold), [0.5]);
  close(recorded.crossings[0].spend_usd, 5);
});

Deno.test("budget and price inputs are checked field by field", async () => {
  await using t = await startTestMonitor();
  const budget = await send(t, "POST", "/api/budgets", {
    period: "yearly",
    amount_usd: -1,
    scope: "user",
  });
  assert.equal(budget.status, 400);
  assert.deepEqual(budget.json.errors, [
    "period: must be daily, weekly or monthly",
    "amount_usd: must be > 0",
  ]);
  const noValue = await send(t, "POST", "/api/budgets", {
    period: "daily",
    amount_usd: 1,
    scope: "user",
  });
  assert.deepEqual(noValue.json.errors, ["scope_value: is required unless scope is project"]);
  const price = await send(t, "POST", "/api/prices/overrides", { model: "m", input_per_mtok: "1" });
  assert.deepEqual(price.json.errors, [
    "input_per_mtok: must be a number (USD per million tokens)",
    "output_per_mtok: must be a number (USD per million tokens)",
  ]);
  const quote = await get(t, "/api/prices?model=gpt-4o-mini&provider=openai");
  assert.equal(quote.model_id, "gpt-4o-mini");
  assert.equal(quote.price_version, "genai-prices@0.1.8");
  assert.equal(typeof quote.prices.input_mtok, "number");
});
