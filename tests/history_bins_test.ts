// History reads latency histograms only for percentile metrics: the sums are the same either way,
// and the percentiles still come out of the bins.
import assert from "node:assert/strict";
import { historyMetricsMany } from "../lib/metrics/history_many.ts";
import { ENGINES } from "./_engines.ts";
import { storedEvent } from "./_fixtures.ts";

const HOUR = 3_600_000;

Deno.test("history without percentiles skips the bins, with the same sums", async () => {
  const store = await ENGINES[0]!.open();
  try {
    const now = Math.floor(Date.now() / HOUR) * HOUR;
    const events = Array.from({ length: 300 }, (_, i) =>
      storedEvent({
        project_id: "bins",
        id: `e${i}`,
        ts: now - (i % 6) * HOUR - 60_000,
        model: i % 2 ? "a" : "b",
        latency_ms: 100 + i,
      }));
    await store.insertEvents(events);
    const q = {
      projectId: "bins",
      window: "6h" as const,
      from: now - 6 * HOUR,
      to: now,
      filters: {},
    };
    const sums = await store.liveHistory(q, HOUR, "model", [], false);
    const full = await store.liveHistory(q, HOUR, "model", [], true);
    const strip = (rows: typeof full.rows) =>
      rows.map(({ bins: _, ...r }) => r).sort((x, y) => x.at - y.at || x.key.localeCompare(y.key));
    assert.deepEqual(strip(sums.rows), strip(full.rows));
    assert.ok(sums.rows.every((r) => r.bins.length === 0));
    assert.ok(full.rows.every((r) => r.bins.length > 0));

    // A page asking for requests by model and p95 in total still gets the percentiles.
    const [requests, p95] = await historyMetricsMany({ store }, q, [
      { metric: "requests", group_by: "model" },
      { metric: "p95_latency_ms", group_by: null },
    ], []);
    const total = (r: typeof requests) =>
      r!.series.flatMap((s) => s.points).reduce((n, [, v]) => n + (v ?? 0), 0);
    assert.equal(total(requests), 300);
    const values = p95!.series[0]!.points.map(([, v]) => v).filter((v) => v !== null);
    assert.equal(values.length, 6, JSON.stringify(p95));
    assert.ok(values.every((v) => v! > 100), JSON.stringify(p95));
  } finally {
    await store.close();
  }
});
