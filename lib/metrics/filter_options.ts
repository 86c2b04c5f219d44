// What the dashboard's filter bar offers: the values seen in a range, and a colour slot per model.
import { matches } from "./aggregate.ts";
import type { LiveMetricsDeps } from "./live_metrics.ts";
import type { MetricsQuery } from "./query.ts";
import type { StoredEvent } from "../ingest/event.ts";
import { seriesSlots } from "../store/series_colors.ts";

const STATUSES = ["success", "error", "timeout"];
/** The most requested applications offered ("" for none takes a place, as in a breakdown). */
const APPLICATIONS = 100;

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
  // One grouped read of the rollups, no histograms; then the buffered events, one request each.
  const seen = [
    ...await deps.store.filterValues(all),
    ...fresh.filter((e) => matches(e, all)).map((e) => ({ ...e, requests: 1 })),
  ];
  const requests = new Map<string, number>();
  const byApplication = new Map<string, number>();
  const providers = new Set<string>();
  const endpoints = new Set<string>();
  const count = (map: Map<string, number>, key: string, n: number) =>
    map.set(key, (map.get(key) ?? 0) + n);
  for (const r of seen) {
    count(requests, r.model, Number(r.requests));
    count(byApplication, r.application ?? "", Number(r.requests));
    if (r.provider) providers.add(r.provider);
    endpoints.add(r.endpoint);
  }
  const models = mostRequested(requests);
  return {
    values: {
      model: models,
      provider: [...providers].sort(),
      endpoint: [...endpoints].sort(),
      application: mostRequested(byApplication).slice(0, APPLICATIONS).filter((a) => a !== "")
        .sort(),
      status: STATUSES,
    },
    colors: await seriesSlots(deps, q.projectId, "model", models),
  };
}

/** Keys by count, most first, ties by key. */
function mostRequested(counts: Map<string, number>): string[] {
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
}
