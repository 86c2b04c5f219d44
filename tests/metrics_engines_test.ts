// GET /api/metrics/current and /history on every engine, against answers computed from the
// same synthetic events (tests/_metrics_dataset.ts): counts, sums, rates, exact quantiles, filters,
// group_by, window edges.
import assert from "node:assert/strict";
import { ENGINES } from "./_engines.ts";
import { startTestMonitor } from "./_fixtures.ts";
import {
  assertMatches,
  dataset,
  ENDPOINTS,
  expected,
  type Filter,
  get,
  HOUR,
  MODELS,
  NOW,
  select,
} from "./_metrics_dataset.ts";

for (const engine of ENGINES) {
  Deno.test({
    name:
      `[${engine.name}] GET /api/metrics/current matches the events for every window and filter`,
    ignore: engine.ignore,
    fn: async () => {
      await using t = await startTestMonitor({ engine, now: () => NOW });
      const events = dataset(t.projectId);
      for (let i = 0; i < events.length; i += 500) {
        await t.monitor.deps.store.insertEvents(events.slice(i, i + 500));
      }
      const base = `/api/metrics/current?project=${t.projectId}`;
      for (const [window, ms] of [["5m", 300_000], ["1h", HOUR], ["6h", 6 * HOUR]] as const) {
        const body = await get(t, `${base}&window=${window}`);
        assert.equal(body.window, window);
        assert.equal(body.to, new Date(NOW).toISOString());
        assertMatches(body, expected(select(events, NOW - ms, NOW), ms), `window ${window}`);
      }
      // A custom range whose edges fall mid-minute and mid-hour.
      const from = NOW - 2 * HOUR - 754_321;
      const to = NOW - 12_345;
      const custom = await get(
        t,
        `${base}&from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`,
      );
      assert.equal(custom.window, "custom");
      assertMatches(custom, expected(select(events, from, to), to - from), "custom range");

      const filters: Filter[] = [
        { model: ["gpt-4o"] },
        { provider: ["openai", "anthropic"] },
        { endpoint: ["search"], status: ["error"] },
        { application: ["batch"] },
        { user_id: ["user-3"] },
        { user_id: ["user-1", "user-2"], model: ["claude-sonnet-4"] },
      ];
      for (const f of filters) {
        const qs = Object.entries(f).map(([k, v]) => `&${k}=${v!.join(",")}`).join("");
        const body = await get(t, `${base}&window=6h${qs}`);
        assertMatches(
          body,
          expected(select(events, NOW - 6 * HOUR, NOW, f), 6 * HOUR),
          `filter ${qs}`,
        );
      }

      const oneHour = select(events, NOW - HOUR, NOW);
      const body = await get(t, `${base}&window=1h`);
      const models = body.active_models as Array<Record<string, unknown>>;
      assert.deepEqual(
        models.map((m) => [m.model, m.provider, m.requests]),
        MODELS.map((
          [model, provider],
        ) => [model, provider ?? "", oneHour.filter((e) => e.model === model).length])
          .sort((a, b) =>
            (b[2] as number) - (a[2] as number) || String(a[0]).localeCompare(String(b[0]))
          ),
      );
      for (const m of models) {
        const mine = oneHour.filter((e) => e.model === m.model);
        assert.ok(Math.abs((m.share as number) - mine.length / oneHour.length) < 1e-12);
        assertMatches(
          { p95_latency_ms: m.p95_latency_ms, error_rate: m.error_rate, cost_usd: m.cost_usd },
          {
            p95_latency_ms: expected(mine, HOUR).p95_latency_ms,
            error_rate: expected(mine, HOUR).error_rate,
            cost_usd: expected(mine, HOUR).cost_usd,
          },
          `model ${m.model}`,
        );
      }
      const endpoints = body.top_endpoints as Array<Record<string, unknown>>;
      assert.deepEqual(
        endpoints.map((e) => [e.endpoint, e.requests]).sort(),
        ENDPOINTS.map((ep) => [ep, oneHour.filter((e) => e.endpoint === ep).length]).sort(),
      );
    },
  });

  Deno.test({
    name: `[${engine.name}] GET /api/metrics/history buckets by step and groups by model`,
    ignore: engine.ignore,
    fn: async () => {
      await using t = await startTestMonitor({ engine, now: () => NOW });
      const events = dataset(t.projectId);
      await t.monitor.deps.store.insertEvents(events);
      const step = 15 * 60_000;
      const body = await get(
        t,
        `/api/metrics/history?project=${t.projectId}&metric=requests&window=6h&step=15m&group_by=model`,
      );
      assert.equal(body.metric, "requests");
      assert.equal(body.step, "15m");
      const series = body.series as Array<{ key: string; points: Array<[number, number]> }>;
      assert.deepEqual(series.map((s) => s.key).sort(), MODELS.map(([m]) => m).sort());
      const first = Math.floor((NOW - 6 * HOUR) / step) * step;
      for (const s of series) {
        assert.equal(s.points.length, Math.ceil((NOW - first) / step));
        for (const [at, value] of s.points) {
          const want = select(events, Math.max(at, NOW - 6 * HOUR), Math.min(at + step, NOW), {
            model: [s.key],
          });
          assert.equal(value, want.length, `${s.key} at ${new Date(at).toISOString()}`);
        }
      }
      // An hourly step reads the hourly rollups; a latency metric needs the histograms.
      const hourly = await get(
        t,
        `/api/metrics/history?project=${t.projectId}&metric=p95_latency_ms&window=24h&step=1h`,
      );
      const [only] = hourly.series as Array<{ key: string; points: Array<[number, number]> }>;
      assert.equal(only!.key, "all");
      for (const [at, value] of only!.points) {
        const hour = select(events, Math.max(at, NOW - 24 * HOUR), Math.min(at + HOUR, NOW));
        // An hour without requests has no p95: null, not 0 (issue 16).
        if (hour.length === 0) {
          assert.equal(value, null, `hour ${at}`);
          continue;
        }
        const want = expected(hour, HOUR);
        assertMatches(
          { p95_latency_ms: value },
          { p95_latency_ms: want.p95_latency_ms },
          `hour ${at}`,
        );
      }
    },
  });
}
