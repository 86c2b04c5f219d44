// Models whose requests have no price (no list price and no override), for the Costs page and API.

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
