// Counts and totals the admin tools and tests read: rows per project, rollup totals with latency
// quantiles, stored ids, and what the database engine is.
import { quantiles } from "../metrics/histogram.ts";
import type { SqlClient } from "./sql.ts";

export interface ProjectStats {
  events: number;
  requests_rolled_up_1m: number;
  requests_rolled_up_1h: number;
  input_tokens: number;
  output_tokens: number;
}

/** Totals over [from, to) from the per-minute rollups, with latency quantiles. */
export interface RollupSummary {
  requests: number;
  errors: number;
  timeouts: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  avg_latency_ms: number;
  p50_latency_ms: number;
  p95_latency_ms: number;
  p99_latency_ms: number;
}

export interface StoreInfo {
  engine: "postgres" | "pglite";
  timescale: boolean;
  server_version: string;
  /** TimescaleDB: the hypertables and their scheduled policies (compression, retention). */
  hypertables: Array<{ table: string; policies: string[] }>;
}

export interface StoreStats {
  stats(projectId: string): Promise<ProjectStats>;
  summary(projectId: string, fromMs: number, toMs: number): Promise<RollupSummary>;
  listEventIds(projectId: string): Promise<string[]>;
  info(): Promise<StoreInfo>;
}

/** `timescale` answers whether the migrated database has TimescaleDB (known after migrate()). */
export function createStoreStats(client: SqlClient, timescale: () => boolean): StoreStats {
  return {
    async stats(projectId) {
      const [row] = await client.query<Record<keyof ProjectStats, number>>(
        `SELECT
           (SELECT count(*) FROM events WHERE project_id = $1)::int8 AS events,
           (SELECT coalesce(sum(requests), 0) FROM rollup_1m WHERE project_id = $1)::int8 AS requests_rolled_up_1m,
           (SELECT coalesce(sum(requests), 0) FROM rollup_1h WHERE project_id = $1)::int8 AS requests_rolled_up_1h,
           (SELECT coalesce(sum(input_tokens), 0) FROM rollup_1h WHERE project_id = $1)::int8 AS input_tokens,
           (SELECT coalesce(sum(output_tokens), 0) FROM rollup_1h WHERE project_id = $1)::int8 AS output_tokens`,
        [projectId],
      );
      return row!;
    },

    async summary(projectId, fromMs, toMs) {
      const range = [projectId, new Date(fromMs).toISOString(), new Date(toMs).toISOString()];
      const where = "project_id = $1 AND bucket >= $2::timestamptz AND bucket < $3::timestamptz";
      const [totals] = await client.query<Record<string, number>>(
        `SELECT coalesce(sum(requests), 0)::int8 AS requests, coalesce(sum(errors), 0)::int8 AS errors,
           coalesce(sum(timeouts), 0)::int8 AS timeouts, coalesce(sum(input_tokens), 0)::int8 AS input_tokens,
           coalesce(sum(output_tokens), 0)::int8 AS output_tokens, coalesce(sum(cost_usd), 0) AS cost_usd,
           coalesce(sum(latency_sum_ms), 0) AS latency_sum_ms, coalesce(sum(latency_count), 0)::int8 AS latency_count
         FROM rollup_1m WHERE ${where}`,
        range,
      );
      const bins = await client.query<{ bin: number; n: number }>(
        `SELECT h.key::int4 AS bin, sum(h.value::int8)::int8 AS n
         FROM rollup_1m, jsonb_each_text(latency_hist) AS h WHERE ${where} GROUP BY h.key`,
        range,
      );
      const [p50, p95, p99] = quantiles(bins.map((b) => [b.bin, b.n]), [0.5, 0.95, 0.99]);
      const t = totals!;
      return {
        requests: t.requests!,
        errors: t.errors!,
        timeouts: t.timeouts!,
        input_tokens: t.input_tokens!,
        output_tokens: t.output_tokens!,
        cost_usd: t.cost_usd!,
        avg_latency_ms: t.latency_count ? t.latency_sum_ms! / t.latency_count : 0,
        p50_latency_ms: p50!,
        p95_latency_ms: p95!,
        p99_latency_ms: p99!,
      };
    },

    async listEventIds(projectId) {
      const rows = await client.query<{ id: string }>(
        "SELECT id FROM events WHERE project_id = $1 ORDER BY id",
        [projectId],
      );
      return rows.map((r) => r.id);
    },

    async info() {
      const [row] = await client.query<{ v: string }>(
        "SELECT current_setting('server_version') AS v",
      );
      const hypertables = timescale()
        ? await client.query<{ table: string; policies: string[] }>(
          `SELECT h.hypertable_name AS table,
             coalesce((SELECT to_jsonb(array_agg(j.proc_name ORDER BY j.proc_name))
                       FROM timescaledb_information.jobs j
                       WHERE j.hypertable_name = h.hypertable_name), '[]'::jsonb) AS policies
           FROM timescaledb_information.hypertables h ORDER BY h.hypertable_name`,
        )
        : [];
      return { engine: client.engine, timescale: timescale(), server_version: row!.v, hypertables };
    },
  };
}
