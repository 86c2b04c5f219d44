// GET /api/stream over a real socket: the numbers at connect, an update after events are posted,
// one computation per distinct view, heartbeats, clean-up when the client goes.
import assert from "node:assert/strict";
import { ADMIN_TOKEN, event, startTestMonitor, waitFor } from "./_fixtures.ts";
import { serveLocal } from "./_server.ts";
import { connectSse } from "./_sse.ts";

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

Deno.test("GET /api/stream sends the numbers at once and again when events arrive", async () => {
  await using t = await startTestMonitor({ env: { STREAM_TICK_MS: "100" } });
  await using server = serveLocal(t.app.fetch);
  await using stream = await connectSse(
    `${server.url}/api/stream?project=${t.projectId}&window=5m`,
    auth,
  );
  assert.equal(stream.status, 200);
  assert.equal(stream.contentType, "text/event-stream");
  const first = await stream.next();
  assert.equal(first.event, "metrics");
  assert.equal(JSON.parse(first.data).requests, 0);

  const posted = await fetch(`${server.url}/v1/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${t.ingestKey}`, "content-type": "application/json" },
    body: JSON.stringify([
      event({ latency_ms: 200 }),
      event({ latency_ms: 400 }),
      event({ status: "error" }),
    ]),
  });
  assert.equal(posted.status, 202);
  await posted.body?.cancel();
  const update = await stream.until((m) => JSON.parse(m.data).requests === 3);
  const body = JSON.parse(update.data);
  assert.equal(body.error_rate, 1 / 3);
  assert.equal(body.window, "5m");
});

Deno.test("GET /api/stream computes one view once for all its subscribers and cleans up", async () => {
  await using t = await startTestMonitor({ env: { STREAM_TICK_MS: "100" } });
  await using server = serveLocal(t.app.fetch);
  const url = `${server.url}/api/stream?project=${t.projectId}&window=1h&model=gpt-4o`;
  const a = await connectSse(url, auth);
  const b = await connectSse(url, auth);
  const c = await connectSse(`${server.url}/api/stream?project=${t.projectId}&window=1h`, auth);
  await Promise.all([a.next(), b.next(), c.next()]);
  assert.deepEqual(t.monitor.deps.hub.size, { topics: 2, subscribers: 3 });
  await a.close();
  await b.close();
  await waitFor(() => t.monitor.deps.hub.size.subscribers === 1, "closed streams to unsubscribe");
  assert.equal(t.monitor.deps.hub.size.topics, 1);
  await c.close();
  await waitFor(() => t.monitor.deps.hub.size.topics === 0, "the last stream to unsubscribe");
});

Deno.test("GET /api/stream sends comment heartbeats", async () => {
  await using t = await startTestMonitor({ env: { STREAM_HEARTBEAT_MS: "50" } });
  await using server = serveLocal(t.app.fetch);
  await using stream = await connectSse(`${server.url}/api/stream?project=${t.projectId}`, auth);
  await stream.next();
  await waitFor(() => stream.comments >= 2, "two heartbeats");
});

Deno.test("GET /api/stream answers 401 without credentials and 400 for a bad window", async () => {
  await using t = await startTestMonitor();
  const anonymous = await t.app.request("/api/stream");
  assert.equal(anonymous.status, 401);
  await anonymous.body?.cancel();
  const bad = await t.app.request("/api/stream?window=1y", { headers: auth });
  assert.equal(bad.status, 400);
  assert.deepEqual(await bad.json(), {
    error: "window: must be one of 5m, 15m, 1h, 6h, 24h, 7d, 30d",
  });
});
