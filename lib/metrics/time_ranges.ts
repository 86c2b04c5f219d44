// Splits [from, to) into whole UTC days, whole hours, whole minutes and raw edges, so any window
// reads a bounded number of rows per group: its days, at most 2×23 hours, 2×59 minutes and two
// partial minutes of raw events. Minute rollups are kept only for recent hours (retention prunes
// the older ones): partial hours before `minutesFrom` are read from raw events instead.

export interface RangePlan {
  days: Array<[number, number]>;
  hours: Array<[number, number]>;
  minutes: Array<[number, number]>;
  raw: Array<[number, number]>;
}

export interface PlanOptions {
  /** Whole hours may come from hour rollups (false: minutes and raw events only). */
  hours: boolean;
  /** Whole UTC days may come from day rollups; defaults to `hours`. */
  days?: boolean;
  /** The oldest minute rollup that may be read (ms); older partial hours are read raw. */
  minutesFrom?: number;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** The default of ROLLUP_MINUTES_HOURS (lib/config.ts): hours minute rollups are kept. */
export const DEFAULT_MINUTE_ROLLUP_HOURS = 48;

const ceilTo = (t: number, unit: number) => Math.ceil(t / unit) * unit;
const floorTo = (t: number, unit: number) => Math.floor(t / unit) * unit;

/** Retention deletes the minute rollups before this time. */
export function minuteRollupsPrunedBefore(now: number, keepHours: number): number {
  return now - keepHours * HOUR_MS;
}

/**
 * The oldest minute rollup a read made at `now` may use: a whole hour, one hour after what
 * retention at `now` deletes, so instances whose clocks differ by up to an hour agree.
 */
export function minuteRollupsFrom(now: number, keepHours: number): number {
  return ceilTo(minuteRollupsPrunedBefore(now, keepHours) + HOUR_MS, HOUR_MS);
}

export function planRanges(from: number, to: number, options: PlanOptions): RangePlan {
  const plan: RangePlan = { days: [], hours: [], minutes: [], raw: [] };
  const push = (list: Array<[number, number]>, a: number, b: number) => {
    if (b > a) list.push([a, b]);
  };
  const m1 = ceilTo(from, MINUTE_MS);
  const m2 = floorTo(to, MINUTE_MS);
  if (m1 >= m2) {
    push(plan.raw, from, to);
    return plan;
  }
  push(plan.raw, from, m1);
  push(plan.raw, m2, to);
  const h1 = ceilTo(m1, HOUR_MS);
  const h2 = floorTo(m2, HOUR_MS);
  const minutes: Array<[number, number]> = [];
  if (!options.hours || h1 >= h2) {
    push(minutes, m1, m2);
  } else {
    push(minutes, m1, h1);
    push(minutes, h2, m2);
    const d1 = ceilTo(h1, DAY_MS);
    const d2 = floorTo(h2, DAY_MS);
    if ((options.days ?? true) && d1 < d2) {
      push(plan.hours, h1, d1);
      push(plan.hours, d2, h2);
      push(plan.days, d1, d2);
    } else {
      push(plan.hours, h1, h2);
    }
  }
  const cutoff = options.minutesFrom ?? -Infinity;
  for (const [a, b] of minutes) {
    push(plan.raw, a, Math.min(b, cutoff));
    push(plan.minutes, Math.max(a, cutoff), b);
  }
  plan.raw = merged(plan.raw);
  return plan;
}

/** Sorted, with touching ranges joined: fewer conditions in the SQL. */
function merged(ranges: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [a, b] of [...ranges].sort((x, y) => x[0] - y[0])) {
    const last = out.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}
