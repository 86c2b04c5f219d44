// Breakdowns (sums per value of one dimension) and the filter bar's values. By user, whole UTC
// days come from rollup_user_1d and the partial days at the edges from events; other dimensions
// read the rollups of lib/store/read_queries.ts. Sums come first for every key, latency bins
// only for the keys a page shows (lib/metrics/breakdown_top.ts), unless the sort needs them.
import { SUM_FIELDS, type Sums } from "../metrics/catalogue.ts";
import { BIN_METRICS, topKeys, type TopRequest } from "../metrics/breakdown_top.ts";
import type { BreakdownBy, MetricsQuery } from "../metrics/query.ts";
import { DAY_MS } from "../metrics/user_rollup.ts";
import {
  EVENT_AS_ROLLUP,
  filterSql,
  groupedSql,
  type GroupRow,
  iso,
  Params,
  sourceSql,
  sumColumns,
  timeSql,
} from "./read_queries.ts";
import type { SqlRunner } from "./sql.ts";

export interface BreakdownRow extends Omit<GroupRow, "model" | "provider" | "endpoint"> {
  key: string;
}

/** One (model, provider, endpoint, application) seen in a range, with its request count. */
export interface FilterValueRow {
  model: string;
  provider: string;
  endpoint: string;
  application: string;
  requests: number;
}

export interface BreakdownQueries {
  /** Sums and latency bins per value of one dimension (user_id included) over q's range. */
  breakdown(q: MetricsQuery, by: BreakdownBy): Promise<BreakdownRow[]>;
  /** The distinct dimension values in q's range (filters ignored), without histograms. */
  filterValues(q: MetricsQuery): Promise<FilterValueRow[]>;
}

const SUMS = SUM_FIELDS.join(", ");

/** Whether rollup_user_1d answers: by user (or by application for given users), no other filter. */
function userRollupServes(q: MetricsQuery, by: BreakdownBy): boolean {
  const only = Object.keys(q.filters).every((f) => f === "user_id" || f === "application");
  return only && (by === "user_id" || (by === "application" && q.filters.user_id !== undefined));
}

/** user_id and application filters on coalesced columns; the index serves named users. */
function userFilterSql(q: MetricsQuery, p: Params, table: "events" | "rollup"): string {
  return (["user_id", "application"] as const).map((field) => {
    const values = q.filters[field];
    if (!values) return "";
    const plain = table === "rollup" || (field === "user_id" && !values.includes(""));
    return ` AND ${plain ? field : `coalesce(${field}, '')`} = ANY(${p.add(values)}::text[])`;
  }).join("");
}

/** Rows of (user_id, application, sums, latency_hist): whole days from the rollup, edges raw. */
function userSourceSql(q: MetricsQuery, p: Params): string {
  const project = p.add(q.projectId);
  const firstDay = Math.ceil(q.from / DAY_MS) * DAY_MS;
  const lastDay = Math.floor(q.to / DAY_MS) * DAY_MS;
  const days = firstDay < lastDay;
  const raw = (days ? [[q.from, firstDay], [lastDay, q.to]] : [[q.from, q.to]])
    .filter(([a, b]) => a! < b!) as Array<[number, number]>;
  const parts: string[] = [];
  if (days) {
    parts.push(`SELECT user_id, application, ${SUMS}, latency_hist FROM rollup_user_1d
      WHERE project_id = ${project} AND bucket >= ${p.add(iso(firstDay))}::timestamptz
      AND bucket < ${p.add(iso(lastDay))}::timestamptz${userFilterSql(q, p, "rollup")}`);
  }
  if (raw.length > 0) {
    parts.push(`SELECT user_id, application, ${SUMS}, latency_hist FROM (
      SELECT ${EVENT_AS_ROLLUP}, coalesce(user_id, '') AS user_id FROM events
      WHERE project_id = ${project} AND (${timeSql("ts", raw, p)})${
      userFilterSql(q, p, "events")
    }) e`);
  }
  return parts.length > 0
    ? parts.join("\nUNION ALL\n")
    : `SELECT user_id, application, ${SUMS}, latency_hist FROM rollup_user_1d WHERE false`;
}

