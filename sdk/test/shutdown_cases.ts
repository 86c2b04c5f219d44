// shutdown() when the monitor cannot answer: it resolves by its deadline with the final counts,
// aborts the request in flight, stops retrying and releases flush() (issue 16). Runtime-neutral
// (see cases.ts); node_suite.mjs adds that a Node program ends by itself within the deadline.
import assert from "node:assert/strict";
import type { MonitorError, MonitorStats } from "../mod.ts";
import type { Case } from "./_case.ts";

export const shutdownCases: Case[] = [];
const test = (name: string, fn: Case["fn"]) => shutdownCases.push({ name, fn });

/** Awaits promise, failing (instead of hanging the suite) when it is still pending after ms. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} still pending after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function timed<T>(promise: Promise<T>): Promise<{ value: T; tookMs: number }> {
  const startedMs = performance.now();
  const value = await promise;
  return { value, tookMs: performance.now() - startedMs };
}

const stats = (fields: Partial<MonitorStats>): MonitorStats => ({
  sent: 0,
  dropped: 0,
  failed: 0,
  queued: 0,
  retries: 0,
  ...fields,
});

test("shutdown() against a server that never answers resolves at shutdownTimeoutMs with what it dropped", async (h) => {
  const hole = await h.startBlackHole();
  const errors: MonitorError[] = [];
  const monitor = h.createMonitor({
    endpoint: hole.url,
    apiKey: "k",
    shutdownTimeoutMs: 300,
    flushOnExit: false,
    onError: (e) => errors.push(e),
  });
  try {
    monitor.track({ model: "a" });
    const { value, tookMs } = await timed(within(monitor.shutdown(), 5_000, "shutdown()"));
    assert.ok(tookMs >= 290 && tookMs < 1_500, `shutdown took ${tookMs} ms`);
    assert.deepEqual(value, stats({ dropped: 1 }));
    assert.deepEqual(monitor.stats(), value);
    assert.ok(hole.connections() >= 1, "the batch reached the server");
    assert.deepEqual(errors.map((e) => [e.kind, e.events, e.message]), [
      ["dropped", 1, "shutdown timed out; 1 unsent events dropped"],
    ]);
  } finally {
    await monitor.shutdown({ timeoutMs: 0 });
    await hole.close();
  }
});

test("shutdown() against a port nobody listens on stops retrying at its deadline", async (h) => {
  const port = await h.freePort();
  const monitor = h.createMonitor({
    endpoint: `http://127.0.0.1:${port}`,
    apiKey: "k",
    retryBaseMs: 10,
    retryMaxMs: 20,
    maxRetries: 1_000,
    shutdownTimeoutMs: 300,
    flushOnExit: false,
    onError: () => {},
  });
  monitor.track({ model: "a" });
  monitor.track({ model: "b" });
  const { value, tookMs } = await timed(within(monitor.shutdown(), 5_000, "shutdown()"));
  assert.ok(tookMs >= 290 && tookMs < 1_500, `shutdown took ${tookMs} ms`);
  assert.deepEqual({ ...value, retries: 0 }, stats({ dropped: 2 }));
  assert.ok(value.retries >= 1, `retried ${value.retries} times before the deadline`);
  await new Promise((resolve) => setTimeout(resolve, 150));
  assert.deepEqual(monitor.stats(), value, "no retries after shutdown resolved");
});

test("shutdown() gives up on a fetch that ignores its abort signal, and releases flush()", async (h) => {
  const signals: (AbortSignal | null | undefined)[] = [];
  const monitor = h.createMonitor({
    endpoint: "http://127.0.0.1:9",
    apiKey: "k",
    flushOnExit: false,
    onError: () => {},
    fetch: (_url, init) => {
      signals.push(init?.signal);
      return new Promise<Response>(() => {}); // never settles, whatever its signal says
    },
  });
  monitor.track({ model: "a" });
  monitor.track({ model: "b" });
  const flushed = monitor.flush();
  const { value, tookMs } = await timed(
    within(monitor.shutdown({ timeoutMs: 200 }), 3_000, "shutdown()"),
  );
  assert.ok(tookMs >= 190 && tookMs < 1_500, `shutdown took ${tookMs} ms`);
  assert.deepEqual(value, stats({ dropped: 2 }));
  assert.equal(signals.length, 1);
  assert.equal(signals[0]?.aborted, true, "the request was aborted at the deadline");
  await within(flushed, 1_000, "flush() begun before shutdown()");
});

test("shutdown() resolves at once with the final counts when nothing is left to send", async (h) => {
  const ingest = await h.startIngest();
  const monitor = h.createMonitor({ endpoint: ingest.url, apiKey: "k", flushOnExit: false });
  try {
    monitor.track({ model: "a" });
    await monitor.flush();
    assert.deepEqual(await monitor.shutdown(), stats({ sent: 1 }));
    assert.deepEqual(await monitor.shutdown(), stats({ sent: 1 }), "a second call: the same");
    const off = h.createMonitor({ endpoint: ingest.url, apiKey: "k", enabled: false });
    assert.deepEqual(await off.shutdown(), stats({}));
  } finally {
    await ingest.close();
  }
});
