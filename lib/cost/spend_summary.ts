// The spend a dashboard page opens with: the range's numbers (and the range before), spend today,
// this month and over the last 24 h, budget statuses and the costliest features and users. All of
// it from one database snapshot and one set of buffered events, so the numbers agree: month to
// date is never below a part of the month, whatever flushes commit while the page reads.
import { periodBounds } from "./budget_period.ts";
import { listBudgets } from "./budget_reads.ts";
import type { BudgetDeps, BudgetStatus } from "./budgets.ts";
import {
  breakdownMetrics,
  type BreakdownResult,
  type CurrentMetrics,
  currentMetrics,
  type LiveMetricsDeps,
} from "../metrics/live_metrics.ts";
import type { MetricsQuery } from "../metrics/query.ts";
import type { StoredEvent } from "../ingest/event.ts";
import type { Project } from "../access/types.ts";

const DAY = 86_400_000;

export interface SpendCalendar {
  calendar: {
    today: number;
    yesterday: number;
    month: number;
    trailing_24h: number;
    /** Requests today and this month with no price: the spend leaves them out. */
    unpriced_today: number;
    unpriced_month: number;
  };
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
export function spendSummary(
  deps: BudgetDeps,
  r: SpendRead,
  options: { budgets: boolean; costliest: number | null },
): Promise<SpendSummary<BudgetStatus[] | null, BreakdownResult | null>> {
  const limit = options.costliest;
  return inOneSnapshot(deps, async (d) => {
    const [current, cal, budgets, features, users] = await Promise.all([
      currentMetrics(d, r.q, r.fresh, { previous: true }),
      spendCalendar(d, r),
      options.budgets ? listBudgets(d, r.project, r.now, r.fresh) : null,
      limit === null ? null : costliest(d, r, "endpoint", limit),
      limit === null ? null : costliest(d, r, "user_id", limit),
    ]);
    return { current, ...cal, budgets, features, users };
  });
}

/**
 * Runs fn with deps whose live reads all see one database snapshot (nested calls share it). Pass
 * the same buffered events to every read inside, as SpendRead.fresh: then each event counts once
 * in every figure, stored in the snapshot or still buffered.
 */
export function inOneSnapshot<D extends LiveMetricsDeps, T>(
  deps: D,
  fn: (deps: D) => Promise<T>,
): Promise<T> {
  return deps.store.liveSnapshot((reads) => {
    const liveSnapshot: D["store"]["liveSnapshot"] = (inner) => inner(reads);
    // Any other store call would read outside the snapshot (on PGlite, wait for it forever).
    const outside = Object.fromEntries(
      Object.keys(deps.store).map((name) => [name, () => {
        throw new Error(`store.${name} is not a read of the snapshot`);
      }]),
    );
    const store = { ...outside, ...reads, liveSnapshot } as D["store"];
    return fn({ ...deps, store });
  });
}

/** Spend today (and yesterday until the same time), this month, and over the last 24 h. */
export async function spendCalendar(deps: BudgetDeps, r: SpendRead): Promise<SpendCalendar> {
  const now = r.now;
  const [dayStart] = periodBounds(now, r.project.time_zone, "daily");
  const [monthStart, monthEnd] = periodBounds(now, r.project.time_zone, "monthly");
  const read = (from: number, to: number) =>
    currentMetrics(deps, { ...r.q, window: "custom", from, to }, r.fresh);
  const [today, yesterday, month, trailing] = await Promise.all([
    read(dayStart, now),
    read(dayStart - DAY, now - DAY),
    read(monthStart, now),
    read(now - DAY, now),
  ]);
  return {
    calendar: {
      today: today.cost_usd,
      yesterday: yesterday.cost_usd,
      month: month.cost_usd,
      trailing_24h: trailing.cost_usd,
      unpriced_today: today.unpriced_requests,
      unpriced_month: month.unpriced_requests,
    },
    bounds: { day_start: dayStart, month_start: monthStart, month_end: monthEnd },
  };
}

function costliest(deps: BudgetDeps, r: SpendRead, by: "endpoint" | "user_id", limit: number) {
  return breakdownMetrics(deps, r.q, by, { sort: "cost_usd", limit }, r.fresh);
}
