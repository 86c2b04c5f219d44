// Re-prices stored events of a time range with today's table and overrides (after a table fix or
// a new override). Client-reported costs are kept.
import type { Pricer } from "./pricing.ts";
import type { EventStore } from "../store/event_store.ts";
import type { PriceStore } from "../store/price_store.ts";

const PAGE = 1_000;

export interface RepriceResult {
  examined: number;
  changed: number;
}

export async function reprice(
  deps: { store: EventStore; prices: PriceStore; pricer: Pricer; kv: Deno.Kv },
  projectId: string,
  range: { from: number; to: number },
  onProgress: (done: RepriceResult) => void = () => {},
): Promise<RepriceResult> {
  const overrides = await deps.prices.list(projectId);
  const result: RepriceResult = { examined: 0, changed: 0 };
  let before: [number, string] | undefined;
  for (;;) {
    const page = await deps.store.repriceCandidates(projectId, range, { before, limit: PAGE });
    if (page.length === 0) break;
    const updates = page.map((e) => {
      const p = deps.pricer.apply(e, overrides);
      return {
        id: e.id,
        cost_usd: p.cost_usd,
        input_cost_usd: p.input_cost_usd,
        output_cost_usd: p.output_cost_usd,
        cache_savings_usd: p.cache_savings_usd,
        cost_source: p.cost_source,
        price_version: p.price_version,
      };
    });
    result.changed += await deps.store.applyPrices(projectId, updates);
    result.examined += page.length;
    onProgress({ ...result });
    const last = page.at(-1)!;
    before = [last.ts, last.id];
    if (page.length < PAGE) break;
  }
  return result;
}
