// Models whose requests have no price (no list price and no override), for the Costs page and API.
import type { MetricsQuery } from "../metrics/query.ts";

export interface UnpricedModel {
  model: string;
  provider: string;
  requests: number;
}

/** Models with unpriced requests (no list price and no override), most requests first. */
export function unpricedModels(
  rows: Array<{ model: string; provider: string; unpriced: number }>,
): UnpricedModel[] {
  const byModel = new Map<string, UnpricedModel>();
  for (const r of rows) {
    if (Number(r.unpriced) === 0) continue;
    const key = JSON.stringify([r.model, r.provider]);
    const m = byModel.get(key) ?? { model: r.model, provider: r.provider, requests: 0 };
    m.requests += Number(r.unpriced);
    byModel.set(key, m);
  }
  return [...byModel.values()].sort((a, b) => b.requests - a.requests);
}

/** The unpriced requests of a query: their total, and by model. */
export async function unpricedReport(
  store: { aggregate(q: MetricsQuery): Promise<Parameters<typeof unpricedModels>[0]> },
  q: MetricsQuery,
): Promise<{ unpriced_requests: number; models: UnpricedModel[] }> {
  const models = unpricedModels(await store.aggregate(q));
  return { unpriced_requests: models.reduce((s, m) => s + m.requests, 0), models };
}
