// The SDK against a real running monitor: retried batches stored once (client ids), the
// monitor's per-event rejections and key refusals reported, nothing else lost.
import assert from "node:assert/strict";
import { createMonitor, type MonitorError } from "../sdk/mod.ts";
import { startSdkSetup } from "./sdk_setup.ts";
import { serveLocal } from "./_server.ts";

Deno.test("a batch the SDK retries after a lost answer is stored once (client-assigned ids)", async () => {
  await using setup = await startSdkSetup();
  // A proxy that delivers every request to the monitor but loses the first answer (503).
  let requests = 0;
  const proxy = serveLocal(async (req) => {
    const answer = await fetch(`${setup.url}/v1/events`, {
      method: "POST",
      headers: req.headers,
      body: await req.arrayBuffer(),
    });
    const body = await answer.text();
    requests++;
    if (requests === 1) return Response.json({ error: "lost" }, { status: 503 });
    return new Response(body, { status: answer.status, headers: answer.headers });
  });
  const sdk = createMonitor({
    endpoint: proxy.url,
    apiKey: setup.t.ingestKey,
    retryBaseMs: 5,
    flushOnExit: false,
  });
  try {
    for (let i = 0; i < 50; i++) sdk.track({ model: "gpt-4o", input_tokens: i, output_tokens: 1 });
    await sdk.flush();
    assert.equal(requests, 2);
    assert.deepEqual(sdk.stats(), { sent: 50, dropped: 0, failed: 0, queued: 0, retries: 1 });
    const events = await setup.events();
    assert.equal(events.length, 50);
    const stats = await setup.t.monitor.deps.store.stats(setup.t.projectId);
    assert.equal(stats.input_tokens, (49 * 50) / 2, "each event counted once in the rollups");
  } finally {
    await sdk.shutdown();
    await proxy.shutdown();
  }
});

Deno.test("events the monitor rejects are reported; the rest of the batch is stored", async () => {
  await using setup = await startSdkSetup();
  setup.sdk.track({ model: "gpt-4o", endpoint: "a" });
  setup.sdk.track({ model: "gpt-4o", timestamp: Date.now() + 3_600_000 });
  setup.sdk.track({ model: "gpt-4o", endpoint: "c", input: "x".repeat(4_000) });
  const events = await setup.events();
  assert.deepEqual(events.map((e) => e.endpoint).sort(), ["a", "c"]);
  assert.deepEqual(setup.sdk.stats(), { sent: 2, dropped: 0, failed: 1, queued: 0, retries: 0 });
  assert.equal(setup.errors.length, 1);
  assert.equal(setup.errors[0]!.kind, "rejected");
  assert.equal(
    setup.errors[0]!.message,
    "1 events rejected; event 1: timestamp: must not be more than 5 minutes in the future",
  );
});

Deno.test("an unknown key is refused once, not retried, and reported with the monitor's reason", async () => {
  await using setup = await startSdkSetup();
  const errors: MonitorError[] = [];
  const sdk = createMonitor({
    endpoint: setup.url,
    apiKey: "not-a-key",
    flushOnExit: false,
    onError: (e) => errors.push(e),
  });
  sdk.track({ model: "gpt-4o" });
  await sdk.shutdown();
  assert.deepEqual(sdk.stats(), { sent: 0, dropped: 0, failed: 1, queued: 0, retries: 0 });
  assert.deepEqual(errors.map((e) => [e.kind, e.status, e.message]), [
    ["refused", 401, "401: unknown or revoked key"],
  ]);
});
