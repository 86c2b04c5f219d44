// Totals are exact at every moment: while flushes move events from the KV buffer to the database,
// a read never counts an event twice (above what was sent) nor misses one already acknowledged.
import assert from "node:assert/strict";
import { breakdownMetrics, currentMetrics, historyMetrics } from "../lib/metrics/live_metrics.ts";
import type { MetricsQuery } from "../lib/metrics/query.ts";
import { ENGINES } from "./_engines.ts";
import { startTestMonitor } from "./_fixtures.ts";

const HOUR = 3_600_000;
const BATCH = 250;
const BATCHES = 24;

for (const engine of ENGINES) {
  Deno.test({
    name: `[${engine.name}] live totals stay between acknowledged and sent during flushes`,
    ignore: engine.ignore,
    async fn() {
      await using t = await startTestMonitor({ engine, env: { FLUSH_BATCH_SIZE: "700" } });
      const deps = t.monitor.deps;
      const now = Date.now();
      let sent = 0;
      let acknowledged = 0;
      const ids: string[] = [];
      const post = async (events: Array<Record<string, unknown>>, fresh: boolean) => {
        if (fresh) sent += events.length;
        const response = await t.post(events);
        assert.equal(response.status, 202, await response.clone().text());
        await response.body?.cancel();
        if (fresh) acknowledged += events.length;
      };
      const batch = (n: number) =>
        Array.from({ length: BATCH }, (_, i) => {
          const id = `e-${n}-${i}`;
          ids.push(id);
          // Spread over 20 hours: the 24h read uses the settled-hours cache; old ones bump epochs.
          return { id, model: `m${i % 3}`, timestamp: now - ((n * BATCH + i) % 20) * HOUR - 1000 };
        });
      const q = (): MetricsQuery => ({
        projectId: t.projectId,
        window: "24h",
        from: Date.now() - 24 * HOUR,
        to: Date.now() + 1000,
        filters: {},
      });

      let reads = 0;
      let done = false;
      const check = (what: string, value: number, low: number, high: number) => {
        assert.ok(value <= high, `${what} read ${value}, above the ${high} events sent`);
        assert.ok(value >= low, `${what} read ${value}, below the ${low} acknowledged`);
      };
      const reader = (async () => {
        while (!done) {
          const low = acknowledged;
          const query = q();
          const [current, history, breakdown] = await Promise.all([
            currentMetrics(deps, query),
            historyMetrics(deps, { ...query, metric: "requests", stepMs: HOUR, groupBy: null }),
            breakdownMetrics(deps, query, "model", { sort: "requests", limit: 10 }),
          ]);
          const high = sent;
          check("current", current.requests, low, high);
          check(
            "history",
            history.series[0]!.points.reduce((s, [, v]) => s + (v ?? 0), 0),
            low,
            high,
          );
          check("breakdown", breakdown.rows.reduce((s, r) => s + r.requests, 0), low, high);
          reads++;
        }
      })();
      reader.catch(() => done = true); // stops the writers; the failure is rethrown below
      const flusher = (async () => {
        while (!done) {
          if ((await deps.flusher.flushOnce()) === 0) await new Promise((r) => setTimeout(r, 1));
        }
      })();
      try {
        for (let n = 0; n < BATCHES; n++) {
          await post(batch(n), true);
          // Client retries of events already sent (some stored, some still buffered).
          if (n % 4 === 3) await post(ids.slice(-2 * BATCH, -BATCH).map(retryOf(now)), false);
        }
        await deps.flusher.drain();
      } finally {
        done = true;
        await Promise.all([reader, flusher]);
      }
      assert.ok(reads > 5, `only ${reads} reads ran during the flushes`);
      assert.equal((await currentMetrics(deps, q())).requests, BATCH * BATCHES);
      assert.equal(await deps.buffer.size(), 0);
    },
  });
}

/** A retry of an event: same id and model, the timestamp the client sent the first time. */
function retryOf(now: number) {
  return (id: string) => {
    const [, n, i] = id.split("-").map(Number);
    return { id, model: `m${i! % 3}`, timestamp: now - ((n! * BATCH + i!) % 20) * HOUR - 1000 };
  };
}
