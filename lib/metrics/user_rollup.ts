// Folds events into per-user day rollup rows: one per (project, UTC day, user, application), with
// sums and a latency histogram; and the cost corrections re-pricing adds to them.
import type { StoredEvent } from "../ingest/event.ts";
import { addEvent } from "./aggregate.ts";
import type { Histogram } from "./histogram.ts";
import { addCostChange, type CostChange } from "./rollup.ts";
export type { CostChange } from "./rollup.ts";
import { type Aggregate, emptyAggregate, emptySums, type Sums } from "./catalogue.ts";

export const DAY_MS = 86_400_000;

/** The dimensions of a user rollup row; a missing user or application is "". */
export interface UserRollupDims {
  project_id: string;
  bucket: number;
  user_id: string;
  application: string;
}

export interface UserRollupRow extends UserRollupDims, Sums {
  latency_max_ms: number;
  latency_hist: Histogram;
}

export function userRollupDims(e: StoredEvent): UserRollupDims {
  return {
    project_id: e.project_id,
    bucket: Math.floor(e.ts / DAY_MS) * DAY_MS,
    user_id: e.user_id ?? "",
    application: e.application ?? "",
  };
}

const keyOf = (d: UserRollupDims) =>
  JSON.stringify([d.project_id, d.bucket, d.user_id, d.application]);

export function rollUpUsers(events: readonly StoredEvent[]): UserRollupRow[] {
  const groups = new Map<string, { dims: UserRollupDims; max: number; agg: Aggregate }>();
  for (const e of events) {
    const dims = userRollupDims(e);
    const key = keyOf(dims);
    let group = groups.get(key);
    if (!group) groups.set(key, group = { dims, max: 0, agg: emptyAggregate() });
    addEvent(group.agg, e);
    if (e.latency_ms !== null) group.max = Math.max(group.max, e.latency_ms);
  }
  return [...groups.values()].map(({ dims, max, agg }) => {
    const { bins, ...sums } = agg;
    return { ...dims, ...sums, latency_max_ms: max, latency_hist: Object.fromEntries(bins) };
  });
}

/** Rows that add only the change in cost (and in the unpriced count) per user-day group. */
export function userCostDeltas(
  events: readonly StoredEvent[],
  updates: ReadonlyMap<string, CostChange>,
): UserRollupRow[] {
  const rows = new Map<string, UserRollupRow>();
  for (const e of events) {
    const u = updates.get(e.id);
    if (!u) continue;
    const dims = userRollupDims(e);
    const key = keyOf(dims);
    let row = rows.get(key);
    if (!row) rows.set(key, row = { ...dims, ...emptySums(), latency_max_ms: 0, latency_hist: {} });
    addCostChange(row, e, u);
  }
  return [...rows.values()];
}
