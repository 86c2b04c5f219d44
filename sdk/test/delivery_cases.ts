// Delivery: retries with backoff and Retry-After, network errors, 413 splits, 400 and 202
// rejections, refusals that are not retried. Runtime-neutral (see cases.ts).
import assert from "node:assert/strict";
import type { MonitorError } from "../mod.ts";
import { type Case, models, open, waitFor } from "./_case.ts";
import { accepted, type FakeIngest } from "./harness.ts";

export const deliveryCases: Case[] = [];
const test = (name: string, fn: Case["fn"]) => deliveryCases.push({ name, fn });

test("flush() retries a 503 no sooner than its Retry-After", async (h) => {
  const t = await open(
    h,
    {},
    (r, attempt) =>
      attempt === 1
        ? { status: 503, headers: { "retry-after": "1" }, body: { error: "buffer full" } }
        : accepted(r),
  );
  try {
    t.monitor.track({ model: "a" });
    await t.monitor.flush();
    const [first, second] = t.ingest.requests;
    assert.equal(t.ingest.requests.length, 2);
    assert.ok(second!.atMs - first!.atMs >= 950, `retried after ${second!.atMs - first!.atMs} ms`);
    assert.equal(second!.events[0]!.id, first!.events[0]!.id, "the same event id on retry");
    assert.deepEqual(t.monitor.stats(), { sent: 1, dropped: 0, failed: 0, queued: 0, retries: 1 });
  } finally {
    await t.close();
  }
});

test("flush() retries 429 and 500 with backoff, then gives up after maxRetries", async (h) => {
  const t = await open(
    h,
    { maxRetries: 3, retryBaseMs: 20 },
    (_r, attempt) => ({ status: attempt % 2 ? 429 : 500, body: { error: "busy" } }),
  );
  try {
    t.monitor.track({ model: "a" });
    await t.monitor.flush();
    assert.equal(t.ingest.requests.length, 4);
    assert.deepEqual(t.monitor.stats(), { sent: 0, dropped: 0, failed: 1, queued: 0, retries: 3 });
    assert.equal(t.errors.length, 1);
    assert.equal(t.errors[0]!.kind, "undeliverable");
    assert.equal(t.errors[0]!.status, 500);
    assert.match(t.errors[0]!.message, /gave up after 4 tries; last: 500: busy/);
  } finally {
    await t.close();
  }
});

test("flush() retries network errors until the monitor is back", async (h) => {
  const port = await h.freePort();
  const errors: MonitorError[] = [];
  const monitor = h.createMonitor({
    endpoint: `http://127.0.0.1:${port}`,
    apiKey: "k",
    retryBaseMs: 50,
    retryMaxMs: 100,
    maxRetries: 50,
    flushOnExit: false,
    onError: (e) => errors.push(e),
  });
  let ingest: FakeIngest | undefined;
  try {
    monitor.track({ model: "a" });
    const flushed = monitor.flush();
    await waitFor(() => monitor.stats().retries >= 2, "two failed tries");
    ingest = await h.startIngest(accepted, port);
    await flushed;
    assert.equal(ingest.requests.length, 1);
    assert.equal(monitor.stats().sent, 1);
    assert.deepEqual(errors, []);
  } finally {
    await monitor.shutdown({ timeoutMs: 500 });
    await ingest?.close();
  }
});

test("a 413 batch is split in halves until the parts fit", async (h) => {
  const t = await open(
    h,
    { batchSize: 8 },
    (r) => r.events.length > 2 ? { status: 413, body: { error: "too many events" } } : accepted(r),
  );
  try {
    for (let i = 0; i < 8; i++) t.monitor.track({ model: `m${i}` });
    await t.monitor.flush();
    assert.deepEqual(t.ingest.requests.map((r) => r.events.length), [8, 4, 2, 2, 4, 2, 2]);
    const delivered = t.ingest.requests.filter((r) => r.events.length <= 2).flatMap((r) =>
      r.events
    );
    assert.deepEqual(models(delivered), ["m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7"]);
    assert.deepEqual(t.monitor.stats(), { sent: 8, dropped: 0, failed: 0, queued: 0, retries: 0 });
  } finally {
    await t.close();
  }
});

test("a 400 that lists some events resends the others", async (h) => {
  const t = await open(h, {}, (r) => {
    const bad = r.events.flatMap((e, index) => e.model === "bad" ? [index] : []);
    if (bad.length === 0) return accepted(r);
    const rejected = bad.map((index) => ({ index, errors: ["model: not allowed"] }));
    return { status: 400, body: { error: "no valid events in the batch", rejected } };
  });
  try {
    for (const model of ["ok1", "bad", "ok2"]) t.monitor.track({ model });
    await t.monitor.flush();
    assert.deepEqual(t.ingest.requests.map((r) => models(r.events)), [
      ["ok1", "bad", "ok2"],
      ["ok1", "ok2"],
    ]);
    assert.deepEqual(t.monitor.stats(), { sent: 2, dropped: 0, failed: 1, queued: 0, retries: 0 });
    assert.equal(t.errors[0]!.kind, "refused");
    assert.match(t.errors[0]!.message, /event 1: model: not allowed/);
  } finally {
    await t.close();
  }
});

test("a 202 with rejections counts them as failed and tells onError", async (h) => {
  const t = await open(h, {}, () => ({
    status: 202,
    body: { accepted: 1, rejected: [{ index: 1, errors: ["input_tokens: must be ≥ 0"] }] },
  }));
  try {
    t.monitor.track({ model: "a" });
    t.monitor.track({ model: "b" });
    await t.monitor.flush();
    assert.deepEqual(t.monitor.stats(), { sent: 1, dropped: 0, failed: 1, queued: 0, retries: 0 });
    assert.equal(t.errors[0]!.kind, "rejected");
    assert.equal(t.errors[0]!.events, 1);
    assert.match(t.errors[0]!.message, /event 1: input_tokens: must be ≥ 0/);
  } finally {
    await t.close();
  }
});

test("a 401 is not retried", async (h) => {
  const t = await open(h, {}, () => ({ status: 401, body: { error: "unknown or revoked key" } }));
  try {
    t.monitor.track({ model: "a" });
    await t.monitor.flush();
    assert.equal(t.ingest.requests.length, 1);
    assert.deepEqual(t.monitor.stats(), { sent: 0, dropped: 0, failed: 1, queued: 0, retries: 0 });
    assert.equal(t.errors[0]!.kind, "refused");
    assert.equal(t.errors[0]!.status, 401);
    assert.equal(t.errors[0]!.message, "401: unknown or revoked key");
  } finally {
    await t.close();
  }
});
