// Times as people read them: in a time zone (the project's on the dashboard, the reader's in a
// widget) and the reader's locale, with the locale's own clock (24-hour for en-GB, 12-hour for
// en-US). The dashboard, its islands and the widgets all print times through formatTime.

export type TimeStyle = "time" | "seconds" | "date" | "datetime" | "full";

const STYLES: Record<TimeStyle, Intl.DateTimeFormatOptions> = {
  time: { hour: "2-digit", minute: "2-digit" },
  seconds: { hour: "2-digit", minute: "2-digit", second: "2-digit" },
  date: { month: "short", day: "numeric" },
  datetime: { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" },
  full: {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    timeZoneName: "short",
  },
};

const cache = new Map<string, Intl.DateTimeFormat>();

/** `ms` in `style`; no time zone: the reader's; no locale: the runtime's default. */
export function formatTime(
  ms: number,
  style: TimeStyle,
  where: { timeZone?: string; locale?: string } = {},
): string {
  const key = `${where.locale ?? ""}|${where.timeZone ?? ""}|${style}`;
  let f = cache.get(key);
  if (!f) {
    cache.set(
      key,
      f = new Intl.DateTimeFormat(where.locale, { ...STYLES[style], timeZone: where.timeZone }),
    );
  }
  return f.format(ms);
}

/** The label style for a chart axis with points every stepMs over rangeMs. */
export function axisStyle(stepMs: number, rangeMs: number): TimeStyle {
  if (stepMs >= 86_400_000) return "date";
  return rangeMs > 86_400_000 ? "datetime" : "time";
}
