// track() and what it queues: batching by size and time, ids, timestamps and context, gzip,
// unserialisable events, its cost, beforeSend and enabled: false. Runtime-neutral (see cases.ts).
import assert from "node:assert/strict";
import { type Case, models, open, waitFor } from "./_case.ts";

export const trackCases: Case[] = [];
const test = (name: string, fn: Case["fn"]) => trackCases.push({ name, fn });

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
