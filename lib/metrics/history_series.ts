// Time series from history rows and buffered events: aggregates in slots (per series key, per step
// start), then one point per step of the range. GET /api/metrics/history and the dashboard's first
// paint (historyMetrics, historyMetricsMany) both build their series here.
import { addEvent, fromRow } from "./aggregate.ts";
import {
  type Aggregate,
  emptyAggregate,
  mergeInto,
  type MetricDef,
  type MetricName,
  METRICS,
} from "./catalogue.ts";
import type { GroupBy, TimeRange } from "./query.ts";
import { formatStep } from "../shared/windows.ts";
import type { StoredEvent } from "../ingest/event.ts";
import type { HistoryRow } from "../store/read_queries.ts";

/** Aggregates by series key ("" ungrouped), then by step start (epoch ms). */
export type HistorySlots = Map<string, Map<number, Aggregate>>;

/** A point of a series: the step's start (epoch ms) and its value, null where it is undefined. */
export type HistoryPoint = [number, number | null];

/** The series shape of GET /api/metrics/history. */
export interface HistoryResult {
  metric: MetricName;
  step: string;
  series: Array<{ key: string; points: HistoryPoint[] }>;
}

/**
 * Store rows plus buffered events (of the query, not yet stored) in slots; an ungrouped read
 * always has its one series, even when nothing happened.
 */
export function historySlots(
  rows: readonly HistoryRow[],
  buffered: readonly StoredEvent[],
  stepMs: number,
  groupBy: GroupBy | null,
): HistorySlots {
  const slots: HistorySlots = new Map();
  const slot = (key: string, at: number) => {
    const points = slots.get(key) ?? new Map<number, Aggregate>();
    slots.set(key, points);
    const agg = points.get(at) ?? emptyAggregate();
    points.set(at, agg);
    return agg;
  };
  for (const row of rows) mergeInto(slot(row.key, Number(row.at)), fromRow(row));
  for (const e of buffered) {
    addEvent(slot(groupBy ? String(e[groupBy] ?? "") : "", Math.floor(e.ts / stepMs) * stepMs), e);
  }
  if (slots.size === 0 && !groupBy) slots.set("", new Map());
  return slots;
}

/** Every series of grouped slots merged into one (aggregates merge exactly: sums and bins). */
export function totalSlots(grouped: HistorySlots): HistorySlots {
  const total = new Map<number, Aggregate>();
  for (const points of grouped.values()) {
    for (const [at, agg] of points) {
      total.set(at, mergeInto(total.get(at) ?? emptyAggregate(), agg));
    }
  }
  return new Map([["", total]]);
}

/**
 * One metric of slots as series: a point per step of the range, the biggest series first. Counts
 * and sums are 0 in a step where nothing happened; an average, ratio or percentile (a metric with
 * `per`) is null in a step where its count is 0: no request is no value, not 0 ms.
 */
export function historySeries(
  slots: HistorySlots,
  metric: MetricName,
  groupBy: GroupBy | null,
  range: Pick<TimeRange, "from" | "to">,
  stepMs: number,
): HistoryResult {
  const { value, per } = METRICS[metric] as MetricDef;
  const start = Math.floor(range.from / stepMs) * stepMs;
  return {
    metric,
    step: formatStep(stepMs),
    series: [...slots.entries()]
      .map(([key, points]) => {
        const out: HistoryPoint[] = [];
        for (let at = start; at < range.to; at += stepMs) {
          const agg = points.get(at);
          if (per) out.push([at, agg && agg[per] > 0 ? value(agg, stepMs) : null]);
          else out.push([at, value(agg ?? emptyAggregate(), stepMs)]);
        }
        return { key: groupBy ? key || "unknown" : "all", points: out };
      })
      .sort((a, b) => total(b.points) - total(a.points) || a.key.localeCompare(b.key)),
  };
}

function total(points: HistoryPoint[]): number {
  return points.reduce((sum, [, v]) => sum + (v ?? 0), 0);
}
