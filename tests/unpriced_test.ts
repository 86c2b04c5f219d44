// Costs are never silently zero: the API counts each model's and endpoint's unpriced requests, the
// tables mark a cost that leaves requests out ("unpriced", "$0.25*"), the cost cards say how many.
import assert from "node:assert/strict";
import { ADMIN_TOKEN, startTestMonitor, storedEvent, type TestMonitor } from "./_fixtures.ts";

const NOW = Date.parse("2026-11-23T12:00:00Z");
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

/**
 * gpt-4o: 3 on chat at $0.50 and 1 on mixed at $0.25 (priced); mystery-model: 2 on search and 1 on
 * mixed, unpriced. So search is wholly unpriced, mixed partly, chat wholly priced.
 */
async function seed(t: TestMonitor) {
  const at = (i: number) => NOW - 60_000 - i * 1000;
  const priced = (id: string, endpoint: string, cost: number, i: number) =>
    storedEvent({ project_id: t.projectId, id, ts: at(i), endpoint, cost_usd: cost });
  const unpriced = (id: string, endpoint: string, i: number) =>
    storedEvent({
      project_id: t.projectId,
      id,
      ts: at(i),
      endpoint,
      model: "mystery-model",
      provider: "self-hosted",
      cost_usd: null,
      cost_source: null,
    });
  await t.monitor.deps.store.insertEvents([
    priced("c-0", "chat", 0.5, 0),
    priced("c-1", "chat", 0.5, 1),
    priced("c-2", "chat", 0.5, 2),
    priced("m-0", "mixed", 0.25, 3),
    unpriced("m-1", "mixed", 4),
    unpriced("s-0", "search", 5),
    unpriced("s-1", "search", 6),
  ]);
}

async function json(t: TestMonitor, path: string) {
  const response = await t.app.request(path, { headers: auth });
  assert.equal(response.status, 200, path);
  assert.equal(response.headers.get("content-type"), "application/json");
  return await response.json();
}

async function page(t: TestMonitor, path: string, cookie: string): Promise<string> {
  const response = await t.app.request(path, { headers: { cookie } });
  assert.equal(response.status, 200, path);
  return await response.text();
}

async function signIn(t: TestMonitor): Promise<string> {
  const response = await t.app.request("/api/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token: ADMIN_TOKEN }),
  });
  assert.equal(response.status, 200);
  await response.body?.cancel();
  return response.headers.get("set-cookie")!.split(";")[0]!;
}

/** The table row whose main cell links to `key`, as rendered. */
function row(body: string, dimension: string, key: string): string {
  const link = body.indexOf(`${dimension}=${key}">${key}</a>`);
  assert.ok(link >= 0, `no row for ${dimension} ${key}`);
  const end = body.indexOf("</tr>", link);
  return body.slice(link, end);
}

/** The caveat under a stat card, or null. */
function caveat(body: string, card: string): string | null {
  const at = body.indexOf(`data-card="${card}"`);
  assert.ok(at >= 0, `no card ${card}`);
  const article = body.slice(at, body.indexOf("</article>", at));
  return /class="card-foot card-caveat"[^>]*>([^<]*)</.exec(article)?.[1] ?? null;
}

Deno.test("GET /api/metrics/current counts unpriced requests per model and per endpoint", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  await seed(t);
  const body = await json(t, `/api/metrics/current?project=${t.projectId}&window=5m`);
  assert.equal(body.unpriced_requests, 3);
  assert.equal(body.cost_usd, 1.75);
  assert.deepEqual(
    body.active_models.map((m: Record<string, unknown>) => [
      m.model,
      m.requests,
      m.cost_usd,
      m.unpriced_requests,
    ]),
    [["gpt-4o", 4, 1.75, 0], ["mystery-model", 3, 0, 3]],
  );
  assert.deepEqual(
    body.top_endpoints.map((e: Record<string, unknown>) => [
      e.endpoint,
      e.requests,
      e.cost_usd,
      e.unpriced_requests,
    ]),
    [["chat", 3, 1.5, 0], ["mixed", 2, 0.25, 1], ["search", 2, 0, 2]],
  );
  const breakdown = await json(
    t,
    `/api/metrics/breakdown?project=${t.projectId}&window=5m&by=endpoint&sort=requests`,
  );
  assert.deepEqual(
    breakdown.rows.map((r: Record<string, unknown>) => [r.key, r.cost_usd, r.unpriced_requests]),
    [["chat", 1.5, 0], ["mixed", 0.25, 1], ["search", 0, 2]],
  );
});

