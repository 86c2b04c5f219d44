// Folds events into rollup rows: one per (project, time bucket, model, provider, endpoint,
// application, status), with sums and a latency histogram.
import type { StoredEvent } from "../ingest/event.ts";
import { addEvent } from "./aggregate.ts";
import type { Histogram } from "./histogram.ts";
import { type Aggregate, emptyAggregate, type Sums } from "./catalogue.ts";

export const GRANULARITIES = { "1m": 60_000, "1h": 3_600_000, "1d": 86_400_000 } as const;
export type Granularity = keyof typeof GRANULARITIES;

/** The dimensions of a rollup row. */
export interface RollupDims {
  project_id: string;
  bucket: number;
  model: string;
  provider: string;
  endpoint: string;
  application: string;
  status: string;
}

export interface RollupRow extends RollupDims, Sums {
  latency_max_ms: number;
  latency_hist: Histogram;
}

/** The rollup row an event belongs to, at a bucket width; missing provider/application are "". */
/** The cost fields a re-pricing changes. */
export type CostChange = Pick<
  StoredEvent,
  "cost_usd" | "input_cost_usd" | "output_cost_usd" | "cache_savings_usd"
>;

/** Adds to a rollup row's sums the change from an event's old costs to new ones. */
export function addCostChange(row: Sums, e: CostChange, u: CostChange): void {
  row.cost_usd += (u.cost_usd ?? 0) - (e.cost_usd ?? 0);
  row.input_cost_usd += (u.input_cost_usd ?? 0) - (e.input_cost_usd ?? 0);
  row.output_cost_usd += (u.output_cost_usd ?? 0) - (e.output_cost_usd ?? 0);
  row.cache_savings_usd += (u.cache_savings_usd ?? 0) - (e.cache_savings_usd ?? 0);
  row.unpriced += (u.cost_usd === null ? 1 : 0) - (e.cost_usd === null ? 1 : 0);
}

export function rollupDims(e: StoredEvent, bucketMs: number): RollupDims {
  return {
    project_id: e.project_id,
    bucket: Math.floor(e.ts / bucketMs) * bucketMs,
    model: e.model,
    provider: e.provider ?? "",
    endpoint: e.endpoint,
    application: e.application ?? "",
    status: e.status,
  };
}

export function rollUp(events: readonly StoredEvent[], bucketMs: number): RollupRow[] {
  const groups = new Map<string, { row: RollupRow; agg: Aggregate }>();
  for (const e of events) {
    const dims = rollupDims(e, bucketMs);
    const key = JSON.stringify(Object.values(dims));
    let group = groups.get(key);
    if (!group) {
      group = { row: { ...dims, latency_max_ms: 0 } as RollupRow, agg: emptyAggregate() };
      groups.set(key, group);
    }
    addEvent(group.agg, e);
    if (e.latency_ms !== null) {
      group.row.latency_max_ms = Math.max(group.row.latency_max_ms, e.latency_ms);
    }
  }
  return [...groups.values()].map(({ row, agg }) => {
    const { bins, ...sums } = agg;
    return { ...row, ...sums, latency_hist: Object.fromEntries(bins) };
  });
}
