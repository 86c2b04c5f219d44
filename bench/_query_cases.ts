// The queries the benchmark times: the dashboard's current numbers and history through
// lib/metrics/live_metrics.ts (rollups + raw edges + the KV buffer, as GET /api/metrics/* runs them),
// and, as a reference, one exact aggregate straight over the raw events table.
import { HourCache } from "../lib/metrics/hour_cache.ts";
import {
  currentMetrics,
  historyMetrics,
  type LiveMetricsDeps,
} from "../lib/metrics/live_metrics.ts";
import type { MetricName } from "../lib/metrics/catalogue.ts";
import {
  type Filters,
  type GroupBy,
  type HistoryQuery,
  type MetricsQuery,
  type WindowName,
  WINDOWS,
} from "../lib/metrics/query.ts";
import type { SqlClient } from "../lib/store/sql.ts";
import { PROBE_MODEL, PROBE_USER } from "./_query_dataset.ts";

export interface QueryContext {
  deps: LiveMetricsDeps;
  sql: SqlClient;
  projectId: string;
  nowMs: number;
}

export interface QueryCase {
  name: string;
  /** What it reads, for the report. */
  reads: string;
  /** Needs every event in the raw table: only datasets loaded through insertEvents. */
  needsRawEvents?: boolean;
  /** The query covers the whole dataset: the requests it counts must equal its events. */
  expectsEvents?: boolean;
  /** Runs the query; returns what it counted (requests; points for history), for sanity checks. */
  run(ctx: QueryContext): Promise<number>;
}

function range(ctx: QueryContext, window: WindowName, filters: Filters = {}): MetricsQuery {
  return {
    projectId: ctx.projectId,
    window,
    from: ctx.nowMs - WINDOWS[window],
    to: ctx.nowMs,
    filters,
  };
}

function current(window: WindowName, filters: Filters, reads: string): QueryCase {
  const label = Object.entries(filters).map(([k, v]) => ` ${k}=${v.join(",")}`).join("");
  return {
    name: `current ${window}${label}`,
    reads,
    expectsEvents: window === "30d" && label === "",
    run: async (ctx) => (await currentMetrics(ctx.deps, range(ctx, window, filters))).requests,
  };
}

/** One settled-hours cache per dataset, as the monitor keeps one per process. */
const caches = new WeakMap<object, HourCache>();

/**
 * `current 30d` through the shipped settled-hours cache (lib/metrics/hour_cache.ts), warm: the warm-up
 * runs fill it, the timed runs read only the two partial hours at the window's ends.
 */
const CACHED_30D: QueryCase = {
  name: "current 30d, settled hours cached (warm)",
  reads: "cached whole hours + rollup_1m and raw edges of the partial hours",
  expectsEvents: true,
  run: async (ctx) => {
    let cache = caches.get(ctx);
    if (!cache) {
      cache = new HourCache(() => ctx.nowMs);
      caches.set(ctx, cache);
    }
    return (await currentMetrics({ ...ctx.deps, hours: cache }, range(ctx, "30d", {}))).requests;
  },
};

function history(
  window: WindowName,
  stepMs: number,
  groupBy: GroupBy | null,
  reads: string,
): QueryCase {
  const metric: MetricName = "p95_latency_ms";
  const step = stepMs % 86_400_000 === 0 ? `${stepMs / 86_400_000}d` : `${stepMs / 60_000}m`;
  return {
    name: `history ${window} step ${step}${groupBy ? ` by ${groupBy}` : ""} (${metric})`,
    reads,
    run: async (ctx) => {
      const q: HistoryQuery = { ...range(ctx, window), metric, stepMs, groupBy };
      const result = await historyMetrics(ctx.deps, q);
      return result.series.reduce((n, s) => n + s.points.length, 0);
    },
  };
}

const model = { model: [PROBE_MODEL] };

export const QUERY_CASES: QueryCase[] = [
  current("1h", {}, "rollup_1m (59 min) + raw edges"),
  current("1h", model, "rollup_1m (59 min) + raw edges"),
  current("24h", {}, "rollup_1h (23 h) + rollup_1m edges + raw edges"),
  current("24h", model, "rollup_1h (23 h) + rollup_1m edges + raw edges"),
  current("30d", {}, "rollup_1h (719 h) + rollup_1m edges + raw edges"),
  current("30d", model, "rollup_1h (719 h) + rollup_1m edges + raw edges"),
  CACHED_30D,
  history("24h", 300_000, "model", "rollup_1m (1,439 min) + raw edges"),
  history("30d", 86_400_000, null, "rollup_1h (719 h) + rollup_1m edges + raw edges"),
  current("24h", { user_id: [PROBE_USER] }, "raw events (index events_user)"),
];

/** The reference: exact count, sums and percentiles over 30 days of raw events. */
export const NAIVE_CASE: QueryCase = {
  name: "naive exact 30d over raw events",
  reads: "raw events (every row of the month)",
  needsRawEvents: true,
  expectsEvents: true,
  run: async (ctx) => {
    const [row] = await ctx.sql.query<{ requests: number }>(
      `SELECT count(*)::int8 AS requests, coalesce(sum(input_tokens), 0)::int8 AS input_tokens,
         coalesce(sum(output_tokens), 0)::int8 AS output_tokens, coalesce(sum(cost_usd), 0) AS cost_usd,
         count(*) FILTER (WHERE status = 'error')::int8 AS errors,
         percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY latency_ms) AS latency_ms
       FROM events
       WHERE project_id = $1 AND ts >= $2::timestamptz AND ts < $3::timestamptz`,
      [
        ctx.projectId,
        new Date(ctx.nowMs - WINDOWS["30d"]).toISOString(),
        new Date(ctx.nowMs).toISOString(),
      ],
    );
    return row?.requests ?? 0;
  },
};
