// How the events list prints one event's time, cost and counts (browser-safe; the server render
// and the hydrated island print the same text). Events-only, so the widget bundle stays small.
import { formatValue } from "../lib/shared/format.ts";
import { formatTime } from "./time.ts";

type Where = { timeZone: string; locale?: string };

const DAY_MS = 86_400_000;
const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = formats.get(key) as T | undefined;
  if (!f) formats.set(key, f = make());
  return f;
}

/** True when a range is long enough that a row's time needs its date. */
export function spansDays(fromMs: number, toMs: number): boolean {
  return toMs - fromMs > DAY_MS;
}

/** "14:03:27" within a day; "Nov 20, 14:03:27" (the locale's order and clock) over longer ranges. */
export function eventTime(ms: number, dated: boolean, where: Where): string {
  if (!dated) return formatTime(ms, "seconds", where);
  const key = `t|${where.locale ?? ""}|${where.timeZone}`;
  return cached(key, () =>
    new Intl.DateTimeFormat(where.locale, {
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      timeZone: where.timeZone,
    })).format(ms);
}

/** One request's cost: "$0.000051", "$0.012", "$1.23"; "—" when unpriced. */
export function eventCost(usd: number | null, locale?: string): string {
  if (usd === null) return "—";
  const abs = Math.abs(usd);
  if (abs === 0 || abs >= 1 || !Number.isFinite(usd)) return formatValue(usd, "usd", locale);
  return cached(`c|${locale ?? ""}`, () =>
    new Intl.NumberFormat(locale, {
      style: "currency",
      currency: "USD",
      minimumSignificantDigits: 2,
      maximumSignificantDigits: 2,
    })).format(usd);
}

/**
 * One format for a column of counts, chosen from its largest value: exact with grouping below
 * 10,000 ("2,000", "765"); above, every value in the same compact unit with one decimal
 * ("12.4K", "0.8K"), or exact where the locale has no short form for that unit.
 */
export function countColumn(values: number[], locale?: string): (n: number | null) => string {
  const max = Math.max(0, ...values.filter(Number.isFinite).map(Math.abs));
  const exact = cached(`n|${locale ?? ""}`, () => new Intl.NumberFormat(locale));
  const plain = (n: number | null) => n === null ? "—" : exact.format(n);
  if (max < 10_000) return plain;
  const scale = max >= 1e9 ? 1e9 : max >= 1e6 ? 1e6 : 1e3;
  const digits = { minimumFractionDigits: 1, maximumFractionDigits: 1 };
  const parts = cached(
    `k|${locale ?? ""}`,
    () => new Intl.NumberFormat(locale, { notation: "compact", ...digits }),
  ).formatToParts(scale);
  if (!parts.some((p) => p.type === "compact")) return plain;
  const number = cached(`d|${locale ?? ""}`, () => new Intl.NumberFormat(locale, digits));
  const numeric = new Set(["integer", "group", "decimal", "fraction", "minusSign"]);
  return (n) => {
    if (n === null) return "—";
    const at = parts.findIndex((p) => numeric.has(p.type));
    const rest = parts.filter((p) => !numeric.has(p.type)).map((p) => p.value);
    const text = number.format(n / scale);
    // The number goes where the locale puts it: before its unit ("12.4K") or after.
    return at === 0 ? text + rest.join("") : rest.join("") + text;
  };
}
