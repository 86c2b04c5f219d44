// GET /api/stream with a widget token over a real socket: heartbeat events for EventSource, the
// payload reduced to the token's metrics, and the stream ended when the token is revoked.
import assert from "node:assert/strict";
import { event, startTestMonitor, type TestMonitor, waitFor } from "./_fixtures.ts";
import { serveLocal } from "./_server.ts";
import { connectSse } from "./_sse.ts";

async function widgetToken(t: TestMonitor, body: Record<string, unknown>) {
  const response = await t.admin("POST", "/api/widget-tokens", { project: t.projectId, ...body });
  return await response.json() as { id: string; token: string };
}

Deno.test("GET /api/stream?token=wt_… sends heartbeat events and only the token's metrics", async () => {
  await using t = await startTestMonitor({
    env: { STREAM_TICK_MS: "100", STREAM_HEARTBEAT_MS: "200" },
  });
  await using server = serveLocal(t.app.fetch);
  const { token } = await widgetToken(t, { metrics: ["requests", "error_rate"] });
  await using stream = await connectSse(
    `${server.url}/api/stream?window=5m&compare=previous&heartbeat=event&token=${token}`,
    {},
  );
  assert.equal(stream.status, 200);
  assert.equal(stream.contentType, "text/event-stream");
  assert.deepEqual(await stream.next(), { event: "heartbeat", data: '{"every_ms":200}' });
  const first = JSON.parse((await stream.until((m) => m.event === "metrics")).data);
  assert.deepEqual(Object.keys(first).sort(), [
    "error_rate",
    "from",
    "previous",
    "requests",
    "to",
    "window",
  ]);
  assert.deepEqual(first.previous, { requests: 0, error_rate: 0 });
  const posted = await fetch(`${server.url}/v1/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${t.ingestKey}`, "content-type": "application/json" },
    body: JSON.stringify([event(), event({ status: "error" })]),
  });
  assert.equal(posted.status, 202);
  await posted.body?.cancel();
  const update = await stream.until((m) =>
    m.event === "metrics" && JSON.parse(m.data).requests === 2
  );
  assert.equal(JSON.parse(update.data).error_rate, 0.5);
  assert.equal(JSON.parse(update.data).cost_usd, undefined);
  await stream.until((m) => m.event === "heartbeat");
  assert.equal(stream.comments, 0, "heartbeats are events here, not comments");
});

Deno.test("revoking a widget token ends its open streams at the next heartbeat", async () => {
  await using t = await startTestMonitor({ env: { STREAM_HEARTBEAT_MS: "100" } });
  await using server = serveLocal(t.app.fetch);
  const { id, token } = await widgetToken(t, {});
  const stream = await connectSse(`${server.url}/api/stream?token=${token}`, {});
  await stream.until((m) => m.event === "metrics");
  await waitFor(() => t.monitor.deps.hub.size.subscribers === 1, "the stream to subscribe");
  const revoked = await t.admin("DELETE", `/api/widget-tokens/${id}`);
  assert.equal(revoked.status, 200);
  await revoked.body?.cancel();
  await waitFor(() => t.monitor.deps.hub.size.subscribers === 0, "the revoked stream to end");
  await assert.rejects(() => stream.next(10_000), /stream closed/);
  await stream.close();
});
