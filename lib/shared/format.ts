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

/**
 * A cost that may leave out unpriced requests, never a silent zero: "unpriced" when none of the
 * requests has a price, "$1.23*" when some have none; `note` says how many ("12 requests not
 * priced"), null when every request is priced.
 */
export function formatCost(
  value: number,
  unit: "usd" | "usd_per_hour",
  counts: { requests: number; unpriced_requests?: number },
  locale?: string,
): { text: string; note: string | null } {
  const unpriced = counts.unpriced_requests ?? 0;
  const text = formatValue(value, unit, locale);
  if (unpriced <= 0) return { text, note: null };
  const note = `${countOf(unpriced, "request", locale)} not priced`;
  return { text: unpriced >= counts.requests ? "unpriced" : `${text}*`, note };
}

/** What a cost figure leaves out: "excludes 3 unpriced requests", or null when nothing. */
export function unpricedCaveat(unpriced: number | undefined, locale?: string): string | null {
  return unpriced && unpriced > 0
    ? `excludes ${countOf(unpriced, "unpriced request", locale)}`
    : null;
}

function countOf(n: number, noun: string, locale?: string): string {
  return `${nf(locale, {}).format(n)} ${noun}${n === 1 ? "" : "s"}`;
}
