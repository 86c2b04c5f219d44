// GET /api/metrics/* at the edges: an empty window, events still in the buffer, bad parameters
// (400 naming the parameter), and compare=previous.
import assert from "node:assert/strict";
import { ADMIN_TOKEN, startTestMonitor, storedEvent } from "./_fixtures.ts";
import { get, NOW } from "./_metrics_dataset.ts";

Deno.test("GET /api/metrics/current of an empty window is zeros and empty lists", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  const body = await get(t, `/api/metrics/current?project=${t.projectId}&window=15m`);
  const { window: _w, from: _f, to: _t, active_models, top_endpoints, ...numbers } = body;
  assert.deepEqual(active_models, []);
  assert.deepEqual(top_endpoints, []);
  for (const [name, value] of Object.entries(numbers)) assert.equal(value, 0, name);
  const history = await get(
    t,
    `/api/metrics/history?project=${t.projectId}&metric=error_rate&window=1h&step=5m`,
  );
  const [series] = history.series as Array<{ points: Array<[number, number | null]> }>;
  assert.equal(series!.points.length, 13);
  // A rate of no requests is undefined: no point (null), not 0 (issue 16).
  assert.ok(series!.points.every(([, v]) => v === null));
});

Deno.test("GET /api/metrics/current counts events still in the buffer", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  await t.monitor.deps.store.insertEvents([
    storedEvent({ project_id: t.projectId, ts: NOW - 1000, latency_ms: 100 }),
  ]);
  const posted = await t.post([
    { model: "gpt-4o", timestamp: NOW - 500, latency_ms: 300, input_tokens: 7 },
    { model: "gpt-4o", timestamp: NOW - 400, latency_ms: 500, input_tokens: 8 },
  ]);
  assert.equal(posted.status, 202);
  await posted.body?.cancel();
  assert.equal(await t.monitor.deps.buffer.size(), 2);
  const body = await get(t, `/api/metrics/current?project=${t.projectId}&window=5m`);
  assert.equal(body.requests, 3);
  assert.equal(body.input_tokens, 100 + 7 + 8);
  assert.equal(body.avg_latency_ms, 300);
});

Deno.test("GET /api/metrics/* answers 400 naming the parameter", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  const cases: Array<[string, string]> = [
    ["/api/metrics/current?window=2h", "window: must be one of 5m, 15m, 1h, 6h, 24h, 7d, 30d"],
    ["/api/metrics/current?from=yesterday", "from: must be an RFC 3339 time"],
    [
      "/api/metrics/current?from=2026-11-23T12:00:00Z&to=2026-11-23T11:00:00Z",
      "to: must be after from",
    ],
    ["/api/metrics/current?status=ok", "status: must be success, error or timeout"],
    ["/api/metrics/history?window=1h", "metric: is required"],
    ["/api/metrics/history?metric=vibes", 'metric: unknown metric "vibes"'],
    [
      "/api/metrics/history?metric=requests&step=10s",
      "step: must be a whole number of minutes, at least 1m",
    ],
    [
      "/api/metrics/history?metric=requests&window=30d&step=1m",
      "step: too small for the range (more than 2000 points)",
    ],
    [
      "/api/metrics/history?metric=requests&group_by=user_id",
      "group_by: must be one of model, provider, endpoint, application, status",
    ],
  ];
  for (const [path, error] of cases) {
    const response = await t.app.request(path, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    assert.equal(response.status, 400, path);
    assert.deepEqual(await response.json(), { error }, path);
  }
});

Deno.test("GET /api/metrics/current?compare=previous adds the window just before", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  await t.monitor.deps.store.insertEvents([
    storedEvent({ project_id: t.projectId, ts: NOW - 10 * 60_000, cost_usd: 2 }),
    storedEvent({ project_id: t.projectId, ts: NOW - 70 * 60_000, cost_usd: 1 }),
    storedEvent({ project_id: t.projectId, ts: NOW - 80 * 60_000, cost_usd: 1 }),
  ]);
  const body = await get(
    t,
    `/api/metrics/current?project=${t.projectId}&window=1h&compare=previous`,
  );
  assert.equal(body.requests, 1);
  const previous = body.previous as Record<string, number>;
  assert.equal(previous.requests, 2);
  assert.equal(previous.cost_usd, 2);
  assert.equal("active_models" in previous, false);
});
