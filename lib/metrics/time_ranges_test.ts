import assert from "node:assert/strict";
import {
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  minuteRollupsFrom,
  minuteRollupsPrunedBefore,
  type PlanOptions,
  planRanges,
  type RangePlan,
} from "./time_ranges.ts";

const at = (iso: string) => Date.parse(iso);
const span = (ranges: Array<[number, number]>) => ranges.reduce((n, [a, b]) => n + b - a, 0);

/** The plan covers [from, to) exactly once, each rollup range on its grain's boundaries. */
function assertCovers(plan: RangePlan, from: number, to: number, options: PlanOptions) {
  const all = [...plan.days, ...plan.hours, ...plan.minutes, ...plan.raw].sort((x, y) =>
    x[0] - y[0]
  );
  let t = from;
  for (const [a, b] of all) {
    assert.equal(a, t, `gap or overlap at ${new Date(t).toISOString()}`);
    assert.ok(b > a);
    t = b;
  }
  assert.equal(t, to);
  for (
    const [list, unit] of [[plan.days, DAY_MS], [plan.hours, HOUR_MS], [
      plan.minutes,
      MINUTE_MS,
    ]] as const
  ) {
    for (const [a, b] of list) assert.ok(a % unit === 0 && b % unit === 0, `${a}–${b} on ${unit}`);
  }
  if (!options.hours) assert.deepEqual([plan.days, plan.hours], [[], []]);
  if (options.days === false) assert.deepEqual(plan.days, []);
  for (const [a] of plan.minutes) assert.ok(a >= (options.minutesFrom ?? -Infinity));
}

Deno.test("planRanges() reads a month as days, ≤ 2×23 hours, ≤ 2×59 minutes, < 2 raw minutes", () => {
  const from = at("2026-10-24T17:41:13.250Z");
  const to = at("2026-11-23T12:34:56.789Z");
  const plan = planRanges(from, to, { hours: true, minutesFrom: -Infinity });
  assert.deepEqual(plan.days, [[at("2026-10-25T00:00:00Z"), at("2026-11-23T00:00:00Z")]]);
  assert.deepEqual(plan.hours, [
    [at("2026-10-24T18:00:00Z"), at("2026-10-25T00:00:00Z")],
    [at("2026-11-23T00:00:00Z"), at("2026-11-23T12:00:00Z")],
  ]);
  assert.deepEqual(plan.minutes, [
    [at("2026-10-24T17:42:00Z"), at("2026-10-24T18:00:00Z")],
    [at("2026-11-23T12:00:00Z"), at("2026-11-23T12:34:00Z")],
  ]);
  assert.deepEqual(plan.raw, [
    [from, at("2026-10-24T17:42:00Z")],
    [at("2026-11-23T12:34:00Z"), to],
  ]);
});

Deno.test("planRanges() reads partial hours before minutesFrom from raw events", () => {
  const from = at("2026-10-24T17:41:13.250Z");
  const to = at("2026-11-23T12:34:56.789Z");
  const minutesFrom = minuteRollupsFrom(to, 48);
  assert.equal(minutesFrom, at("2026-11-21T14:00:00Z"));
  const plan = planRanges(from, to, { hours: true, minutesFrom });
  assert.deepEqual(plan.minutes, [[at("2026-11-23T12:00:00Z"), at("2026-11-23T12:34:00Z")]]);
  // The old partial minute and the old partial hour are one raw range.
  assert.deepEqual(plan.raw, [
    [from, at("2026-10-24T18:00:00Z")],
    [at("2026-11-23T12:34:00Z"), to],
  ]);
  // Without a cutoff in the past, minutes across an hour boundary split at the cutoff.
  const short = planRanges(at("2026-11-23T10:30:10Z"), at("2026-11-23T11:20:00Z"), {
    hours: true,
    minutesFrom: at("2026-11-23T11:00:00Z"),
  });
  assert.deepEqual(short.minutes, [[at("2026-11-23T11:00:00Z"), at("2026-11-23T11:20:00Z")]]);
  assert.deepEqual(short.raw, [[at("2026-11-23T10:30:10Z"), at("2026-11-23T11:00:00Z")]]);
});

Deno.test("planRanges() uses only the grains it is allowed", () => {
  const from = at("2026-11-01T05:10:30Z");
  const to = at("2026-11-04T02:00:00Z");
  const hoursOnly = planRanges(from, to, { hours: true, days: false });
  assert.deepEqual(hoursOnly.days, []);
  assert.deepEqual(hoursOnly.hours, [[at("2026-11-01T06:00:00Z"), to]]);
  const minutesOnly = planRanges(from, to, { hours: false });
  assert.deepEqual(minutesOnly.minutes, [[at("2026-11-01T05:11:00Z"), to]]);
  assert.deepEqual(minutesOnly.raw, [[from, at("2026-11-01T05:11:00Z")]]);
  // Inside one minute: raw only.
  const tiny = planRanges(from, from + 20_000, { hours: true });
  assert.deepEqual(tiny, { days: [], hours: [], minutes: [], raw: [[from, from + 20_000]] });
});

Deno.test("planRanges() covers any range exactly once within the row bounds", () => {
  let seed = 7;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const base = at("2026-09-01T00:00:00Z");
  for (let i = 0; i < 5_000; i++) {
    const from = base + Math.floor(random() * 60 * DAY_MS);
    const to = from + 1 + Math.floor(random() ** 3 * 45 * DAY_MS);
    const options: PlanOptions = {
      hours: random() < 0.8,
      days: random() < 0.8,
      minutesFrom: random() < 0.5
        ? -Infinity
        : Math.ceil((from + random() * (to - from)) / HOUR_MS) * HOUR_MS,
    };
    const plan = planRanges(from, to, options);
    assertCovers(plan, from, to, options);
    assert.ok(plan.raw.length <= 2 && plan.minutes.length <= 2 && plan.hours.length <= 2);
    if (options.hours) {
      assert.ok(span(plan.minutes) <= 2 * 59 * MINUTE_MS);
      if (options.minutesFrom === -Infinity) assert.ok(span(plan.raw) < 2 * MINUTE_MS);
      else assert.ok(span(plan.raw) < 2 * HOUR_MS);
      if (options.days !== false) assert.ok(span(plan.hours) <= 2 * 23 * HOUR_MS);
    }
  }
});

Deno.test("minuteRollupsFrom() never reaches what retention pruned within an hour's clock skew", () => {
  for (const keep of [1, 2, 48, 100]) {
    for (let now = at("2026-11-23T00:00:00Z"); now < at("2026-11-23T03:00:00Z"); now += 97_531) {
      const from = minuteRollupsFrom(now, keep);
      assert.equal(from % HOUR_MS, 0);
      // A reader up to an hour behind the instance that pruned still reads only kept rows.
      assert.ok(from >= minuteRollupsPrunedBefore(now + HOUR_MS, keep));
      assert.ok(from <= now - (keep - 2) * HOUR_MS);
    }
  }
});
