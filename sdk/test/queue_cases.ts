// The bounded queue and shutdown(): the oldest events dropped when full, memory bounded while the
// monitor fails, what shutdown() sends and what it gives up. Runtime-neutral (see cases.ts).
import assert from "node:assert/strict";
import { type Case, models, open, waitFor } from "./_case.ts";

export const queueCases: Case[] = [];
const test = (name: string, fn: Case["fn"]) => queueCases.push({ name, fn });

test("a full queue drops the oldest events, counts them and warns once", async (h) => {
  const t = await open(h, { maxQueueSize: 5 });
  try {
    for (let i = 0; i < 8; i++) t.monitor.track({ model: `m${i}` });
    assert.deepEqual(t.monitor.stats(), { sent: 0, dropped: 3, failed: 0, queued: 5, retries: 0 });
    await t.monitor.flush();
    assert.deepEqual(models(t.ingest.requests[0]!.events), ["m3", "m4", "m5", "m6", "m7"]);
    assert.deepEqual(t.errors.map((e) => e.kind), ["dropped"]);
  } finally {
    await t.close();
  }
});

test("while the monitor keeps failing, memory stays bounded by maxQueueSize", async (h) => {
  const t = await open(
    h,
    { batchSize: 2, maxQueueSize: 3, maxRetries: 1_000, retryMaxMs: 20 },
    () => ({ status: 503, body: { error: "down" } }),
  );
  try {
    for (let i = 0; i < 2; i++) t.monitor.track({ model: `m${i}` });
    await waitFor(() => t.monitor.stats().retries >= 1, "the first batch to be retrying");
    for (let i = 2; i < 9; i++) t.monitor.track({ model: `m${i}` });
    assert.deepEqual(t.monitor.stats().queued, 5, "the batch in flight and a full queue");
    assert.equal(t.monitor.stats().dropped, 4);
    await t.monitor.shutdown({ timeoutMs: 50 });
  } finally {
    await t.close();
  }
});

test("shutdown() sends what is queued, then drops later events", async (h) => {
  const t = await open(h);
  try {
    for (const model of ["a", "b", "c"]) t.monitor.track({ model });
    await t.monitor.shutdown();
    assert.deepEqual(models(t.ingest.requests[0]!.events), ["a", "b", "c"]);
    t.monitor.track({ model: "late" });
    assert.deepEqual(t.monitor.stats(), { sent: 3, dropped: 1, failed: 0, queued: 0, retries: 0 });
  } finally {
    await t.close();
  }
});

test("shutdown() gives up at its timeout and counts what is left as dropped", async (h) => {
  const t = await open(h, { maxRetries: 100 }, () => ({
    status: 503,
    headers: { "retry-after": "10" },
    body: { error: "down" },
  }));
  try {
    for (const model of ["a", "b", "c"]) t.monitor.track({ model });
    const startedMs = performance.now();
    await t.monitor.shutdown({ timeoutMs: 200 });
    const tookMs = performance.now() - startedMs;
    assert.ok(tookMs >= 190 && tookMs < 2_000, `shutdown took ${tookMs} ms`);
    assert.deepEqual(t.monitor.stats(), { sent: 0, dropped: 3, failed: 0, queued: 0, retries: 1 });
  } finally {
    await t.close();
  }
});
