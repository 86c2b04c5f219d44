// Splits [from, to) into whole hours, whole minutes and raw edges, so a window of any length reads
// at most ~720 hourly rows, ~120 minute rows and two partial minutes of raw events per group.

export interface RangePlan {
  hours: Array<[number, number]>;
  minutes: Array<[number, number]>;
  raw: Array<[number, number]>;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const ceilTo = (t: number, unit: number) => Math.ceil(t / unit) * unit;
const floorTo = (t: number, unit: number) => Math.floor(t / unit) * unit;

export function planRanges(
  from: number,
  to: number,
  options: { hours: boolean } = { hours: true },
): RangePlan {
  const plan: RangePlan = { hours: [], minutes: [], raw: [] };
  const push = (list: Array<[number, number]>, a: number, b: number) => {
    if (b > a) list.push([a, b]);
  };
  const m1 = ceilTo(from, MINUTE);
  const m2 = floorTo(to, MINUTE);
  if (m1 >= m2) {
    push(plan.raw, from, to);
    return plan;
  }
  push(plan.raw, from, m1);
  push(plan.raw, m2, to);
  const h1 = ceilTo(m1, HOUR);
  const h2 = floorTo(m2, HOUR);
  if (!options.hours || h1 >= h2) {
    push(plan.minutes, m1, m2);
    return plan;
  }
  push(plan.minutes, m1, h1);
  push(plan.minutes, h2, m2);
  push(plan.hours, h1, h2);
  return plan;
}
