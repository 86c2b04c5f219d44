// Every number of the Costs page in one read: the range's metrics (and the range before), the spend
// calendar, budgets, the costliest endpoints and users, the charts' histories and the unpriced
// models, from one database snapshot and one set of buffered events. So month to date is never
// below the last hour, and the unpriced models add up to the unpriced requests card.
import type { BudgetStatus } from "./budgets.ts";
import type { BudgetDeps } from "./budgets.ts";
import { inOneSnapshot, type SpendRead, type SpendSummary, spendSummary } from "./spend_summary.ts";
import { type UnpricedModel, unpricedModels } from "./unpriced.ts";
import { historyMetricsMany, type HistoryRequest } from "../metrics/history_many.ts";
import type { BreakdownResult, HistoryResult } from "../metrics/live_metrics.ts";

export interface CostsPageNumbers extends SpendSummary<BudgetStatus[], BreakdownResult> {
  /** One per history asked for, in order. */
  histories: HistoryResult[];
  /** The range's models with unpriced requests, most first: they sum to unpriced_requests. */
  unpriced: UnpricedModel[];
}

/** The Costs page's numbers; `histories` are its charts' series. */
export function costsPageRead(
  deps: BudgetDeps,
  r: SpendRead,
  histories: readonly HistoryRequest[],
): Promise<CostsPageNumbers> {
  return inOneSnapshot(deps, async (d) => {
    const [spend, series] = await Promise.all([
      spendSummary(d, r, { budgets: true, costliest: 10 }),
      historyMetricsMany(d, r.q, histories, r.fresh),
    ]);
    const models = spend.current.active_models.map((m) => ({
      model: m.model,
      provider: m.provider,
      unpriced: m.unpriced_requests,
    }));
    return { ...spend, histories: series, unpriced: unpricedModels(models) };
  });
}
