// Reads for the metrics API: aggregates over any range from day, hour and minute rollups and raw
// edges (lib/metrics/time_ranges.ts), so the cost does not grow with the number of events.
import type { StoredEvent } from "../ingest/event.ts";
import { binSql } from "./histogram_sql.ts";
import { FLOAT_SUM_FIELDS, SUM_FIELDS, type Sums } from "../metrics/catalogue.ts";
import type { Filters, GroupBy, MetricsQuery } from "../metrics/query.ts";
import { DAY_MS, HOUR_MS, type PlanOptions, planRanges } from "../metrics/time_ranges.ts";
import type { SqlRunner } from "./sql.ts";

/** Sums of one group, with latency bins as [bin, count] pairs. Plain data (crosses the worker). */
export interface GroupRow extends Sums {
  model: string;
  provider: string;
  endpoint: string;
  bins: Array<[number, number]>;
}

export interface HistoryRow extends Omit<GroupRow, "model" | "provider" | "endpoint"> {
  at: number;
  key: string;
}

export interface EventPage {
  events: StoredEvent[];
  /** [ts, id] of the last event when there are older ones, else null. */
  next: [number, string] | null;
}

const SUMS = SUM_FIELDS;

/** The same columns from the events table as a rollup row has, one request per row. */
export const EVENT_AS_ROLLUP = `ts AS t, model, coalesce(provider, '') AS provider, endpoint,
  coalesce(application, '') AS application, status, 1::int8 AS requests,
  (status = 'error')::int4::int8 AS errors, (status = 'timeout')::int4::int8 AS timeouts,
  input_tokens, output_tokens, coalesce(cached_input_tokens, 0) AS cached_input_tokens,
  coalesce(reasoning_tokens, 0) AS reasoning_tokens, coalesce(cost_usd, 0) AS cost_usd,
  coalesce(input_cost_usd, 0) AS input_cost_usd, coalesce(output_cost_usd, 0) AS output_cost_usd,
  coalesce(cache_savings_usd, 0) AS cache_savings_usd,
  (cost_usd IS NULL)::int4::int8 AS unpriced, (latency_ms IS NOT NULL)::int4::int8 AS latency_count,
  coalesce(latency_ms, 0) AS latency_sum_ms, (time_to_first_token_ms IS NOT NULL)::int4::int8 AS ttft_count,
  coalesce(time_to_first_token_ms, 0) AS ttft_sum_ms,
  CASE WHEN latency_ms IS NULL THEN '{}'::jsonb
       ELSE jsonb_build_object((${binSql("latency_ms")})::text, 1) END AS latency_hist`;

const ROLLUP_COLUMNS = `bucket AS t, model, provider, endpoint, application, status, ${
  SUMS.join(", ")
}, latency_hist`;

export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

export const iso = (ms: number) => new Date(ms).toISOString();

/** WHERE conditions for filters; rollups store a missing provider/application as ''. */
export function filterSql(filters: Filters, p: Params, table: "events" | "rollup"): string {
  return Object.entries(filters).map(([field, values]) => {
    const column = table === "events" && (field === "provider" || field === "application")
      ? `coalesce(${field}, '')`
      : field;
    return ` AND ${column} = ANY(${p.add(values)}::text[])`;
  }).join("");
}

export function timeSql(column: string, ranges: Array<[number, number]>, p: Params): string {
  return ranges.map(([a, b]) =>
    `(${column} >= ${p.add(iso(a))}::timestamptz AND ${column} < ${p.add(iso(b))}::timestamptz)`
  ).join(" OR ");
}

export interface SourceOptions extends PlanOptions {
  /**
   * The oldest minute rollup that may be read (ms), from lib/metrics/time_ranges.ts
   * minuteRollupsFrom; without it no minute rollup is read (partial hours come from events).
   */
  minutesFrom?: number;
  /** Adds user_id (events only: it is not a rollup dimension). */
  byUser?: boolean;
}

const ROLLUP_TABLES = [["rollup_1d", "days"], ["rollup_1h", "hours"], [
  "rollup_1m",
  "minutes",
]] as const;

/** UNION ALL of the sources that cover q's range exactly. */
export function sourceSql(q: MetricsQuery, p: Params, options: SourceOptions): string {
  const project = p.add(q.projectId);
  // user_id is not a rollup dimension: such queries read the events table (indexed by user).
  const plan = q.filters.user_id || options.byUser
    ? { days: [], hours: [], minutes: [], raw: [[q.from, q.to]] as Array<[number, number]> }
    : planRanges(q.from, q.to, { ...options, minutesFrom: options.minutesFrom ?? Infinity });
  const userColumn = options.byUser ? ", coalesce(user_id, '') AS user_id" : "";
  const parts: string[] = [];
  for (const [table, grain] of ROLLUP_TABLES) {
    const ranges = plan[grain];
    if (ranges.length === 0) continue;
    parts.push(
      `SELECT ${ROLLUP_COLUMNS} FROM ${table} WHERE project_id = ${project}
       AND (${timeSql("bucket", ranges, p)})${filterSql(q.filters, p, "rollup")}`,
    );
  }
  if (plan.raw.length > 0) {
    parts.push(
      `SELECT ${EVENT_AS_ROLLUP}${userColumn} FROM events WHERE project_id = ${project}
       AND (${timeSql("ts", plan.raw, p)})${filterSql(q.filters, p, "events")}`,
    );
  }
  return parts.length > 0
    ? parts.join("\nUNION ALL\n")
    : `SELECT ${ROLLUP_COLUMNS} FROM rollup_1m WHERE false`;
}

/** History reads a grain only when each of its rows falls in one step. */
export function historyGrains(stepMs: number): Pick<PlanOptions, "hours" | "days"> {
  return { hours: stepMs % HOUR_MS === 0, days: stepMs % DAY_MS === 0 };
}

