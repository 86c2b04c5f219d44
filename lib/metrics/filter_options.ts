// What the dashboard's filter bar offers: the values seen in a range, and a colour slot per model.
import { matches } from "./aggregate.ts";
import { breakdownMetrics, type LiveMetricsDeps } from "./live_metrics.ts";
import type { MetricsQuery } from "./query.ts";
import type { StoredEvent } from "../ingest/event.ts";

const STATUSES = ["success", "error", "timeout"];

export interface FilterOptions {
  /** Values per filter field, for the filter bar. */
  values: Record<"model" | "provider" | "endpoint" | "application" | "status", string[]>;
  /** Palette slot per model, most requested first. */
  colors: Record<string, number>;
}

/**
 * Values seen in the range per filter (ignoring the filters), and a colour slot per model, most
 * requested first. Users are many: the filter bar suggests them when asked, not here.
 */
export async function filterOptions(
  deps: LiveMetricsDeps,
  q: MetricsQuery,
  fresh: readonly StoredEvent[],
): Promise<FilterOptions> {
  const all = { ...q, filters: {} };
  const [rows, applications] = await Promise.all([
    deps.store.aggregate(all),
    breakdownMetrics(deps, all, "application", { sort: "requests", limit: 100 }),
  ]);
  const requests = new Map<string, number>();
  const providers = new Set<string>();
  const endpoints = new Set<string>();
  const count = (model: string, n: number) => requests.set(model, (requests.get(model) ?? 0) + n);
  for (const r of rows) {
    count(r.model, Number(r.requests));
    if (r.provider) providers.add(r.provider);
    endpoints.add(r.endpoint);
  }
  for (const e of fresh) {
    if (!matches(e, all)) continue;
    count(e.model, 1);
    if (e.provider) providers.add(e.provider);
    endpoints.add(e.endpoint);
  }
  const models = [...requests.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([m]) => m);
  return {
    values: {
      model: models,
      provider: [...providers].sort(),
      endpoint: [...endpoints].sort(),
      application: applications.rows.map((r) => r.key).filter((k) => k !== "").sort(),
      status: STATUSES,
    },
    colors: Object.fromEntries(models.map((m, i) => [m, i])),
  };
}
