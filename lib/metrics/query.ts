// Read-query parameters (window or from/to, filters, group_by, step, limit), validated once at the
// edge: strict forms only (RFC 3339 times, decimal digits), each error naming its parameter.
import { AppError } from "../errors.ts";
import { isMetricName, type MetricName } from "./catalogue.ts";
import {
  DEFAULT_WINDOW,
  defaultStepMs,
  FILTER_FIELDS,
  type Filters,
  GROUP_BY,
  type GroupBy,
  isWindowName,
  parseDuration,
  type WindowName,
  WINDOWS,
} from "../shared/windows.ts";

export {
  defaultStepMs,
  FILTER_FIELDS,
  type FilterField,
  type Filters,
  GROUP_BY,
  type GroupBy,
  type WindowName,
  WINDOWS,
} from "../shared/windows.ts";

/** The dimensions of a breakdown: the group-by ones and user_id. */
export const BREAKDOWN_BY = [
  "model",
  "provider",
  "endpoint",
  "application",
  "status",
  "user_id",
] as const;
export type BreakdownBy = typeof BREAKDOWN_BY[number];

const MAX_RANGE_MS = 400 * 86_400_000;
/** 9999-12-31T23:59:59.999Z: the last instant with a four-digit year. */
const MAX_TIME_MS = 253_402_300_799_999;
/** `limit`: at most this many rows a page. */
const MAX_LIMIT = 1_000;
const MAX_POINTS = 2_000;

export interface TimeRange {
  /** The window name when one was given, else "custom". */
  window: WindowName | "custom";
  from: number;
  to: number;
}

export interface MetricsQuery extends TimeRange {
  projectId: string;
  filters: Filters;
}

export interface HistoryQuery extends MetricsQuery {
  metric: MetricName;
  stepMs: number;
  groupBy: GroupBy | null;
}

/** Query parameters as Hono gives them: every value of every name. */
export type RawParams = Record<string, string[]>;

/** RFC 3339 date-time (section 5.6): date, `T`, time, optional fraction, `Z` or a ±hh:mm offset. */
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/i;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const RFC3339_RULE = (field: string) => `${field}: must be an RFC 3339 time`;

/**
 * Epoch ms of a strict RFC 3339 date-time; null for anything else, including the many forms
 * Date.parse accepts (`1`, `Dec 4 2026`, a bare date) and impossible dates (`02-30`, `24:00`).
 */
export function parseRfc3339(text: string): number | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = m.slice(1).map(
    (part) => part === undefined ? 0 : Number(part),
  ) as [number, number, number, number, number, number, number, number];
  const daysInMonth = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1] ?? 0;
  if (
    day < 1 || day > daysInMonth || hour > 23 || minute > 59 ||
    second > 59 || offsetHours > 23 || offsetMinutes > 59
  ) {
    return null;
  }
  const ms = Date.parse(text.toUpperCase());
  return Number.isNaN(ms) ? null : ms;
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** The time range of a request: window (default 1h) ending now, or from/to. */
export function parseRange(params: RawParams, now: number): TimeRange {
  const one = (name: string) => params[name]?.[0];
  const from = one("from");
  const to = one("to");
  if (from !== undefined || to !== undefined) {
    const f = parseRfc3339(from ?? "");
    if (f === null) throw new AppError("bad_request", RFC3339_RULE("from"));
    const t = to === undefined ? now : parseRfc3339(to);
    if (t === null) throw new AppError("bad_request", RFC3339_RULE("to"));
    const range = { window: "custom" as const, from: f, to: t };
    if (range.from < 0) throw new AppError("bad_request", "from: must not be before 1970");
    if (range.to > MAX_TIME_MS) throw new AppError("bad_request", "to: must be before year 10000");
    if (range.to <= range.from) throw new AppError("bad_request", "to: must be after from");
    if (range.to - range.from > MAX_RANGE_MS) {
      throw new AppError("bad_request", "from: the range may span at most 400 days");
    }
    return range;
  }
  const window = one("window") ?? DEFAULT_WINDOW;
  if (!isWindowName(window)) {
    throw new AppError("bad_request", `window: must be one of ${Object.keys(WINDOWS).join(", ")}`);
  }
  return { window, from: now - WINDOWS[window], to: now };
}

export function parseFilters(params: RawParams): Filters {
  const filters: Filters = {};
  for (const field of FILTER_FIELDS) {
    const values = (params[field] ?? []).flatMap((v) => v.split(",")).map((v) => v.trim())
      .filter((v) => v.length > 0);
    if (values.length === 0) continue;
    if (values.some((v) => v.length > 200)) {
      throw new AppError("bad_request", `${field}: values must be at most 200 characters`);
    }
    if (field === "status" && values.some((v) => !["success", "error", "timeout"].includes(v))) {
      throw new AppError("bad_request", "status: must be success, error or timeout");
    }
    filters[field] = values;
  }
  return filters;
}

export function parseMetricsQuery(params: RawParams, projectId: string, now: number): MetricsQuery {
  return { ...parseRange(params, now), projectId, filters: parseFilters(params) };
}

export function parseHistoryQuery(params: RawParams, projectId: string, now: number): HistoryQuery {
  const base = parseMetricsQuery(params, projectId, now);
  const metric = params.metric?.[0];
  if (!metric) throw new AppError("bad_request", "metric: is required");
  if (!isMetricName(metric)) {
    throw new AppError("bad_request", `metric: unknown metric "${metric}"`);
  }
  const stepText = params.step?.[0];
  let stepMs = defaultStepMs(base.to - base.from);
  if (stepText !== undefined) {
    const parsed = parseDuration(stepText);
    if (parsed === null) throw new AppError("bad_request", "step: must look like 1m, 5m, 1h or 1d");
    stepMs = parsed;
    if (stepMs > MAX_RANGE_MS) throw new AppError("bad_request", "step: must be at most 400d");
    if (stepMs < 60_000 || stepMs % 60_000 !== 0) {
      throw new AppError("bad_request", "step: must be a whole number of minutes, at least 1m");
    }
  }
  if ((base.to - base.from) / stepMs > MAX_POINTS) {
    throw new AppError(
      "bad_request",
      `step: too small for the range (more than ${MAX_POINTS} points)`,
    );
  }
  const groupBy = params.group_by?.[0] ?? null;
  if (groupBy !== null && !(GROUP_BY as readonly string[]).includes(groupBy)) {
    throw new AppError("bad_request", `group_by: must be one of ${GROUP_BY.join(", ")}`);
  }
  return { ...base, metric, stepMs, groupBy: groupBy as GroupBy | null };
}

/**
 * `limit`: decimal digits only (no sign, exponent, hex, fraction or spaces), from 1 to 1000;
 * `fallback` when absent.
 */
export function parseLimit(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = /^\d{1,4}$/.test(value) ? Number(value) : 0;
  if (n < 1 || n > MAX_LIMIT) {
    throw new AppError("bad_request", `limit: must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  return n;
}

/** `compare`: absent, or "previous" to add the previous period of the same length. */
export function wantsPrevious(compare: string | undefined): boolean {
  if (compare === undefined) return false;
  if (compare !== "previous") throw new AppError("bad_request", 'compare: must be "previous"');
  return true;
}
