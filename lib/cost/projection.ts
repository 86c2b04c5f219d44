// The spend projection: spend so far plus the recent run rate until the period ends. One rule for
// budget status (lib/cost/budgets.ts) and the dashboard's "Projected month end" card. Browser-safe.

const HOUR = 3_600_000;
/** The run rate is the spend of this trailing window, per hour. */
export const RUN_RATE_WINDOW_MS = 24 * HOUR;

export const PROJECTION_METHOD =
  "linear: spend so far + (spend over the trailing 24 h ÷ 24) × hours left in the period";

/** Spend per hour over the trailing window. */
export function runRatePerHour(trailingUsd: number): number {
  return trailingUsd / (RUN_RATE_WINDOW_MS / HOUR);
}

/** The spend at `end` if the run rate holds from `now` (nothing is added after the end). */
export function projectSpend(spendUsd: number, trailingUsd: number, end: number, now: number) {
  return spendUsd + runRatePerHour(trailingUsd) * Math.max(0, (end - now) / HOUR);
}
