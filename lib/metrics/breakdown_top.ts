// Which keys a breakdown returns: the top `limit` by the sort metric, ties by key, over the stored
// sums plus the buffered events the database does not hold. The store calls topKeys() inside its
// read snapshot so it computes latency bins only for those keys; live_metrics sorts the same way.
import type { StoredEvent } from "../ingest/event.ts";
import { addEvent } from "./aggregate.ts";
import {
  type Aggregate,
  emptyAggregate,
  METRIC_NAMES,
  type MetricName,
  METRICS,
  SUM_FIELDS,
  type Sums,
} from "./catalogue.ts";
import type { BreakdownBy } from "./query.ts";

/** The metrics read from the latency histogram (those non-zero on bins alone): p50, p95, p99. */
export const BIN_METRICS: ReadonlySet<MetricName> = (() => {
  const probe = emptyAggregate();
  probe.bins.set(100, 1);
  return new Set(METRIC_NAMES.filter((m) => METRICS[m].value(probe, 60_000) !== 0));
})();

/** One buffered event as the store needs it to choose keys: plain data, crosses the worker. */
export interface PendingSums {
  id: string;
  key: string;
  sums: Sums;
}

/** How to choose the keys that get latency bins. */
export interface TopRequest {
  sort: MetricName;
  limit: number;
  windowMs: number;
  /** The query's buffered events, each id once; merged where the snapshot does not store them. */
  pending: PendingSums[];
}

/** The breakdown key of an event: a missing value is "". */
export function keyOf(e: StoredEvent, by: BreakdownBy): string {
  return String(e[by] ?? "");
}

export function pendingSums(events: readonly StoredEvent[], by: BreakdownBy): PendingSums[] {
  return events.map((e) => {
    const agg = emptyAggregate();
    addEvent(agg, e);
    const { bins: _bins, ...sums } = agg;
    return { id: e.id, key: keyOf(e, by), sums };
  });
}

/** Sort value of `sort` for each key, best first, ties by key; the order breakdownMetrics shows. */
export function ranked(
  groups: ReadonlyMap<string, Aggregate>,
  sort: MetricName,
  windowMs: number,
): Array<[string, Aggregate]> {
  const value = new Map([...groups].map(([k, a]) => [k, METRICS[sort].value(a, windowMs)]));
  return [...groups].sort(([a], [b]) => value.get(b)! - value.get(a)! || a.localeCompare(b));
}

/**
 * The keys of the rows a breakdown returns: stored sums (one row per key) plus the pending events
 * not in `stored`, added in the order breakdownMetrics adds them, so the same floats compare.
 */
export function topKeys(
  rows: ReadonlyArray<{ key: string } & Sums>,
  top: TopRequest,
  stored: ReadonlySet<string>,
): string[] {
  const groups = new Map<string, Aggregate>();
  for (const r of rows) {
    const agg = emptyAggregate();
    for (const f of SUM_FIELDS) agg[f] = Number(r[f]);
    groups.set(r.key, agg);
  }
  for (const p of top.pending) {
    if (stored.has(p.id)) continue;
    const agg = groups.get(p.key) ?? emptyAggregate();
    for (const f of SUM_FIELDS) agg[f] += p.sums[f];
    groups.set(p.key, agg);
  }
  return ranked(groups, top.sort, top.windowMs).slice(0, top.limit).map(([k]) => k);
}
