// Times as people read them, in the project's time zone and the reader's locale, so the server
// render and the hydrated islands print the same text.

export type TimeStyle = "time" | "seconds" | "date" | "datetime" | "full";

const STYLES: Record<TimeStyle, Intl.DateTimeFormatOptions> = {
  time: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  seconds: { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" },
  date: { month: "short", day: "numeric" },
  datetime: {
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  },
  full: {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  },
};

const cache = new Map<string, Intl.DateTimeFormat>();

export function formatTime(
  ms: number,
  style: TimeStyle,
  where: { timeZone: string; locale?: string },
): string {
  const key = `${where.locale ?? ""}|${where.timeZone}|${style}`;
  let f = cache.get(key);
  if (!f) {
    cache.set(key, f = new Intl.DateTimeFormat(where.locale, { ...STYLES[style], ...where }));
  }
  return f.format(ms);
}

/** The label style for a chart axis with points every stepMs over rangeMs. */
export function axisStyle(stepMs: number, rangeMs: number): TimeStyle {
  if (stepMs >= 86_400_000) return "date";
  return rangeMs > 86_400_000 ? "datetime" : "time";
}

/** "1 min", "5 min", "1 h", "1 d": a step or a window for sentences. */
export function spanLabel(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}

/** "in 3 h", "in 2 d", for a moment ahead of now. */
export function untilLabel(at: number, now: number): string {
  const ms = Math.max(0, at - now);
  if (ms < 3_600_000) return `in ${Math.max(1, Math.round(ms / 60_000))} min`;
  if (ms < 2 * 86_400_000) return `in ${Math.round(ms / 3_600_000)} h`;
  return `in ${Math.round(ms / 86_400_000)} d`;
}
