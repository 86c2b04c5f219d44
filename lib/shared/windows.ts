// The read API's vocabulary of time and filters, declared once for the server (query parsing,
// stream topics, caches), the dashboard (pages, FilterBar) and the widget bundles: the windows,
// the filter fields and group-by dimensions, and durations ("5m", "1h", "30d") read and written.
// Browser-safe: no zod, no Deno APIs; keep it small (the widget bundles include parts of it).

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The sliding windows of the read API, in ms. */
export const WINDOWS = {
  "5m": 5 * MINUTE,
  "15m": 15 * MINUTE,
  "1h": HOUR,
  "6h": 6 * HOUR,
  "24h": 24 * HOUR,
  "7d": 7 * DAY,
  "30d": 30 * DAY,
} as const;
export type WindowName = keyof typeof WINDOWS;

/** The window of a read that names none. */
export const DEFAULT_WINDOW: WindowName = "1h";

export function isWindowName(name: string): name is WindowName {
  return Object.hasOwn(WINDOWS, name);
}

/** The filter fields, in the order they are shown, written in URLs and applied. */
export const FILTER_FIELDS = [
  "model",
  "provider",
  "endpoint",
  "application",
  "user_id",
  "status",
] as const;
export type FilterField = typeof FILTER_FIELDS[number];
/** How the dashboard names each filter field. */
export const FILTER_LABELS: Record<FilterField, string> = {
  model: "Model",
  provider: "Provider",
  endpoint: "Endpoint",
  application: "Application",
  user_id: "User",
  status: "Status",
};
/** Field → values (several values: any of them). */
export type Filters = Partial<Record<FilterField, string[]>>;

/** The dimensions a history may be grouped by. */
export const GROUP_BY = ["model", "provider", "endpoint", "application", "status"] as const;
export type GroupBy = typeof GROUP_BY[number];

/**
 * Filters in one canonical form, whatever order (or repetition) they came in: fields sorted, each
 * field's values de-duplicated and sorted, empty fields left out. For cache keys and stream topics.
 */
export function canonicalFilters(
  filters: Readonly<Record<string, readonly string[] | undefined>>,
): Array<[string, string[]]> {
  return Object.entries(filters)
    .filter((e): e is [string, string[]] => e[1] !== undefined && e[1].length > 0)
    .map(([k, v]): [string, string[]] => [k, [...new Set(v)].sort()])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const UNIT_MS = { s: 1_000, m: MINUTE, h: HOUR, d: DAY } as const;

/** "90s", "5m", "1h", "30d" → ms; null for anything else. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+)(s|m|h|d)$/.exec(text);
  return match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : null;
}

/** A step as the history API writes it: "1d", "6h", "5m" (whole minutes at least). */
export function formatStep(ms: number): string {
  if (ms % DAY === 0) return `${ms / DAY}d`;
  if (ms % HOUR === 0) return `${ms / HOUR}h`;
  return `${ms / MINUTE}m`;
}

/**
 * The step of a history when none is asked for: up to 150 points over the range, and a day over
 * more than a week (a month reads 30 day rollups instead of 720 hours).
 */
export function defaultStepMs(rangeMs: number): number {
  if (rangeMs > 8 * DAY) return DAY;
  const candidates = [MINUTE, 5 * MINUTE, 15 * MINUTE, HOUR, 6 * HOUR, DAY];
  return candidates.find((s) => rangeMs / s <= 150) ?? DAY;
}

/** A widget's step: about 30 points over a window, in whole minutes (at least one) or hours. */
export function sparkStep(windowMs: number): string {
  const step = windowMs / 30;
  // Above an hour, whole hours: hour rollups answer them (7 d → 6 h, not 336 m from raw events).
  if (step > HOUR) return `${Math.round(step / HOUR)}h`;
  return `${Math.max(1, Math.round(step / MINUTE))}m`;
}
