// The METRICS catalogue and the arithmetic from mergeable aggregates to the numbers people watch.
// The API, the history endpoint, the stream and the widgets all derive from this table.
import { quantiles } from "./histogram.ts";

export type Unit = "count" | "rate" | "ms" | "usd" | "per_minute" | "usd_per_hour" | "tokens";

export interface MetricDef {
  unit: Unit;
  label: string;
  /** How the value follows from an aggregate over a window of windowMs. */
  value: (a: Aggregate, windowMs: number) => number;
}

/** The sums every rollup row, aggregate and API answer is made of; they merge by addition. */
export const SUM_FIELDS = [
  "requests",
  "errors",
  "timeouts",
  "input_tokens",
  "output_tokens",
  "cached_input_tokens",
  "reasoning_tokens",
  "cost_usd",
  "input_cost_usd",
  "output_cost_usd",
  "cache_savings_usd",
  "unpriced",
  "latency_count",
  "latency_sum_ms",
  "ttft_count",
  "ttft_sum_ms",
] as const;

export type Sums = { [K in typeof SUM_FIELDS[number]]: number };

/** Sums plus latency as sparse histogram bins (bin → count). */
export interface Aggregate extends Sums {
  bins: Map<number, number>;
}

export function emptyAggregate(): Aggregate {
  return { ...emptySums(), bins: new Map() };
}

export function emptySums(): Sums {
  return Object.fromEntries(SUM_FIELDS.map((f) => [f, 0])) as Sums;
}

/** The sums that are not whole numbers (stored as double precision). */
export const FLOAT_SUM_FIELDS: ReadonlySet<string> = new Set([
  "cost_usd",
  "input_cost_usd",
  "output_cost_usd",
  "cache_savings_usd",
  "latency_sum_ms",
  "ttft_sum_ms",
]);

export function mergeInto(target: Aggregate, source: Aggregate): Aggregate {
  for (const f of SUM_FIELDS) target[f] += source[f];
  for (const [bin, n] of source.bins) target.bins.set(bin, (target.bins.get(bin) ?? 0) + n);
  return target;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
const quantile = (q: number) => (a: Aggregate) => quantiles([...a.bins], [q])[0]!;

export const METRICS = {
  requests: { unit: "count", label: "Requests", value: (a) => a.requests },
  requests_per_minute: {
    unit: "per_minute",
    label: "Requests/min",
    value: (a, w) => ratio(a.requests, w / 60_000),
  },
  errors: { unit: "count", label: "Errors", value: (a) => a.errors },
  error_rate: { unit: "rate", label: "Error rate", value: (a) => ratio(a.errors, a.requests) },
  timeout_rate: {
    unit: "rate",
    label: "Timeout rate",
    value: (a) => ratio(a.timeouts, a.requests),
  },
  avg_latency_ms: {
    unit: "ms",
    label: "Avg latency",
    value: (a) => ratio(a.latency_sum_ms, a.latency_count),
  },
  p50_latency_ms: { unit: "ms", label: "p50 latency", value: quantile(0.5) },
  p95_latency_ms: { unit: "ms", label: "p95 latency", value: quantile(0.95) },
  p99_latency_ms: { unit: "ms", label: "p99 latency", value: quantile(0.99) },
  avg_time_to_first_token_ms: {
    unit: "ms",
    label: "Avg time to first token",
    value: (a) => ratio(a.ttft_sum_ms, a.ttft_count),
  },
  input_tokens: { unit: "tokens", label: "Input tokens", value: (a) => a.input_tokens },
  output_tokens: { unit: "tokens", label: "Output tokens", value: (a) => a.output_tokens },
  total_tokens: {
    unit: "tokens",
    label: "Total tokens",
    value: (a) => a.input_tokens + a.output_tokens,
  },
  cached_input_tokens: {
    unit: "tokens",
    label: "Cached input tokens",
    value: (a) => a.cached_input_tokens,
  },
  tokens_per_minute: {
    unit: "per_minute",
    label: "Tokens/min",
    value: (a, w) => ratio(a.input_tokens + a.output_tokens, w / 60_000),
  },
  cost_usd: { unit: "usd", label: "Cost", value: (a) => a.cost_usd },
  cost_per_hour: {
    unit: "usd_per_hour",
    label: "Cost/hour",
    value: (a, w) => ratio(a.cost_usd, w / 3_600_000),
  },
  cost_per_request: {
    unit: "usd",
    label: "Cost/request",
    value: (a) => ratio(a.cost_usd, a.requests),
  },
  cost_per_1k_tokens: {
    unit: "usd",
    label: "Cost per 1k tokens",
    value: (a) => ratio(a.cost_usd * 1000, a.input_tokens + a.output_tokens),
  },
  input_cost_usd: { unit: "usd", label: "Input cost", value: (a) => a.input_cost_usd },
  output_cost_usd: { unit: "usd", label: "Output cost", value: (a) => a.output_cost_usd },
  cache_savings_usd: { unit: "usd", label: "Cache savings", value: (a) => a.cache_savings_usd },
  unpriced_requests: { unit: "count", label: "Unpriced requests", value: (a) => a.unpriced },
} as const satisfies Record<string, MetricDef>;

export type MetricName = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

export function isMetricName(name: string): name is MetricName {
  return Object.hasOwn(METRICS, name);
}

/** Every metric of the catalogue for one aggregate. */
export function metricValues(a: Aggregate, windowMs: number): Record<MetricName, number> {
  const bins = [...a.bins];
  const [p50, p95, p99] = quantiles(bins, [0.5, 0.95, 0.99]);
  const out = {} as Record<MetricName, number>;
  for (const name of METRIC_NAMES) {
    out[name] = name === "p50_latency_ms"
      ? p50!
      : name === "p95_latency_ms"
      ? p95!
      : name === "p99_latency_ms"
      ? p99!
      : METRICS[name].value(a, windowMs);
  }
  return out;
}
