// Several histories with one store read per grouping, each in the shape of GET
// /api/metrics/history: the Overview's charts read the store twice instead of 7 times.
import { historySeries, type HistorySlots, historySlots, totalSlots } from "./history_series.ts";
import {
  type HistoryResult,
  type LiveMetricsDeps,
  pendingEvents,
  unstored,
} from "./live_metrics.ts";
import type { MetricName } from "./catalogue.ts";
import { BIN_METRICS } from "./breakdown_top.ts";
import { defaultStepMs, type GroupBy, type MetricsQuery } from "./query.ts";
import type { StoredEvent } from "../ingest/event.ts";

/** One history asked for: a metric, per group or (null) in total. */
export interface HistoryRequest {
  metric: MetricName;
  group_by: GroupBy | null;
}

/**
 * The history of each request over q at the default step, in request order. The buffered events
 * the store did not hold in its snapshot are added to the rows, as historyMetrics does.
 */
export async function historyMetricsMany(
  deps: Pick<LiveMetricsDeps, "store">,
  q: MetricsQuery,
  requests: readonly HistoryRequest[],
  fresh: StoredEvent[],
): Promise<HistoryResult[]> {
  const stepMs = defaultStepMs(q.to - q.from);
  const groupings = [...new Set(requests.map((s) => s.group_by))];
  const pending = pendingEvents(fresh, q);
  const grouped = groupings.filter((g) => g !== null);
  // The totals come from the first grouped read when there is one: it carries their bins too.
  const servedBy = (g: GroupBy | null) => g ?? grouped[0] ?? null;
  const read = async (groupBy: GroupBy | null) => {
    const ids = pending.map((e) => e.id);
    const bins = requests.some((r) =>
      servedBy(r.group_by) === groupBy && BIN_METRICS.has(r.metric)
    );
    const { rows, stored } = await deps.store.liveHistory(q, stepMs, groupBy, ids, bins);
    return [groupBy, historySlots(rows, unstored(pending, stored), stepMs, groupBy)] as const;
  };
  // Aggregates merge exactly (sums and histogram bins), so the ungrouped series come from any
  // grouped read: one store read fewer.
  const byGrouping = new Map<GroupBy | null, HistorySlots>(
    await Promise.all((grouped.length > 0 ? grouped : [null]).map(read)),
  );
  if (groupings.includes(null) && !byGrouping.has(null)) {
    byGrouping.set(null, totalSlots(byGrouping.get(grouped[0]!)!));
  }
  return requests.map(({ metric, group_by }) =>
    historySeries(byGrouping.get(group_by)!, metric, group_by, q, stepMs)
  );
}
