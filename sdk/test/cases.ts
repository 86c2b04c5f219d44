// The SDK's behaviour suite, runtime-neutral: run by Deno (core_test.ts, on the source) and by
// Node (node_suite.mjs, on the built bundle) against a real fake-ingest server on 127.0.0.1.
import assert from "node:assert/strict";
import type { Monitor, MonitorError, MonitorOptions } from "../mod.ts";
import { accepted, type FakeIngest, type Harness, type Reply } from "./harness.ts";

export interface Case {
  name: string;
  fn: (h: Harness) => Promise<void>;
}

export const cases: Case[] = [];
const test = (name: string, fn: Case["fn"]) => cases.push({ name, fn });

/** Polls until check() holds or the deadline passes. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface Setup {
  ingest: FakeIngest;
  monitor: Monitor;
  errors: MonitorError[];
  close(): Promise<void>;
}

async function open(
  h: Harness,
  options: Partial<MonitorOptions> = {},
  reply: Reply = accepted,
): Promise<Setup> {
  const ingest = await h.startIngest(reply);
  const errors: MonitorError[] = [];
  const monitor = h.createMonitor({
    endpoint: ingest.url,
    apiKey: "key-1",
    flushIntervalMs: 60_000,
    retryBaseMs: 5,
    flushOnExit: false,
    onError: (e) => errors.push(e),
    ...options,
  });
  return {
    ingest,
    monitor,
    errors,
    close: async () => {
      await monitor.shutdown({ timeoutMs: 1_000 });
      await ingest.close();
    },
  };
}

const models = (events: Record<string, unknown>[]) => events.map((e) => e.model);

test("track() sends a batch as soon as batchSize events are queued", async (h) => {
  const t = await open(h, { batchSize: 3 });
  try {
    for (const model of ["a", "b", "c", "d"]) t.monitor.track({ model });
    await waitFor(() => t.monitor.stats().sent === 3, "the first batch");
    assert.equal(t.ingest.requests.length, 1);
    assert.deepEqual(models(t.ingest.requests[0]!.events), ["a", "b", "c"]);
    assert.equal(t.ingest.requests[0]!.headers.authorization, "Bearer key-1");
    assert.equal(t.ingest.requests[0]!.headers["content-type"], "application/json");
    assert.deepEqual(t.monitor.stats(), { sent: 3, dropped: 0, failed: 0, queued: 1, retries: 0 });
  } finally {
    await t.close();
  }
});

test("track() sends what is queued once flushIntervalMs has passed", async (h) => {
  const t = await open(h, { flushIntervalMs: 50 });
  try {
    const startedMs = performance.now();
    t.monitor.track({ model: "a" });
    t.monitor.track({ model: "b" });
    await waitFor(() => t.ingest.requests.length === 1, "the timed batch");
    assert.ok(performance.now() - startedMs >= 45, "not before the interval");
    assert.deepEqual(models(t.ingest.requests[0]!.events), ["a", "b"]);
  } finally {
    await t.close();
  }
});

test("track() sets id and timestamp and merges context, the call's fields winning", async (h) => {
  const t = await open(h, {
    context: { endpoint: "search", application: "web", metadata: { team: "x", tier: 1 } },
  });
  try {
    const before = Date.now();
    const scoped = t.monitor.withContext({ user_id: "u1", metadata: { tier: 2 } });
    const id = scoped.track({ model: "m", endpoint: "chat", metadata: { flag: true } });
    await t.monitor.flush();
    const [event] = t.ingest.requests[0]!.events;
    assert.equal(typeof id, "string");
    assert.equal(event!.id, id);
    assert.match(id!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.ok((event!.timestamp as number) >= before && (event!.timestamp as number) <= Date.now());
    assert.deepEqual({ ...event, id: undefined, timestamp: undefined }, {
      id: undefined,
      timestamp: undefined,
      model: "m",
      endpoint: "chat",
      application: "web",
      user_id: "u1",
      metadata: { team: "x", tier: 2, flag: true },
    });
  } finally {
    await t.close();
  }
});

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

test("bodies over 1 KiB are sent gzipped", async (h) => {
  const t = await open(h);
  try {
    t.monitor.track({ model: "a", input: "x".repeat(5_000) });
    t.monitor.track({ model: "b" });
    await t.monitor.flush();
    assert.equal(t.ingest.requests[0]!.headers["content-encoding"], "gzip");
    assert.equal((t.ingest.requests[0]!.events[0]!.input as string).length, 5_000);
  } finally {
    await t.close();
  }
});

test("track() never throws and an unserialisable event fails alone", async (h) => {
  const t = await open(h);
  try {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    t.monitor.track({ model: "a" });
    t.monitor.track({ model: "b", metadata: cyclic as never });
    t.monitor.track(null as never);
    t.monitor.track({ model: "c" });
    await t.monitor.flush();
    assert.deepEqual(models(t.ingest.requests[0]!.events), ["a", "c"]);
    assert.equal(t.monitor.stats().failed, 2);
  } finally {
    await t.close();
  }
});

test("track() costs microseconds, not a network round trip", async (h) => {
  const t = await open(h, { batchSize: 1_000, maxQueueSize: 100_000 });
  try {
    const startedMs = performance.now();
    for (let i = 0; i < 10_000; i++) t.monitor.track({ model: "a", input_tokens: i });
    const perCallUs = (performance.now() - startedMs) * 1000 / 10_000;
    assert.ok(perCallUs < 100, `track() took ${perCallUs.toFixed(1)} µs per call`);
  } finally {
    await t.close();
  }
});

test("beforeSend changes or drops events; enabled: false records nothing", async (h) => {
  const t = await open(h, {
    beforeSend: (e) => e.model === "secret" ? null : { ...e, application: "rewritten" },
  });
  const off = h.createMonitor({ endpoint: t.ingest.url, apiKey: "k", enabled: false });
  try {
    assert.equal(t.monitor.track({ model: "secret" }), null);
    t.monitor.track({ model: "a" });
    assert.equal(off.track({ model: "b" }), null);
    await off.flush();
    await t.monitor.flush();
    assert.equal(t.ingest.requests.length, 1);
    assert.deepEqual(t.ingest.requests[0]!.events.map((e) => [e.model, e.application]), [
      ["a", "rewritten"],
    ]);
    assert.deepEqual(off.stats(), { sent: 0, dropped: 0, failed: 0, queued: 0, retries: 0 });
  } finally {
    await off.shutdown();
    await t.close();
  }
});
