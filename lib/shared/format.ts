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

/** "$1.23", "$0.0042", "$123K", "830 ms", "1.2 s", "2.5 min", "5.3 %", "12.4K", "$4.10/h", "320/min". */
export function formatValue(value: number, unit: FormatUnit, locale?: string): string {
  if (!Number.isFinite(value)) return "–";
  const abs = Math.abs(value);
  switch (unit) {
    case "usd": {
      if (abs >= 100_000) {
        return nf(locale, {
          style: "currency",
          currency: "USD",
          notation: "compact",
          maximumFractionDigits: 1,
        }).format(value);
      }
      const digits = value !== 0 && abs < 0.01 ? 4 : 2;
      return nf(locale, {
        style: "currency",
        currency: "USD",
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }).format(value);
    }
    case "usd_per_hour":
      return `${formatValue(value, "usd", locale)}/h`;
    case "ms":
      return abs >= 60_000
        ? `${nf(locale, { maximumFractionDigits: 1 }).format(value / 60_000)} min`
        : abs >= 1000
        ? `${nf(locale, { maximumFractionDigits: abs >= 10_000 ? 0 : 1 }).format(value / 1000)} s`
        : `${nf(locale, { maximumFractionDigits: abs >= 100 ? 0 : 1 }).format(value)} ms`;
    case "rate":
      return nf(locale, {
        style: "percent",
        maximumFractionDigits: value !== 0 && abs < 0.1 ? 2 : 1,
      }).format(value);
    case "per_minute":
      return `${nf(locale, { notation: "compact", maximumFractionDigits: 1 }).format(value)}/min`;
    default:
      return nf(locale, { notation: "compact", maximumFractionDigits: abs >= 1000 ? 1 : 0 })
        .format(value);
  }
}

/** The change against a previous value, as a fraction; null when there is nothing to compare. */
export function trend(current: number, previous: number | null | undefined): number | null {
  if (previous === null || previous === undefined || !Number.isFinite(previous)) return null;
  if (previous === 0) return current === 0 ? 0 : null;
  return (current - previous) / Math.abs(previous);
}

/** A change as a signed percentage: "+12%", "-4%", "+0.5%", "0%". */
export function formatChange(change: number, locale?: string): string {
  if (!Number.isFinite(change)) return "–";
  return nf(locale, {
    style: "percent",
    signDisplay: "exceptZero",
    maximumFractionDigits: Math.abs(change) < 0.1 ? 1 : 0,
  }).format(change);
}
