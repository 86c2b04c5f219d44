// What a widget token reads through app.request: only its metrics, within its filters and project,
// from its origins, with the token in the URL (EventSource cannot send headers) or as a bearer.
import assert from "node:assert/strict";
import { ADMIN_TOKEN, event, startTestMonitor, type TestMonitor } from "./_fixtures.ts";

async function widgetToken(t: TestMonitor, body: Record<string, unknown> = {}): Promise<string> {
  const response = await t.admin("POST", "/api/widget-tokens", { project: t.projectId, ...body });
  assert.equal(response.status, 201);
  return (await response.json()).token;
}

function get(t: TestMonitor, path: string, headers: Record<string, string> = {}) {
  return Promise.resolve(t.app.request(path, { headers }));
}

async function postModels(t: TestMonitor) {
  const posted = await t.post([
    event({ model: "gpt-4o", endpoint: "chat", cost_usd: 0.01 }),
    event({ model: "gpt-4o", endpoint: "search", cost_usd: 0.02 }),
    event({ model: "claude-sonnet-4", provider: "anthropic", endpoint: "chat", cost_usd: 0.04 }),
  ]);
  assert.equal(posted.status, 202);
  await posted.body?.cancel();
}

Deno.test("a widget token for metric A reads A and nothing else: current is reduced, history of B is 403", async () => {
  await using t = await startTestMonitor();
  await postModels(t);
  const token = await widgetToken(t, { metrics: ["cost_usd"] });
  const current = await get(t, `/api/metrics/current?window=5m&compare=previous&token=${token}`);
  assert.equal(current.status, 200);
  assert.equal(current.headers.get("content-type"), "application/json");
  const body = await current.json();
  assert.deepEqual(Object.keys(body).sort(), ["cost_usd", "from", "previous", "to", "window"]);
  assert.equal(Math.round(body.cost_usd * 100), 7);
  assert.deepEqual(body.previous, { cost_usd: 0 });
  const historyA = await get(t, `/api/metrics/history?metric=cost_usd&window=1h&token=${token}`);
  assert.equal(historyA.status, 200);
  await historyA.body?.cancel();
  const historyB = await get(t, `/api/metrics/history?metric=p95_latency_ms&token=${token}`);
  assert.equal(historyB.status, 403);
  assert.deepEqual(await historyB.json(), {
    error: "this widget token cannot read p95_latency_ms",
  });
  const bearer = await get(t, "/api/metrics/current?window=5m", {
    authorization: `Bearer ${token}`,
  });
  assert.deepEqual(Object.keys(await bearer.json()).sort(), ["cost_usd", "from", "to", "window"]);
});

Deno.test("a widget token's filters always apply; a request may narrow them, never widen", async () => {
  await using t = await startTestMonitor();
  await postModels(t);
  // top_endpoints lets it narrow by endpoint too (lib/access/widget_scope.ts mayBreakDown).
  const token = await widgetToken(t, {
    metrics: ["requests", "top_endpoints"],
    filters: { model: "gpt-4o" },
  });
  const requests = async (query: string) => {
    const response = await get(t, `/api/metrics/current?window=5m&token=${token}${query}`);
    return [response.status, (await response.json()).requests ?? null];
  };
  assert.deepEqual(await requests(""), [200, 2], "only gpt-4o, without asking");
  assert.deepEqual(await requests("&model=gpt-4o"), [200, 2]);
  assert.deepEqual(await requests("&model=gpt-4o&endpoint=chat"), [200, 1], "narrowed");
  assert.deepEqual(await requests("&model=claude-sonnet-4"), [403, null]);
  assert.deepEqual(await requests("&model=gpt-4o,claude-sonnet-4"), [403, null]);
  const widened = await get(t, `/api/metrics/current?model=claude-sonnet-4&token=${token}`);
  assert.deepEqual(await widened.json(), {
    error: "model: this widget token reads model gpt-4o only",
  });
  const history = await get(t, `/api/metrics/history?metric=requests&window=1h&token=${token}`);
  const series = (await history.json()).series;
  assert.equal(series[0].points.reduce((s: number, [, v]: [number, number]) => s + v, 0), 2);
});

Deno.test("a widget token reads its own project only", async () => {
  await using t = await startTestMonitor();
  const token = await widgetToken(t);
  const own = await get(t, `/api/metrics/current?project=${t.projectId}&token=${token}`);
  assert.equal(own.status, 200);
  await own.body?.cancel();
  const other = await get(t, `/api/metrics/current?project=default&token=${token}`);
  assert.equal(other.status, 403);
  assert.deepEqual(await other.json(), { error: "this token reads another project" });
});

