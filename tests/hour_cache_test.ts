// The settled-hours cache: a long window answers as if read whole, and a late event shows at once.
// (Re-pricing through the cache is covered by tests/cost_test.ts.)
import assert from "node:assert/strict";
import { currentMetrics } from "../lib/metrics/live_metrics.ts";
import { startTestMonitor, storedEvent } from "./_fixtures.ts";

const NOW = Date.parse("2026-11-23T12:34:56.789Z");
const HOUR = 3_600_000;

Deno.test("HourCache.aggregate() answers like a whole read and sees late events through the flusher", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  await t.monitor.deps.store.insertEvents(
    Array.from({ length: 48 }, (_, i) =>
      storedEvent({
        project_id: t.projectId,
        ts: NOW - i * HOUR - 1000,
        cost_usd: 1,
        latency_ms: 100 + i,
      })),
  );
  const q = {
    projectId: t.projectId,
    window: "24h" as const,
    from: NOW - 24 * HOUR,
    to: NOW,
    filters: {},
  };
  const whole = await currentMetrics(
    { store: t.monitor.deps.store, buffer: t.monitor.deps.buffer },
    q,
  );
  const cached = await currentMetrics(t.monitor.deps, q);
  const again = await currentMetrics(t.monitor.deps, q);
  for (const name of ["requests", "cost_usd", "p95_latency_ms", "avg_latency_ms"] as const) {
    assert.equal(cached[name], whole[name], name);
    assert.equal(again[name], whole[name], name);
  }
  assert.equal(whole.requests, 24);

  // A late event (ten hours old) arrives through ingest and the flusher.
  const posted = await t.post([{ model: "gpt-4o", timestamp: NOW - 10 * HOUR, cost_usd: 5 }]);
  await posted.body?.cancel();
  await t.monitor.deps.flusher.drain();
  const after = await currentMetrics(t.monitor.deps, q);
  assert.equal(after.requests, 25);
  assert.equal(after.cost_usd, 29);
});