/** Rows of (key, sums, latency_hist) for q's range. */
function keyedSql(q: MetricsQuery, by: BreakdownBy, p: Params, minutesFrom: number): string {
  let source: string;
  if (userRollupServes(q, by)) source = userSourceSql(q, p);
  else if (by === "user_id") {
    // Other filters: user_id is in no other rollup, the events are read as before.
    source = `SELECT ${EVENT_AS_ROLLUP}, coalesce(user_id, '') AS user_id FROM events
      WHERE project_id = ${p.add(q.projectId)} AND (${timeSql("ts", [[q.from, q.to]], p)})${
      filterSql(q.filters, p, "events")
    }`;
  } else source = sourceSql(q, p, { hours: true, minutesFrom });
  return `SELECT ${by}::text AS key, ${SUMS}, latency_hist FROM (${source}) s`;
}

async function fullBreakdown(tx: SqlRunner, q: MetricsQuery, by: BreakdownBy, minutesFrom: number) {
  const p = new Params();
  return await tx.query<BreakdownRow & Record<string, unknown>>(
    groupedSql(keyedSql(q, by, p, minutesFrom), ["key"]),
    p.values,
  );
}

/**
 * Sums for every key and latency bins for the keys `top` chooses over the sums and the pending
 * events not in `stored`: two statements, so call it inside one snapshot.
 */
export async function topBreakdown(
  tx: SqlRunner,
  q: MetricsQuery,
  by: BreakdownBy,
  top: TopRequest,
  stored: readonly string[],
  minutesFrom: number,
): Promise<BreakdownRow[]> {
  if (BIN_METRICS.has(top.sort)) return await fullBreakdown(tx, q, by, minutesFrom);
  const p = new Params();
  const sums = await tx.query<{ key: string } & Sums>(
    `SELECT key, ${sumColumns} FROM (${keyedSql(q, by, p, minutesFrom)}) k GROUP BY key`,
    p.values,
  );
  const keys = topKeys(sums, top, new Set(stored));
  const withBins = new Map<string, Array<[number, number]>>();
  if (keys.length > 0 && sums.length > 0) {
    const b = new Params();
    const source = keyedSql(q, by, b, minutesFrom);
    const rows = await tx.query<{ key: string; bins: Array<[number, number]> }>(
      `SELECT key, jsonb_agg(jsonb_build_array(bin, n)) AS bins FROM (
         SELECT k.key, h.key::int4 AS bin, sum(h.value::int8)::int8 AS n
         FROM (${source}) k, jsonb_each_text(k.latency_hist) AS h
         WHERE k.key = ANY(${b.add(keys)}::text[]) GROUP BY k.key, h.key) c GROUP BY key`,
      b.values,
    );
    for (const r of rows) withBins.set(r.key, r.bins);
  }
  return sums.map((r) => ({ ...r, bins: withBins.get(r.key) ?? [] }));
}

/** `minutesFrom` answers the oldest minute rollup a read may use (see createReadQueries). */
export function createBreakdownQueries(
  client: SqlRunner,
  minutesFrom: () => number,
): BreakdownQueries {
  return {
    breakdown: (q, by) => fullBreakdown(client, q, by, minutesFrom()),

    async filterValues(q) {
      const p = new Params();
      const source = sourceSql({ ...q, filters: {} }, p, {
        hours: true,
        minutesFrom: minutesFrom(),
      });
      return await client.query<FilterValueRow & Record<string, unknown>>(
        `SELECT model, provider, endpoint, application, sum(requests)::int8 AS requests
         FROM (${source}) s GROUP BY model, provider, endpoint, application`,
        p.values,
      );
    },
  };
}
