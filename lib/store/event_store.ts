// Writes events and their rollups exactly once, enforces retention, reports counts.
// The only module with SQL for these tables; the same statements run on every engine.
import type { StoredEvent } from "../ingest/event.ts";
import { quantiles } from "../metrics/histogram.ts";
import { GRANULARITIES, type Granularity, rollUp } from "../metrics/rollup.ts";
import { migrate, type MigrationResult, readMigrations } from "./migrate.ts";
import { type CostQueries, createCostQueries } from "./cost_queries.ts";
import { createReadQueries, type ReadQueries } from "./read_queries.ts";
import { bumpEpochs, createLiveReads, type LiveReads } from "./live_reads.ts";
import { upsertRollups } from "./rollup_writes.ts";
import type { SqlClient, SqlRunner } from "./sql.ts";

export interface InsertResult {
  inserted: number;
  duplicates: number;
}

export interface RetentionResult {
  events: number;
  rollups: number;
}

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

/** What the rest of the app sees of the database. Arguments and results are plain data. */
/** Events older than this when flushed land in hours a cache may hold (lib/metrics/hour_cache.ts). */
export const SETTLE_MS = 5 * 60_000;

export interface InsertOptions {
  /** The flusher's clock: events older than now - SETTLE_MS bump their project's rollup epoch. */
  now?: number;
}

export interface EventStore extends ReadQueries, LiveReads, CostQueries {
  migrate(): Promise<MigrationResult>;
  /** TimescaleDB: (re)sets retention policies to the configured days. Elsewhere a no-op. */
  configureRetention(days: { events: number; rollups: number }): Promise<void>;
  insertEvents(events: StoredEvent[], options?: InsertOptions): Promise<InsertResult>;
  enforceRetention(
    now: number,
    days: { events: number; rollups: number },
  ): Promise<RetentionResult>;
  stats(projectId: string): Promise<ProjectStats>;
  summary(projectId: string, fromMs: number, toMs: number): Promise<RollupSummary>;
  listEventIds(projectId: string): Promise<string[]>;
  info(): Promise<StoreInfo>;
  close(): Promise<void>;
}

const EVENT_COLUMNS = [
  ["project_id", "text"],
  ["id", "text"],
  ["ts", "float8"],
  ["received_at", "float8"],
  ["model", "text"],
  ["provider", "text"],
  ["status", "text"],
  ["endpoint", "text"],
  ["application", "text"],
  ["user_id", "text"],
  ["session_id", "text"],
  ["trace_id", "text"],
  ["input_tokens", "int8"],
  ["output_tokens", "int8"],
  ["cached_input_tokens", "int8"],
  ["reasoning_tokens", "int8"],
  ["latency_ms", "float8"],
  ["time_to_first_token_ms", "float8"],
  ["cost_usd", "float8"],
  ["cost_source", "text"],
  ["input_cost_usd", "float8"],
  ["output_cost_usd", "float8"],
  ["cache_savings_usd", "float8"],
  ["price_version", "text"],
  ["status_code", "int4"],
  ["error_type", "text"],
  ["error_message", "text"],
  ["input", "text"],
  ["output", "text"],
  ["metadata", "text"],
] as const satisfies ReadonlyArray<readonly [keyof StoredEvent, string]>;

const TIME_COLUMNS = new Set(["ts", "received_at"]);
const JSON_COLUMNS = new Set(["metadata"]);

