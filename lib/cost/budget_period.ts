// Budget periods in a project's time zone (UTC by default): a day, an ISO week (Monday first) or
// a calendar month, with daylight-saving changes handled by Temporal.

export type BudgetPeriod = "daily" | "weekly" | "monthly";

/** [start, end) of the period holding `now`, as epoch ms. */
export function periodBounds(
  now: number,
  timeZone: string,
  period: BudgetPeriod,
): [number, number] {
  const here = Temporal.Instant.fromEpochMilliseconds(now).toZonedDateTimeISO(timeZone);
  let start = here.startOfDay();
  if (period === "weekly") start = start.subtract({ days: here.dayOfWeek - 1 }).startOfDay();
  if (period === "monthly") start = here.with({ day: 1 }).startOfDay();
  const step = period === "daily"
    ? { days: 1 }
    : period === "weekly"
    ? { weeks: 1 }
    : { months: 1 };
  const end = start.add(step).startOfDay();
  return [start.epochMilliseconds, end.epochMilliseconds];
}
