// Read-query parameters (window or from/to, filters, group_by, step), validated once with zod.
import { z } from "zod";
import { AppError } from "./errors.ts";
import { isMetricName, type MetricName } from "./metrics.ts";

export const WINDOWS = {
  "5m": 5 * 60_000,
  "15m": 15 * 60_000,
  "1h": 3_600_000,
  "6h": 6 * 3_600_000,
  "24h": 24 * 3_600_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
} as const;
export type WindowName = keyof typeof WINDOWS;

export const FILTER_FIELDS = [
  "model",
  "provider",
  "endpoint",
  "application",
  "user_id",
  "status",
] as const;
export type FilterField = typeof FILTER_FIELDS[number];
export type Filters = Partial<Record<FilterField, string[]>>;

export const GROUP_BY = ["model", "provider", "endpoint", "application", "status"] as const;
export type GroupBy = typeof GROUP_BY[number];

const MAX_RANGE_MS = 400 * 86_400_000;
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

const rfc3339 = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be an RFC 3339 time");

/** The time range of a request: window (default 1h) ending now, or from/to. */
export function parseRange(params: RawParams, now: number): TimeRange {
  const one = (name: string) => params[name]?.[0];
  const from = one("from");
  const to = one("to");
  if (from !== undefined || to !== undefined) {
    const f = rfc3339.safeParse(from ?? "");
    if (!f.success) throw new AppError("bad_request", "from: must be an RFC 3339 time");
    const t = to === undefined
      ? { success: true as const, data: new Date(now).toISOString() }
      : rfc3339.safeParse(to);
    if (!t.success) throw new AppError("bad_request", "to: must be an RFC 3339 time");
    const range = { window: "custom" as const, from: Date.parse(f.data), to: Date.parse(t.data) };
    if (range.to <= range.from) throw new AppError("bad_request", "to: must be after from");
    if (range.to - range.from > MAX_RANGE_MS) {
      throw new AppError("bad_request", "from: the range may span at most 400 days");
    }
    return range;
  }
  const window = one("window") ?? "1h";
  if (!Object.hasOwn(WINDOWS, window)) {
    throw new AppError("bad_request", `window: must be one of ${Object.keys(WINDOWS).join(", ")}`);
  }
  return { window: window as WindowName, from: now - WINDOWS[window as WindowName], to: now };
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

const STEP = /^(\d+)(s|m|h|d)$/;
const STEP_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Picks a step that gives about 120 points when none is asked for. */
export function defaultStepMs(rangeMs: number): number {
  const candidates = [60_000, 300_000, 900_000, 3_600_000, 21_600_000, 86_400_000];
  return candidates.find((s) => rangeMs / s <= 150) ?? 86_400_000;
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
    const match = STEP.exec(stepText);
    if (!match) throw new AppError("bad_request", "step: must look like 1m, 5m, 1h or 1d");
    stepMs = Number(match[1]) * STEP_MS[match[2] as keyof typeof STEP_MS];
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