const INSERT_EVENTS_SQL = (() => {
  const names = EVENT_COLUMNS.map(([n]) => n);
  const arrays = EVENT_COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`);
  const select = names.map((n) =>
    TIME_COLUMNS.has(n)
      ? `to_timestamp(u.${n} / 1000.0)`
      : JSON_COLUMNS.has(n)
      ? `u.${n}::jsonb`
      : `u.${n}`
  );
  return `INSERT INTO events (${names.join(", ")})
    SELECT ${select.join(", ")} FROM unnest(${arrays.join(", ")}) AS u(${names.join(", ")})`;
})();

function eventParams(events: StoredEvent[]): unknown[] {
  return EVENT_COLUMNS.map(([name]) =>
    events.map((
      e,
    ) => (JSON_COLUMNS.has(name) && e[name] !== null ? JSON.stringify(e[name]) : e[name]))
  );
}

/** Keeps the first occurrence of each (project, id) the ledger reported as new. */
async function claimNew(tx: SqlRunner, events: StoredEvent[]): Promise<StoredEvent[]> {
  const fresh = await tx.query<{ project_id: string; id: string }>(
    `INSERT INTO event_ids (project_id, id, ts)
     SELECT p, i, to_timestamp(t / 1000.0) FROM unnest($1::text[], $2::text[], $3::float8[]) AS u(p, i, t)
     ON CONFLICT DO NOTHING RETURNING project_id, id`,
    [events.map((e) => e.project_id), events.map((e) => e.id), events.map((e) => e.ts)],
  );
  const wanted = new Set(fresh.map((r) => JSON.stringify([r.project_id, r.id])));
  return events.filter((e) => wanted.delete(JSON.stringify([e.project_id, e.id])));
}

export function createEventStore(
  client: SqlClient,
  options: { timescale?: boolean } = {},
): EventStore {
  let timescale = false;
  return {
    ...createReadQueries(client),
    ...createLiveReads(client),
    ...createCostQueries(client),

    async migrate() {
      const result = await migrate(client, await readMigrations(), options);
      timescale = result.timescale;
      return result;
    },

    async configureRetention(days) {
      if (!timescale) return;
      for (
        const [table, n] of [["events", days.events], ["rollup_1m", days.rollups], [
          "rollup_1h",
          days.rollups,
        ]] as const
      ) {
        await client.query("SELECT remove_retention_policy($1::regclass, if_exists => TRUE)", [
          table,
        ]);
        await client.query(
          "SELECT add_retention_policy($1::regclass, drop_after => $2::interval)",
          [
            table,
            `${n} days`,
          ],
        );
      }
    },

    insertEvents: (events, insertOptions = {}) =>
      client.transaction(async (tx) => {
        if (events.length === 0) return { inserted: 0, duplicates: 0 };
        const fresh = await claimNew(tx, events);
        if (fresh.length > 0) {
          await tx.query(INSERT_EVENTS_SQL, eventParams(fresh));
          for (const [name, ms] of Object.entries(GRANULARITIES) as [Granularity, number][]) {
            await upsertRollups(tx, name, rollUp(fresh, ms));
          }
          const settled = (insertOptions.now ?? Date.now()) - SETTLE_MS;
          await bumpEpochs(tx, fresh.filter((e) => e.ts < settled).map((e) => e.project_id));
        }
        return { inserted: fresh.length, duplicates: events.length - fresh.length };
      }),

    async enforceRetention(now, days) {
      const eventsBefore = new Date(now - days.events * 86_400_000).toISOString();
      const rollupsBefore = new Date(now - days.rollups * 86_400_000).toISOString();
      return await client.transaction(async (tx) => {
        await tx.query("DELETE FROM event_ids WHERE ts < $1::timestamptz", [eventsBefore]);
        // TimescaleDB drops whole chunks first (cheap); the DELETE then takes what partly old
        // chunks still hold, so every engine keeps exactly the configured days.
        if (timescale) await dropChunks(tx, "events", eventsBefore);
        const events = await deleteBefore(tx, "events", "ts", eventsBefore);
        let rollups = 0;
        for (const table of ["rollup_1m", "rollup_1h"]) {
          if (timescale) await dropChunks(tx, table, rollupsBefore);
          rollups += await deleteBefore(tx, table, "bucket", rollupsBefore);
        }
        return { events, rollups };
      });
    },

    async stats(projectId) {
      const [row] = await client.query<Record<keyof ProjectStats, number>>(
        `SELECT
           (SELECT count(*) FROM events WHERE project_id = $1)::int8 AS events,
           (SELECT coalesce(sum(requests), 0) FROM rollup_1m WHERE project_id = $1)::int8 AS requests_rolled_up_1m,
           (SELECT coalesce(sum(requests), 0) FROM rollup_1h WHERE project_id = $1)::int8 AS requests_rolled_up_1h,
           (SELECT coalesce(sum(input_tokens), 0) FROM rollup_1m WHERE project_id = $1)::int8 AS input_tokens,
           (SELECT coalesce(sum(output_tokens), 0) FROM rollup_1m WHERE project_id = $1)::int8 AS output_tokens`,
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
      const hypertables = timescale
        ? await client.query<{ table: string; policies: string[] }>(
          `SELECT h.hypertable_name AS table,
             coalesce((SELECT to_jsonb(array_agg(j.proc_name ORDER BY j.proc_name))
                       FROM timescaledb_information.jobs j
                       WHERE j.hypertable_name = h.hypertable_name), '[]'::jsonb) AS policies
           FROM timescaledb_information.hypertables h ORDER BY h.hypertable_name`,
        )
        : [];
      return { engine: client.engine, timescale, server_version: row!.v, hypertables };
    },

    close: () => client.close(),
  };
}

async function deleteBefore(
  tx: SqlRunner,
  table: string,
  column: string,
  before: string,
): Promise<number> {
  const rows = await tx.query<{ n: number }>(
    `WITH gone AS (DELETE FROM ${table} WHERE ${column} < $1::timestamptz RETURNING 1)
     SELECT count(*)::int8 AS n FROM gone`,
    [before],
  );
  return rows[0]?.n ?? 0;
}

async function dropChunks(tx: SqlRunner, table: string, before: string): Promise<void> {
  await tx.query("SELECT drop_chunks($1::regclass, older_than => $2::timestamptz)", [
    table,
    before,
  ]);
}
