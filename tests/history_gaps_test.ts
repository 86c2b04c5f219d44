// GET /api/metrics/history on every engine: a step without requests has no value (null) for the
// metrics that are averages, ratios or percentiles, and 0 for counts and sums (issue 16).
import assert from "node:assert/strict";
import { ENGINES } from "./_engines.ts";
import { startTestMonitor, storedEvent, type TestMonitor } from "./_fixtures.ts";
import { assertMatches, expected, get } from "./_metrics_dataset.ts";
import type { StoredEvent } from "../lib/ingest/event.ts";

const MINUTE = 60_000;
const NOW = Date.parse("2026-11-23T12:30:30.000Z");
const FIRST = NOW - 30 * MINUTE - 30_000; // 12:00:00, the first step of a 30m range
/** Minutes (from FIRST) that have requests; every other minute of the range has none. */
const BUSY = [3, 4, 11, 20, 27];

function events(projectId: string): StoredEvent[] {
  return BUSY.flatMap((m) =>
    Array.from({ length: 2 + (m % 3) }, (_, i) =>
      storedEvent({
        project_id: projectId,
        ts: FIRST + m * MINUTE + 1_000 + i * 7_000,
        latency_ms: 200 + 150 * i + 10 * m,
        time_to_first_token_ms: i === 0 ? 40 + m : null,
        status: i === 1 ? "error" : "success",
        cost_usd: 0.002 * (i + 1),
      }))
  );
}

type Points = Array<[number, number | null]>;

function historyPath(t: TestMonitor, metric: string): string {
  return `/api/metrics/history?project=${t.projectId}&metric=${metric}&from=${
    new Date(FIRST).toISOString()
  }&to=${new Date(NOW).toISOString()}&step=1m`;
}

async function points(t: TestMonitor, metric: string): Promise<Points> {
  const body = await get(t, historyPath(t, metric));
  const series = body.series as Array<{ key: string; points: Points }>;
  assert.equal(series.length, 1);
  return series[0]!.points;
}

for (const engine of ENGINES) {
  Deno.test({
    name:
      `[${engine.name}] GET /api/metrics/history: p95 and other averages are null without requests`,
    ignore: engine.ignore,
    fn: async () => {
      await using t = await startTestMonitor({ engine, now: () => NOW });
      const all = events(t.projectId);
      await t.monitor.deps.store.insertEvents(all);
      const inMinute = (at: number) => all.filter((e) => e.ts >= at && e.ts < at + MINUTE);

      const p95 = await points(t, "p95_latency_ms");
      assert.equal(p95.length, 31, "one point per minute of 12:00–12:30:30");
      for (const [at, value] of p95) {
        const minute = (at - FIRST) / MINUTE;
        if (!BUSY.includes(minute)) {
          assert.equal(value, null, `minute ${minute}: no requests, no p95`);
          continue;
        }
        const want = expected(inMinute(at), MINUTE);
        assertMatches({ p95_latency_ms: value }, { p95_latency_ms: want.p95_latency_ms }, `${at}`);
      }

      // Averages and ratios are exact where present, null elsewhere.
      const exact: Record<string, (es: StoredEvent[]) => number> = {
        avg_latency_ms: (es) => es.reduce((s, e) => s + e.latency_ms!, 0) / es.length,
        error_rate: (es) => es.filter((e) => e.status === "error").length / es.length,
        cost_per_request: (es) => es.reduce((s, e) => s + e.cost_usd!, 0) / es.length,
        avg_time_to_first_token_ms: (es) => 40 + (es[0]!.ts - FIRST - 1_000) / MINUTE,
      };
      for (const [metric, want] of Object.entries(exact)) {
        for (const [at, value] of await points(t, metric)) {
          const es = inMinute(at);
          if (es.length === 0) assert.equal(value, null, `${metric} at minute ${at - FIRST}`);
          else assert.ok(Math.abs(value! - want(es)) < 1e-9, `${metric} ${value} vs ${want(es)}`);
        }
      }

      // Counts and sums stay 0 where nothing happened.
      for (const metric of ["requests", "errors", "cost_usd", "requests_per_minute"]) {
        const series = await points(t, metric);
        assert.ok(series.every(([, v]) => typeof v === "number"), `${metric} has no nulls`);
        assert.deepEqual(
          series.filter(([, v]) => v === 0).map(([at]) => (at - FIRST) / MINUTE),
          Array.from({ length: 31 }, (_, m) => m).filter((m) => !BUSY.includes(m)),
          `${metric}: 0 exactly in the empty minutes`,
        );
      }
    },
  });
}

Deno.test("GET /api/metrics/history: each series of a group_by has its own gaps", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  const ev = (model: string, m: number, latency_ms: number) =>
    storedEvent({ project_id: t.projectId, model, ts: FIRST + m * MINUTE + 5_000, latency_ms });
  await t.monitor.deps.store.insertEvents([ev("a", 2, 300), ev("b", 5, 900)]);
  const body = await get(t, `${historyPath(t, "avg_latency_ms")}&group_by=model`);
  const series = body.series as Array<{ key: string; points: Points }>;
  const present = (key: string) =>
    series.find((s) => s.key === key)!.points.flatMap(([at, v]) =>
      v === null ? [] : [[(at - FIRST) / MINUTE, v]]
    );
  assert.deepEqual(present("a"), [[2, 300]]);
  assert.deepEqual(present("b"), [[5, 900]]);
});