Deno.test("the Models and Endpoints tables mark unpriced and partly priced costs", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  await seed(t);
  const cookie = await signIn(t);
  const models = await page(t, `/models?project=${t.projectId}&window=5m&view=finance`, cookie);
  // Finance columns: Cost, Requests, Cost/request, Cost/1k tokens, …, Cache savings, Errors.
  const mystery = row(models, "model", "mystery-model");
  assert.match(mystery, /<td class="num faint" title="3 requests not priced">unpriced<\/td>/);
  assert.doesNotMatch(mystery, /\$0\.00/);
  const gpt = row(models, "model", "gpt-4o");
  assert.match(gpt, /<td class="num">\$1\.75<\/td>/);
  assert.doesNotMatch(gpt, /unpriced|\*/);

  const endpoints = await page(t, `/endpoints?project=${t.projectId}&window=5m`, cookie);
  assert.match(
    row(endpoints, "endpoint", "mixed"),
    /<td class="num" title="1 request not priced">\$0\.25\*<\/td>/,
  );
  assert.match(
    row(endpoints, "endpoint", "search"),
    /<td class="num faint" title="2 requests not priced">unpriced<\/td>/,
  );
  assert.match(row(endpoints, "endpoint", "chat"), /<td class="num">\$1\.50<\/td>/);
});

Deno.test("the Overview's tables and the cost cards say what a cost leaves out", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  await seed(t);
  const cookie = await signIn(t);
  const overview = await page(t, `/?project=${t.projectId}&window=5m`, cookie);
  // Top endpoints: cost and cost per request of a partly priced endpoint carry the marker.
  const mixed = row(overview, "endpoint", "mixed");
  assert.match(mixed, /<td class="num" title="1 request not priced">\$0\.25\*<\/td>/);
  assert.match(mixed, /<td class="num" title="1 request not priced">\$0\.13\*<\/td>/);
  assert.match(
    row(overview, "endpoint", "search"),
    /<td class="num faint" title="2 requests not priced">unpriced<\/td>/,
  );
  // The model distribution: no "$0.00" for the unpriced model.
  const share = overview.slice(overview.indexOf('id="model-share-title"'));
  assert.match(share, /<span class="num muted" title="3 requests not priced">unpriced<\/span>/);
  assert.match(share, /<span class="num muted">\$1\.75<\/span>/);
  assert.equal(caveat(overview, "cost_per_hour"), "excludes 3 unpriced requests");
  assert.equal(caveat(overview, "spend_today"), "excludes 3 unpriced requests");
  assert.equal(caveat(overview, "error_rate"), null, "not a cost");

  const costs = await page(t, `/costs?project=${t.projectId}&window=5m`, cookie);
  for (const card of ["cost_usd", "month_to_date", "projected_month", "cost_per_request"]) {
    assert.equal(caveat(costs, card), "excludes 3 unpriced requests", card);
  }
  assert.equal(caveat(costs, "unpriced_requests"), null);
  const mystery = row(costs.slice(costs.indexOf('id="unpriced-title"')), "model", "mystery-model");
  assert.match(mystery, /<td class="num">3<\/td>/);
});

Deno.test("a wholly priced range has no markers and no caveats", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  await t.monitor.deps.store.insertEvents([
    storedEvent({ project_id: t.projectId, ts: NOW - 60_000, endpoint: "chat", cost_usd: 0.5 }),
  ]);
  const cookie = await signIn(t);
  const costs = await page(t, `/costs?project=${t.projectId}&window=5m`, cookie);
  assert.equal(caveat(costs, "cost_usd"), null);
  assert.equal(caveat(costs, "month_to_date"), null);
  assert.doesNotMatch(costs, /not priced|excludes \d/);
  const body = await json(t, `/api/metrics/current?project=${t.projectId}&window=5m`);
  assert.equal(body.active_models[0].unpriced_requests, 0);
  assert.equal(body.top_endpoints[0].unpriced_requests, 0);
});
