// What the budget list says about one budget, in the project's time zone and the reader's locale
// (the server render and the hydrated island print the same text): how much is used and where the
// period is heading, and the thresholds crossed this period, newest first.
import { formatTime, untilLabel } from "../components/time.ts";
import type { BudgetStatus } from "../lib/cost/budgets.ts";
import type { Crossing } from "../lib/store/budget_store.ts";
import { formatValue } from "../lib/shared/format.ts";

export interface Where {
  timeZone: string;
  locale: string;
}

/**
 * "62.5% used · projected to run out on Nov 25, 18:12 (in 7 h)", "8% used · on track: $65.42
 * (65.4%) by Dec 1" or "125% used · exhausted on Nov 25, 11:00" (when the 100 % crossing is known).
 */
export function projectionSentence(s: BudgetStatus, now: number, where: Where): string {
  const rate = (v: number) => formatValue(v, "rate", where.locale);
  const used = `${rate(s.budget_utilization)} used`;
  if (s.exhausted) {
    const at = s.crossings.find((c) => c.threshold === 1)?.crossed_at;
    return `${used} · exhausted${at ? ` on ${formatTime(Date.parse(at), "datetime", where)}` : ""}`;
  }
  if (s.runs_out_at) {
    const at = Date.parse(s.runs_out_at);
    return `${used} · projected to run out on ${formatTime(at, "datetime", where)} (${
      untilLabel(at, now)
    })`;
  }
  return `${used} · on track: ${formatValue(s.projected_spend, "usd", where.locale)} (${
    rate(s.projected_utilization)
  }) by ${formatTime(Date.parse(s.period_end), "date", where)}`;
}

/** The crossings newest first; of those recorded together, the highest threshold first. */
export function newestFirst(crossings: readonly Crossing[]): Crossing[] {
  return [...crossings].sort((a, b) =>
    b.crossed_at.localeCompare(a.crossed_at) || b.threshold - a.threshold
  );
}
