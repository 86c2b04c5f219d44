// The event store on every engine: exactly-once writes, rollups, quantiles, retention, migrations.
import assert from "node:assert/strict";
import { exactQuantile } from "../lib/metrics/histogram.ts";
import { ENGINES, uniqueProject } from "./_engines.ts";
import { storedEvent } from "./_fixtures.ts";

const MINUTE = 60_000;

for (const engine of ENGINES) {
  const test = (name: string, fn: () => Promise<void>) =>
    Deno.test({ name: `[${engine.name}] ${name}`, ignore: engine.ignore, fn });

  test("insertEvents() stores and counts each (project, id) once", async () => {
    await using store = disposable(await engine.open());
    const p = uniqueProject();
    const a = storedEvent({ project_id: p, id: "a", input_tokens: 10 });
    const b = storedEvent({ project_id: p, id: "b", input_tokens: 20 });
    assert.deepEqual(await store.insertEvents([a, b, { ...a }]), { inserted: 2, duplicates: 1 });
    // A retry of the same ids, one with another timestamp, changes nothing.
    assert.deepEqual(await store.insertEvents([{ ...a, ts: a.ts - 3 * MINUTE }, b]), {
      inserted: 0,
      duplicates: 2,
    });
    // The same id in another project is another event.
    const other = uniqueProject();
    assert.deepEqual(await store.insertEvents([{ ...a, project_id: other }]), {
      inserted: 1,
      duplicates: 0,
    });
    assert.deepEqual(await store.listEventIds(p), ["a", "b"]);
    assert.deepEqual(await store.stats(p), {
      events: 2,
      requests_rolled_up_1m: 2,
      requests_rolled_up_1h: 2,
      input_tokens: 30,
      output_tokens: 100,
    });
  });

  test("summary() matches sums, error counts and exact quantiles of the events", async () => {
    await using store = disposable(await engine.open());
    const p = uniqueProject();
    const start = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
    const latencies: number[] = [];
    const events = Array.from({ length: 600 }, (_, i) => {
      const latency = 50 + ((i * 7919) % 997) * 3.1 + (i % 50 === 0 ? 20_000 : 0);
      latencies.push(latency);
      return storedEvent({
        project_id: p,
        ts: start + (i % 60) * MINUTE + i,
        model: i % 3 === 0 ? "claude-sonnet-4" : "gpt-4o",
        status: i % 10 === 0 ? "error" : i % 25 === 0 ? "timeout" : "success",
        input_tokens: i,
        output_tokens: 2 * i,
        cost_usd: 0.001,
        latency_ms: latency,
      });
    });
    // Written in several flushes, as the flusher would.
    for (let i = 0; i < events.length; i += 170) await store.insertEvents(events.slice(i, i + 170));
    const s = await store.summary(p, start, start + 3_600_000);
    assert.equal(s.requests, 600);
    assert.equal(s.errors, 60);
    assert.equal(s.timeouts, events.filter((e) => e.status === "timeout").length);
    assert.equal(s.input_tokens, (599 * 600) / 2);
    assert.equal(s.output_tokens, 599 * 600);
    assert.ok(Math.abs(s.cost_usd - 0.6) < 1e-9);
    const avg = latencies.reduce((x, y) => x + y, 0) / latencies.length;
    assert.ok(Math.abs(s.avg_latency_ms - avg) < 1e-6);
    for (
      const [q, got] of [[0.5, s.p50_latency_ms], [0.95, s.p95_latency_ms], [
        0.99,
        s.p99_latency_ms,
      ]]
    ) {
      const exact = exactQuantile(latencies, q!);
      assert.ok(Math.abs(got! - exact) / exact <= 0.02, `p${q! * 100}: ${got} vs exact ${exact}`);
    }
    // A window edge: the half-open range excludes the next minute's events.
    const firstMinute = await store.summary(p, start, start + MINUTE);
    assert.equal(firstMinute.requests, 10);
  });

  test("summary() of an empty window is zeros, not nulls", async () => {
    await using store = disposable(await engine.open());
    const s = await store.summary(uniqueProject(), 0, Date.now());
    assert.deepEqual(Object.values(s), Array(Object.keys(s).length).fill(0));
  });

  test("enforceRetention() removes events and rollups older than the configured days", async () => {
    await using store = disposable(await engine.open());
    const p = uniqueProject();
    const now = Date.now();
    const day = 86_400_000;
    await store.insertEvents([
      storedEvent({ project_id: p, id: "old", ts: now - 40 * day }),
      storedEvent({ project_id: p, id: "older-rollup", ts: now - 500 * day }),
      storedEvent({ project_id: p, id: "new", ts: now - day }),
    ]);
    await store.enforceRetention(now, { events: 30, rollups: 400 });
    assert.deepEqual(await store.listEventIds(p), ["new"]);
    const stats = await store.stats(p);
    assert.equal(stats.requests_rolled_up_1m, 1, "minute rollups keep 48 hours");
    assert.equal(stats.requests_rolled_up_1h, 2, "hour rollups keep 400 days");
  });

  test("migrate() is idempotent and reports the engine", async () => {
    await using store = disposable(await engine.open());
    assert.deepEqual((await store.migrate()).applied, []);
    const info = await store.info();
    assert.equal(info.timescale, engine.name === "timescaledb");
    assert.match(info.server_version, /^\d+/);
    if (info.timescale) {
      const policies = ["policy_compression", "policy_retention"];
      assert.deepEqual(info.hypertables, [
        { table: "events", policies },
        { table: "rollup_1d", policies },
        { table: "rollup_1h", policies },
        { table: "rollup_1m", policies },
      ]);
    }
  });
}

function disposable<T extends { close(): Promise<void> }>(store: T): T & AsyncDisposable {
  return Object.assign(store, { [Symbol.asyncDispose]: () => store.close() });
}
