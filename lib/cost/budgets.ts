// Budget status: spend so far in the period, utilization, a projection to the period's end, and
// when the budget runs out at the recent rate.
import { type BudgetPeriod, periodBounds } from "./budget_period.ts";
import { type LiveMetricsDeps, readFresh } from "../metrics/live_metrics.ts";
import { spendUsd } from "./budget_spend.ts";
import type { StoredEvent } from "../ingest/event.ts";
import type { MetricsQuery } from "../metrics/query.ts";
import { scopeFilters } from "./budget_scope.ts";
import {
  PROJECTION_METHOD,
  projectSpend,
  RUN_RATE_WINDOW_MS,
  runRatePerHour,
} from "./projection.ts";
import type { Project } from "../access/types.ts";
import type { Budget, BudgetStore, Crossing } from "../store/budget_store.ts";

const HOUR = 3_600_000;

export interface BudgetStatus {
  budget: Budget;
  time_zone: string;
  period_start: string;
  period_end: string;
  spend_usd: number;
  budget_utilization: number;
  run_rate_usd_per_hour: number;
  projected_spend: number;
  projected_utilization: number;
  /** When the spend reaches the amount at the run rate, if within the period; null otherwise. */
  runs_out_at: string | null;
  exhausted: boolean;
  method: string;
  crossings: Crossing[];
}

export interface BudgetDeps extends LiveMetricsDeps {
  budgets: BudgetStore;
}

export async function budgetStatus(
  deps: BudgetDeps,
  budget: Budget,
  project: Project,
  now: number,
  fresh?: StoredEvent[],
): Promise<BudgetStatus> {
  const [start, end] = periodBounds(now, project.time_zone, budget.period as BudgetPeriod);
  const query = (from: number): MetricsQuery => ({
    projectId: budget.project_id,
    window: "custom",
    from,
    to: now,
    filters: scopeFilters(budget),
  });
  // One read of the buffer serves both windows.
  const buffered = fresh ?? await readFresh(deps.buffer);
  const [spend, trailing, crossings] = await Promise.all([
    now > start ? spendUsd(deps, query(start), buffered) : 0,
    spendUsd(deps, query(now - RUN_RATE_WINDOW_MS), buffered),
    deps.budgets.crossings(budget.id, start),
  ]);
  const rate = runRatePerHour(trailing);
  const projected = projectSpend(spend, trailing, end, now);
  const exhausted = spend >= budget.amount_usd;
  const outAt = !exhausted && rate > 0 ? now + ((budget.amount_usd - spend) / rate) * HOUR : null;
  return {
    budget,
    time_zone: project.time_zone,
    period_start: new Date(start).toISOString(),
    period_end: new Date(end).toISOString(),
    spend_usd: spend,
    budget_utilization: spend / budget.amount_usd,
    run_rate_usd_per_hour: rate,
    projected_spend: projected,
    projected_utilization: projected / budget.amount_usd,
    runs_out_at: outAt !== null && outAt < end ? new Date(Math.round(outAt)).toISOString() : null,
    exhausted,
    method: PROJECTION_METHOD,
    crossings,
  };
}

/** Records every threshold the status has reached and that was not recorded yet; returns them. */
export async function recordCrossings(
  budgets: BudgetStore,
  status: BudgetStatus,
  now: number,
): Promise<Crossing[]> {
  const start = Date.parse(status.period_start);
  const recorded: Crossing[] = [];
  for (const threshold of status.budget.thresholds) {
    if (status.budget_utilization < threshold) continue;
    if (status.crossings.some((c) => c.threshold === threshold)) continue;
    const crossing = {
      threshold,
      crossed_at: new Date(now).toISOString(),
      spend_usd: status.spend_usd,
    };
    if (await budgets.recordCrossing(status.budget.id, start, crossing)) recorded.push(crossing);
  }
  return recorded;
}

/**
 * Forgets the crossings of the status's period that it no longer reaches: thresholds an edit
 * removed, or raised out of reach with the amount. They are recorded again when reached again.
 */
export async function pruneCrossings(budgets: BudgetStore, status: BudgetStatus): Promise<void> {
  const start = Date.parse(status.period_start);
  const stale = status.crossings.filter((c) =>
    !status.budget.thresholds.includes(c.threshold) || status.budget_utilization < c.threshold
  );
  for (const c of stale) await budgets.deleteCrossing(status.budget.id, start, c.threshold);
  status.crossings = status.crossings.filter((c) => !stale.includes(c));
}