Deno.test("widget tokens cannot read events or breakdowns; other tokens never go in the URL", async () => {
  await using t = await startTestMonitor();
  const token = await widgetToken(t);
  const forbidden =
    "a widget token reads only /api/metrics/current, /api/metrics/history, /api/stream and /api/budgets/:id";
  for (
    const path of [
      `/api/events?token=${token}`,
      `/api/events/ev_1?token=${token}`,
      `/api/budgets?token=${token}`,
      `/api/prices/overrides?token=${token}`,
      `/api/costs/unpriced?token=${token}`,
    ]
  ) {
    const response = await get(t, path);
    assert.equal(response.status, 403, path);
    assert.deepEqual(await response.json(), { error: forbidden }, path);
  }
  const events = await get(t, "/api/events", { authorization: `Bearer ${token}` });
  assert.equal(events.status, 403);
  await events.body?.cancel();
  const breakdown = await get(t, `/api/metrics/breakdown?by=user_id&token=${token}`);
  assert.equal(breakdown.status, 403);
  assert.deepEqual(await breakdown.json(), {
    error: "a widget token cannot read /api/metrics/breakdown",
  });
  const keyResponse = await t.admin("POST", "/api/keys", { project: t.projectId, kind: "read" });
  const { key } = await keyResponse.json();
  for (const secret of [key, ADMIN_TOKEN, t.ingestKey]) {
    const response = await get(t, `/api/metrics/current?token=${secret}`);
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), {
      error: "token: only widget tokens (wt_…) may be sent in the URL; " +
        "send read keys and the admin token as Authorization: Bearer",
    });
  }
  const unknown = await get(t, "/api/stream?token=wt_not-a-token");
  assert.equal(unknown.status, 401);
  assert.deepEqual(await unknown.json(), { error: "unknown, expired or revoked widget token" });
});

Deno.test("cross-origin reads with a widget token: ALLOWED_ORIGINS and the token's origins only", async () => {
  await using t = await startTestMonitor({ env: { ALLOWED_ORIGINS: "https://intranet.example" } });
  const token = await widgetToken(t, { origins: ["https://portal.example"] });
  const read = (origin: string) => get(t, `/api/metrics/current?token=${token}`, { origin });
  for (const origin of ["https://portal.example", "https://intranet.example"]) {
    const response = await read(origin);
    assert.equal(response.status, 200, origin);
    assert.equal(response.headers.get("access-control-allow-origin"), origin);
    await response.body?.cancel();
  }
  const evil = await read("https://evil.example");
  assert.equal(evil.status, 403);
  assert.equal(evil.headers.get("access-control-allow-origin"), null, "the browser reads nothing");
  assert.deepEqual(await evil.json(), {
    error:
      "origin https://evil.example may not use this widget token (not in ALLOWED_ORIGINS or the token's origins)",
  });
  const stream = await get(t, `/api/stream?token=${token}`, { origin: "https://evil.example" });
  assert.equal(stream.status, 403);
  await stream.body?.cancel();
  const preflight = await Promise.resolve(t.app.request(`/api/metrics/current?token=${token}`, {
    method: "OPTIONS",
    headers: { origin: "https://portal.example", "access-control-request-method": "GET" },
  }));
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get("access-control-allow-origin"), "https://portal.example");
  const plain = await get(t, `/api/metrics/current?token=${token}`);
  assert.equal(plain.status, 200, "no Origin: a server-side client or the monitor's own page");
  await plain.body?.cancel();
  const catalogue = await get(t, `/api/metrics?token=${token}`, {
    origin: "https://portal.example",
  });
  assert.equal(catalogue.headers.get("access-control-allow-origin"), "https://portal.example");
  await catalogue.body?.cancel();
});

Deno.test("GET /api/budgets/:id gives a widget token the budget numbers it may read, within its filters", async () => {
  await using t = await startTestMonitor();
  await postModels(t);
  const budget = async (body: Record<string, unknown>) => {
    const response = await t.admin("POST", "/api/budgets", {
      project: t.projectId,
      period: "monthly",
      amount_usd: 10,
      ...body,
    });
    assert.equal(response.status, 201);
    return (await response.json()).id as string;
  };
  const gpt = await budget({ scope: "model", scope_value: "gpt-4o", name: "gpt-4o" });
  const whole = await budget({ scope: "project" });
  const token = await widgetToken(t, {
    metrics: ["budget_utilization"],
    filters: { model: "gpt-4o" },
  });
  const response = await get(t, `/api/budgets/${gpt}?token=${token}`);
  assert.equal(response.status, 200);
  const body = await response.json();
  assert.deepEqual(Object.keys(body).sort(), [
    "budget",
    "budget_utilization",
    "period_end",
    "period_start",
    "time_zone",
  ]);
  assert.deepEqual(body.budget, { id: gpt, name: "gpt-4o", period: "monthly" });
  assert.equal(Math.round(body.budget_utilization * 1000), 3);
  const wider = await get(t, `/api/budgets/${whole}?token=${token}`);
  assert.equal(wider.status, 403);
  assert.deepEqual(await wider.json(), {
    error: `budget "monthly project" covers more than this widget token's model gpt-4o`,
  });
  const noBudgetMetric = await widgetToken(t, { metrics: ["cost_usd"] });
  const refused = await get(t, `/api/budgets/${gpt}?token=${noBudgetMetric}`);
  assert.equal(refused.status, 403);
  assert.deepEqual(await refused.json(), {
    error: "this widget token cannot read budget_utilization or projected_spend",
  });
  const admin = await get(t, `/api/budgets/${gpt}?project=${t.projectId}`, {
    authorization: `Bearer ${ADMIN_TOKEN}`,
  });
  assert.equal(admin.status, 200);
  assert.equal(typeof (await admin.json()).spend_usd, "number", "other readers: costs.ts, whole");
});