export const sumColumns = SUMS.map((s) =>
  FLOAT_SUM_FIELDS.has(s)
    ? `coalesce(sum(${s}), 0)::float8 AS ${s}`
    : `coalesce(sum(${s}), 0)::int8 AS ${s}`
).join(", ");

/**
 * Rows grouped by `keys` (never null), each with its latency bins as a JSON array. The bins are
 * summed per group number, not per key columns: sorting a month's bins by text keys is slow.
 */
export function groupedSql(source: string, keys: string[], options = { bins: true }): string {
  const by = keys.join(", ");
  // Without percentiles to read, the histograms (most of the work) are left out.
  if (!options.bins) {
    return `SELECT ${by}, ${sumColumns}, '[]'::jsonb AS bins FROM (${source}) src GROUP BY ${by}`;
  }
  const out = [...keys, ...SUMS].map((c) => `grouped.${c}`).join(", ");
  return `WITH src AS MATERIALIZED (${source}),
    grouped AS MATERIALIZED (SELECT ${by}, ${sumColumns}, row_number() OVER () AS g
                             FROM src GROUP BY ${by}),
    bin_counts AS (SELECT grouped.g, h.key::int4 AS bin, sum(h.value::int8)::int8 AS n
                   FROM src JOIN grouped USING (${by}), jsonb_each_text(src.latency_hist) AS h
                   GROUP BY grouped.g, h.key::int4),
    bins AS (SELECT g, jsonb_agg(jsonb_build_array(bin, n)) AS bins FROM bin_counts GROUP BY g)
    SELECT ${out}, coalesce(bins.bins, '[]'::jsonb) AS bins
    FROM grouped LEFT JOIN bins USING (g)`;
}

export interface ReadQueries {
  /** Sums per (model, provider, endpoint) over the query's range. */
  aggregate(q: MetricsQuery): Promise<GroupRow[]>;
  /** Sums per time step (and group) over the query's range; latency bins only with `bins`. */
  history(
    q: MetricsQuery,
    stepMs: number,
    groupBy: GroupBy | null,
    bins?: boolean,
  ): Promise<HistoryRow[]>;
  /** Newest first, strictly older than `before` ([ts, id] of the last event seen). */
  listEvents(
    q: MetricsQuery,
    options: { before?: [number, string]; limit: number },
  ): Promise<EventPage>;
  getEvent(projectId: string, id: string): Promise<StoredEvent | null>;
}

/** `minutesFrom` answers, at each read, the oldest minute rollup it may use. */
export function createReadQueries(client: SqlRunner, minutesFrom: () => number): ReadQueries {
  return {
    async aggregate(q) {
      const p = new Params();
      const source = sourceSql(q, p, { hours: true, minutesFrom: minutesFrom() });
      const sql = groupedSql(source, ["model", "provider", "endpoint"]);
      return await client.query<GroupRow & Record<string, unknown>>(sql, p.values);
    },

    async history(q, stepMs, groupBy, bins = true) {
      const p = new Params();
      const source = sourceSql(q, p, { ...historyGrains(stepMs), minutesFrom: minutesFrom() });
      const step = p.add(stepMs);
      const key = groupBy ?? "''";
      const bucketed =
        `SELECT (floor(extract(epoch FROM t) * 1000 / ${step}::float8) * ${step}::float8)::float8
        AS at, ${key}::text AS key, ${SUMS.join(", ")}, latency_hist FROM (${source}) s`;
      return await client.query<HistoryRow & Record<string, unknown>>(
        groupedSql(bucketed, ["at", "key"], { bins }),
        p.values,
      );
    },

    async listEvents(q, { before, limit }) {
      const p = new Params();
      let sql = `SELECT ${EVENT_SELECT} FROM events WHERE project_id = ${p.add(q.projectId)}
        AND ts >= ${p.add(iso(q.from))}::timestamptz AND ts < ${p.add(iso(q.to))}::timestamptz
        ${filterSql(q.filters, p, "events")}`;
      if (before) {
        sql += ` AND (ts, id) < (${p.add(iso(before[0]))}::timestamptz, ${p.add(before[1])}::text)`;
      }
      sql += ` ORDER BY events.ts DESC, events.id DESC LIMIT ${p.add(limit + 1)}`;
      const rows = (await client.query<Record<string, unknown>>(sql, p.values)).map(toStoredEvent);
      const more = rows.length > limit;
      const events = more ? rows.slice(0, limit) : rows;
      const last = events.at(-1);
      return { events, next: more && last ? [last.ts, last.id] : null };
    },

    async getEvent(projectId, id) {
      const rows = await client.query<Record<string, unknown>>(
        `SELECT ${EVENT_SELECT} FROM events WHERE project_id = $1 AND id = $2`,
        [projectId, id],
      );
      return rows[0] ? toStoredEvent(rows[0]) : null;
    },
  };
}

export const EVENT_SELECT = `project_id, id, (extract(epoch FROM ts) * 1000)::float8 AS ts,
  (extract(epoch FROM received_at) * 1000)::float8 AS received_at, model, provider, status, endpoint,
  application, user_id, session_id, trace_id, input_tokens, output_tokens, cached_input_tokens,
  reasoning_tokens, latency_ms, time_to_first_token_ms, cost_usd, cost_source, status_code, error_type,
  error_message, input, output, metadata, input_cost_usd, output_cost_usd, cache_savings_usd,
  price_version`;

export function toStoredEvent(row: Record<string, unknown>): StoredEvent {
  const metadata = row.metadata;
  return {
    ...(row as unknown as StoredEvent),
    metadata: typeof metadata === "string"
      ? JSON.parse(metadata)
      : (metadata as StoredEvent["metadata"]),
  };
}
