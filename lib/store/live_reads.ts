// Reads that are merged with the KV buffer. Each runs in one database snapshot that also reports
// which buffered ids the database already holds, so a flush in flight is never counted twice.
import type { BreakdownBy, GroupBy, MetricsQuery } from "../metrics/query.ts";
import type { TopRequest } from "../metrics/breakdown_top.ts";
import { createReadQueries, type GroupRow, type HistoryRow } from "./read_queries.ts";
import { type BreakdownRow, createBreakdownQueries, topBreakdown } from "./breakdown_queries.ts";
import type { SqlClient, SqlRunner } from "./sql.ts";

/** What the database answered in one snapshot, and which of the asked ids it already stores. */
export interface LiveResult<T> {
  rows: T[];
  /** Ids (of q's project) among those asked that are in the database: not to be added again. */
  stored: string[];
}

export interface LiveAggregateResult extends LiveResult<GroupRow> {
  /** The project's rollup epoch in the same snapshot (0 when no settled span was asked for). */
  epoch: number;
  /** Rows of the settled span, present when the cached ones are missing or of another epoch. */
  settled?: GroupRow[];
}

/** A settled span [from, to) of whole hours whose rows the caller may hold from an earlier read. */
export interface SettledSpan {
  from: number;
  to: number;
  /** The epoch of the caller's cached rows; null when it has none. */
  cachedEpoch: number | null;
}

export interface LiveReads {
  /**
   * Like aggregate(q), plus the stored ids; with `settled`, the rows of that span come back apart
   * (and only when the cached epoch is stale) and `rows` holds the edges around it.
   */
  liveAggregate(
    q: MetricsQuery,
    bufferedIds: string[],
    settled?: SettledSpan,
  ): Promise<LiveAggregateResult>;
  liveHistory(
    q: MetricsQuery,
    stepMs: number,
    groupBy: GroupBy | null,
    bufferedIds: string[],
    /** Latency bins too (false: sums only, for metrics that are not percentiles). */
    bins?: boolean,
  ): Promise<LiveResult<HistoryRow>>;
  /** With `top`: sums for every key, latency bins only for the keys it chooses in the snapshot. */
  liveBreakdown(
    q: MetricsQuery,
    by: BreakdownBy,
    bufferedIds: string[],
    top?: TopRequest,
  ): Promise<LiveResult<BreakdownRow>>;
}

/** Marks projects whose settled hours changed; called inside the writing transaction. */
export async function bumpEpochs(tx: SqlRunner, projectIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(projectIds)];
  if (ids.length === 0) return;
  await tx.query(
    `INSERT INTO rollup_epochs (project_id, epoch) SELECT p, 1 FROM unnest($1::text[]) AS p
     ON CONFLICT (project_id) DO UPDATE SET epoch = rollup_epochs.epoch + 1`,
    [ids],
  );
}

async function readEpoch(tx: SqlRunner, projectId: string): Promise<number> {
  const rows = await tx.query<{ epoch: number }>(
    "SELECT epoch FROM rollup_epochs WHERE project_id = $1",
    [projectId],
  );
  return rows[0]?.epoch ?? 0;
}

async function storedIds(tx: SqlRunner, projectId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx.query<{ id: string }>(
    "SELECT id FROM event_ids WHERE project_id = $1 AND id = ANY($2::text[])",
    [projectId, ids],
  );
  return rows.map((r) => r.id);
}

/** `minutesFrom`: the oldest minute rollup a read may use (see createReadQueries). */
export function createLiveReads(client: SqlClient, minutesFrom: () => number): LiveReads {
  /** One statement is a snapshot already: a transaction only when a read takes several. */
  const read = <T>(several: boolean, fn: (tx: SqlRunner) => Promise<T>) =>
    several ? client.snapshot(fn) : fn(client);
  return {
    liveAggregate: (q, bufferedIds, settled) =>
      read(settled !== undefined || bufferedIds.length > 0, async (tx) => {
        const reads = createReadQueries(tx, minutesFrom);
        const stored = await storedIds(tx, q.projectId, bufferedIds);
        if (!settled) return { rows: await reads.aggregate(q), stored, epoch: 0 };
        const epoch = await readEpoch(tx, q.projectId);
        const rows = [
          ...(q.from < settled.from ? await reads.aggregate({ ...q, to: settled.from }) : []),
          ...(settled.to < q.to ? await reads.aggregate({ ...q, from: settled.to }) : []),
        ];
        const fresh = settled.cachedEpoch !== epoch
          ? await reads.aggregate({ ...q, from: settled.from, to: settled.to })
          : undefined;
        return { rows, stored, epoch, ...(fresh ? { settled: fresh } : {}) };
      }),

    liveHistory: (q, stepMs, groupBy, bufferedIds, bins = true) =>
      read(bufferedIds.length > 0, async (tx) => ({
        stored: await storedIds(tx, q.projectId, bufferedIds),
        rows: await createReadQueries(tx, minutesFrom).history(q, stepMs, groupBy, bins),
      })),

    liveBreakdown: (q, by, bufferedIds, top) =>
      read(bufferedIds.length > 0 || top !== undefined, async (tx) => {
        const stored = await storedIds(tx, q.projectId, bufferedIds);
        const rows = top
          ? await topBreakdown(tx, q, by, top, stored, minutesFrom())
          : await createBreakdownQueries(tx, minutesFrom).breakdown(q, by);
        return { stored, rows };
      }),
  };
}
