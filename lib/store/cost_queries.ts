// Re-pricing: new costs for stored events, with the rollups corrected by the difference, in one
// transaction, so totals stay equal to the sum of their events.
import type { StoredEvent } from "../ingest/event.ts";
import type { PricedFields } from "../cost/pricing.ts";
import { emptySums } from "../metrics/catalogue.ts";
import {
  addCostChange,
  GRANULARITIES,
  type Granularity,
  rollupDims,
  type RollupRow,
} from "../metrics/rollup.ts";
import { EVENT_SELECT, toStoredEvent } from "./read_queries.ts";
import { upsertRollups } from "./rollup_writes.ts";
import { bumpEpochs, type LiveReads } from "./live_reads.ts";
import { repriceUserRollups } from "./user_rollups.ts";
import type { SqlClient, SqlRunner } from "./sql.ts";

export type CostFields = PricedFields;

export interface CostQueries {
  /** Events a re-pricing may change (not client-reported), newest first, strictly before `before`. */
  repriceCandidates(
    projectId: string,
    range: { from: number; to: number },
    options: { before?: [number, string]; limit: number },
  ): Promise<StoredEvent[]>;
  /** Writes new costs; returns how many events changed. */
  applyPrices(projectId: string, updates: Array<{ id: string } & CostFields>): Promise<number>;
  /**
   * Runs fn with live reads that all see one database snapshot (REPEATABLE READ, read only), so a
   * page's numbers agree with each other while flushes commit. On PGlite the snapshot holds the
   * one connection: fn must read through `reads` only.
   */
  liveSnapshot<T>(fn: (reads: LiveReads) => Promise<T>): Promise<T>;
}

const COST_COLUMNS = [
  ["cost_usd", "float8"],
  ["input_cost_usd", "float8"],
  ["output_cost_usd", "float8"],
  ["cache_savings_usd", "float8"],
  ["cost_source", "text"],
  ["price_version", "text"],
] as const;

/**
 * `liveReads` builds the store's live reads over a client (the snapshot's transaction, for
 * liveSnapshot); without it liveSnapshot is unavailable.
 */
export function createCostQueries(
  client: SqlClient,
  liveReads?: (client: SqlClient) => LiveReads,
): CostQueries {
  return {
    liveSnapshot: (fn) => {
      if (!liveReads) throw new Error("this store has no live reads");
      return client.snapshot((tx) => fn(liveReads(inSnapshot(client.engine, tx))));
    },

    async repriceCandidates(projectId, range, { before, limit }) {
      const params: unknown[] = [
        projectId,
        new Date(range.from).toISOString(),
        new Date(range.to).toISOString(),
        limit,
      ];
      let after = "";
      if (before) {
        params.push(new Date(before[0]).toISOString(), before[1]);
        after = "AND (ts, id) < ($5::timestamptz, $6::text)";
      }
      const rows = await client.query(
        `SELECT ${EVENT_SELECT} FROM events WHERE project_id = $1 AND ts >= $2::timestamptz
         AND ts < $3::timestamptz AND cost_source IS DISTINCT FROM 'reported' ${after}
         ORDER BY events.ts DESC, events.id DESC LIMIT $4`,
        params,
      );
      return rows.map(toStoredEvent);
    },

    applyPrices: (projectId, updates) =>
      client.transaction(async (tx) => {
        if (updates.length === 0) return 0;
        const old = (await tx.query(
          `SELECT ${EVENT_SELECT} FROM events WHERE project_id = $1 AND id = ANY($2::text[]) FOR UPDATE`,
          [projectId, updates.map((u) => u.id)],
        )).map(toStoredEvent);
        const byId = new Map(updates.map((u) => [u.id, u]));
        const changed = old.filter((e) => {
          const u = byId.get(e.id)!;
          return COST_COLUMNS.some(([c]) => e[c] !== u[c]);
        });
        if (changed.length === 0) return 0;
        const set = COST_COLUMNS.map(([c]) => `${c} = u.${c}`).join(", ");
        const arrays = COST_COLUMNS.map(([, t], i) => `$${i + 3}::${t}[]`).join(", ");
        await tx.query(
          `UPDATE events SET ${set}
           FROM unnest($2::text[], ${arrays}) AS u(id, ${COST_COLUMNS.map(([c]) => c).join(", ")})
           WHERE events.project_id = $1 AND events.id = u.id`,
          [
            projectId,
            changed.map((e) => e.id),
            ...COST_COLUMNS.map(([c]) => changed.map((e) => byId.get(e.id)![c])),
          ],
        );
        for (
          const [granularity, ms] of Object.entries(GRANULARITIES) as Array<[Granularity, number]>
        ) {
          await upsertRollups(tx, granularity, costDeltas(changed, byId, ms));
        }
        await repriceUserRollups(tx, changed, byId);
        // Cached settled hours of this project hold the old costs.
        await bumpEpochs(tx, [projectId]);
        return changed.length;
      }),
  };
}

/** A client whose every statement runs in the snapshot's transaction `tx` (nested ones too). */
function inSnapshot(engine: SqlClient["engine"], tx: SqlRunner): SqlClient {
  return {
    engine,
    query: (text, params) => tx.query(text, params),
    exec: (text) => tx.exec(text),
    transaction: () => Promise.reject(new Error("a snapshot is read only")),
    snapshot: (fn) => fn(tx),
    close: () => Promise.reject(new Error("a snapshot's client is not closed")),
  };
}

/** Rollup rows that add only the change in cost (and in the unpriced count) per group. */
function costDeltas(
  events: StoredEvent[],
  updates: Map<string, CostFields>,
  bucketMs: number,
): RollupRow[] {
  const rows = new Map<string, RollupRow>();
  for (const e of events) {
    const u = updates.get(e.id)!;
    const dims = rollupDims(e, bucketMs);
    const key = JSON.stringify(Object.values(dims));
    const row = rows.get(key) ??
      { ...dims, ...emptySums(), latency_max_ms: 0, latency_hist: {} };
    rows.set(key, row);
    addCostChange(row, e, u);
  }
  return [...rows.values()];
}
