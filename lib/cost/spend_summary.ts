// The spend a dashboard page opens with: the range's numbers (and the range before), spend today,
// this month and over the last 24 h, budget statuses and the costliest features and users.
import { periodBounds } from "./budget_period.ts";
import { listBudgets } from "./budget_reads.ts";
import type { BudgetDeps, BudgetStatus } from "./budgets.ts";
import {
  breakdownMetrics,
  type BreakdownResult,
  type CurrentMetrics,
  currentMetrics,
} from "../metrics/live_metrics.ts";
import type { MetricsQuery } from "../metrics/query.ts";
import type { StoredEvent } from "../ingest/event.ts";
import type { Project } from "../access/types.ts";

const DAY = 86_400_000;

export interface SpendCalendar {
  calendar: { today: number; yesterday: number; month: number; trailing_24h: number };
  bounds: { day_start: number; month_start: number; month_end: number };
}

export interface SpendSummary<B, C> extends SpendCalendar {
  current: CurrentMetrics;
  budgets: B;
  features: C;
  users: C;
}

/** One page read: its query, project, time and the buffered events its reads share. */
export interface SpendRead {
  q: MetricsQuery;
  project: Project;
  now: number;
  fresh: StoredEvent[];
}

/**
 * The range's metrics with the range before, the spend calendar, and (when asked) the budgets and
 * the `costliest` endpoints and users by cost.
 */
export function spendSummary(
  deps: BudgetDeps,
  r: SpendRead,
  options: { budgets: true; costliest: number },
): Promise<SpendSummary<BudgetStatus[], BreakdownResult>>;
export function spendSummary(
  deps: BudgetDeps,
  r: SpendRead,
  options: { budgets: boolean; costliest: number | null },
): Promise<SpendSummary<BudgetStatus[] | null, BreakdownResult | null>>;
export async function spendSummary(
  deps: BudgetDeps,
  r: SpendRead,
  options: { budgets: boolean; costliest: number | null },
): Promise<SpendSummary<BudgetStatus[] | null, BreakdownResult | null>> {
  const limit = options.costliest;
  const [current, cal, budgets, features, users] = await Promise.all([
    currentMetrics(deps, r.q, r.fresh, { previous: true }),
    spendCalendar(deps, r),
    options.budgets ? listBudgets(deps, r.project, r.now, r.fresh) : null,
    limit === null ? null : costliest(deps, r.q, "endpoint", limit),
    limit === null ? null : costliest(deps, r.q, "user_id", limit),
  ]);
  return { current, ...cal, budgets, features, users };
}

/** Spend today (and yesterday until the same time), this month, and over the last 24 h. */
export async function spendCalendar(deps: BudgetDeps, r: SpendRead): Promise<SpendCalendar> {
  const now = r.now;
  const [dayStart] = periodBounds(now, r.project.time_zone, "daily");
  const [monthStart, monthEnd] = periodBounds(now, r.project.time_zone, "monthly");
  const cost = async (from: number, to: number) =>
    (await currentMetrics(deps, { ...r.q, window: "custom", from, to }, r.fresh)).cost_usd;
  const [today, yesterday, month, trailing] = await Promise.all([
    cost(dayStart, now),
    cost(dayStart - DAY, now - DAY),
    cost(monthStart, now),
    cost(now - DAY, now),
  ]);
  return {
    calendar: { today, yesterday, month, trailing_24h: trailing },
    bounds: { day_start: dayStart, month_start: monthStart, month_end: monthEnd },
  };
}

function costliest(deps: BudgetDeps, q: MetricsQuery, by: "endpoint" | "user_id", limit: number) {
  return breakdownMetrics(deps, q, by, { sort: "cost_usd", limit });
}
