// Numbers as people read them, by unit, through Intl: money, durations, percentages, counts.
// Shared by the dashboard and the widgets; keep it small (the widget bundle includes it).

export type FormatUnit = "count" | "rate" | "ms" | "usd" | "per_minute" | "usd_per_hour" | "tokens";

const cache = new Map<string, Intl.NumberFormat>();
function nf(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale ?? ""}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, f = new Intl.NumberFormat(locale, options));
  return f;
}

/** "$1.23", "830 ms", "1.2 s", "5.3 %", "12.4K", "$4.10/h", "320/min". */
export function formatValue(value: number, unit: FormatUnit, locale?: string): string {
  if (!Number.isFinite(value)) return "–";
  switch (unit) {
    case "usd": {
      const digits = value !== 0 && Math.abs(value) < 0.01 ? 4 : 2;
      return nf(locale, {
        style: "currency",
        currency: "USD",
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      })
        .format(value);
    }
    case "usd_per_hour":
      return `${formatValue(value, "usd", locale)}/h`;
    case "ms":
      return value >= 1000
        ? `${nf(locale, { maximumFractionDigits: value >= 10_000 ? 0 : 1 }).format(value / 1000)} s`
        : `${nf(locale, { maximumFractionDigits: value >= 100 ? 0 : 1 }).format(value)} ms`;
    case "rate":
      return nf(locale, {
        style: "percent",
        maximumFractionDigits: value !== 0 && value < 0.1 ? 2 : 1,
      })
        .format(value);
    case "per_minute":
      return `${nf(locale, { notation: "compact", maximumFractionDigits: 1 }).format(value)}/min`;
    default:
      return nf(locale, { notation: "compact", maximumFractionDigits: value >= 1000 ? 1 : 0 })
        .format(value);
  }
}

/** The change against a previous value, as a fraction; null when there is nothing to compare. */
export function trend(current: number, previous: number | null | undefined): number | null {
  if (previous === null || previous === undefined || !Number.isFinite(previous)) return null;
  if (previous === 0) return current === 0 ? 0 : null;
  return (current - previous) / Math.abs(previous);
}
