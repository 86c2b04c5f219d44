// A budget's spend over a range. A user's reads the per-user day rollup with raw edges (a
// breakdown of that one user); other scopes read the current metrics of their filters.
import type { StoredEvent } from "../ingest/event.ts";
import { breakdownMetrics, currentMetrics, type LiveMetricsDeps } from "../metrics/live_metrics.ts";
import type { MetricsQuery } from "../metrics/query.ts";

export async function spendUsd(
  deps: LiveMetricsDeps,
  q: MetricsQuery,
  fresh: StoredEvent[],
): Promise<number> {
  const fields = Object.keys(q.filters);
  if (fields.length === 1 && q.filters.user_id?.length === 1) {
    const options = { sort: "cost_usd", limit: 1 } as const;
    const { rows } = await breakdownMetrics(deps, q, "user_id", options, fresh);
    return rows[0]?.cost_usd ?? 0;
  }
  return (await currentMetrics(deps, q, fresh)).cost_usd;
}
