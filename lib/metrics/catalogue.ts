// The METRICS catalogue and the arithmetic from mergeable aggregates to the numbers people watch.
// The API, the history endpoint, the stream, the cards and the widgets all derive from this table
// (unit, label, which way is good news).
import type { FormatUnit } from "../shared/format.ts";
import type { Better } from "../shared/tone.ts";
import { quantiles } from "./histogram.ts";

/** The units numbers are formatted in (lib/shared/format.ts). */
export type Unit = FormatUnit;

export interface MetricDef {
  unit: Unit;
  /** Whether a higher value is good news: cards, pages, islands and widgets colour trends by it. */
  better: Better;
  label: string;
  /** How the value follows from an aggregate over a window of windowMs. */
  value: (a: Aggregate, windowMs: number) => number;
  /**
   * For an average, ratio or percentile: the count it is taken over. Where that count is 0 (no
   * requests, or none that was timed) the value is undefined, so a history step has no point
   * (null, a gap in the chart) rather than 0. Counts, sums and per-time rates have none.
   */
  per?: "requests" | "latency_count" | "ttft_count";
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
  requests: { unit: "count", better: "none", label: "Requests", value: (a) => a.requests },
  requests_per_minute: {
    unit: "per_minute",
    better: "none",
    label: "Requests/min",
    value: (a, w) => ratio(a.requests, w / 60_000),
  },
  errors: { unit: "count", better: "down", label: "Errors", value: (a) => a.errors },
  error_rate: {
    unit: "rate",
    better: "down",
    label: "Error rate",
    value: (a) => ratio(a.errors, a.requests),
    per: "requests",
  },
  timeout_rate: {
    unit: "rate",
    better: "down",
    label: "Timeout rate",
    value: (a) => ratio(a.timeouts, a.requests),
    per: "requests",
  },
  avg_latency_ms: {
    unit: "ms",
    better: "down",
    label: "Avg latency",
    value: (a) => ratio(a.latency_sum_ms, a.latency_count),
    per: "latency_count",
  },
  p50_latency_ms: {
    unit: "ms",
    better: "down",
    label: "p50 latency",
    value: quantile(0.5),
    per: "latency_count",
  },
  p95_latency_ms: {
    unit: "ms",
    better: "down",
    label: "p95 latency",
    value: quantile(0.95),
    per: "latency_count",
  },
  p99_latency_ms: {
    unit: "ms",
    better: "down",
    label: "p99 latency",
    value: quantile(0.99),
    per: "latency_count",
  },
  avg_time_to_first_token_ms: {
    unit: "ms",
    better: "down",
    label: "Avg time to first token",
    value: (a) => ratio(a.ttft_sum_ms, a.ttft_count),
    per: "ttft_count",
  },
  input_tokens: {
    unit: "tokens",
    better: "none",
    label: "Input tokens",
    value: (a) => a.input_tokens,
  },
  output_tokens: {
    unit: "tokens",
    better: "none",
    label: "Output tokens",
    value: (a) => a.output_tokens,
  },
  total_tokens: {
    unit: "tokens",
    better: "none",
    label: "Total tokens",
    value: (a) => a.input_tokens + a.output_tokens,
  },
  cached_input_tokens: {
    unit: "tokens",
    better: "none",
    label: "Cached input tokens",
    value: (a) => a.cached_input_tokens,
  },
  tokens_per_minute: {
    unit: "per_minute",
    better: "none",
    label: "Tokens/min",
    value: (a, w) => ratio(a.input_tokens + a.output_tokens, w / 60_000),
  },
  cost_usd: { unit: "usd", better: "down", label: "Cost", value: (a) => a.cost_usd },
  cost_per_hour: {
    unit: "usd_per_hour",
    better: "down",
    label: "Cost/hour",
    value: (a, w) => ratio(a.cost_usd, w / 3_600_000),
  },
  cost_per_request: {
    unit: "usd",
    better: "down",
    label: "Cost/request",
    value: (a) => ratio(a.cost_usd, a.requests),
    per: "requests",
  },
  cost_per_1k_tokens: {
    unit: "usd",
    better: "down",
    label: "Cost per 1k tokens",
    value: (a) => ratio(a.cost_usd * 1000, a.input_tokens + a.output_tokens),
    per: "requests",
  },
  input_cost_usd: {
    unit: "usd",
    better: "down",
    label: "Input cost",
    value: (a) => a.input_cost_usd,
  },
  output_cost_usd: {
    unit: "usd",
    better: "down",
    label: "Output cost",
    value: (a) => a.output_cost_usd,
  },
  cache_savings_usd: {
    unit: "usd",
    better: "up",
    label: "Cache savings",
    value: (a) => a.cache_savings_usd,
  },
  unpriced_requests: {
    unit: "count",
    better: "down",
    label: "Unpriced requests",
    value: (a) => a.unpriced,
  },
} as const satisfies Record<string, MetricDef>;

export type MetricName = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

/** The body of GET /api/metrics: what the widgets know of each metric (their bundles may be older). */
export function publicCatalogue(): {
  metrics: Array<{ name: MetricName; unit: Unit; label: string; better: Better }>;
} {
  return {
    metrics: METRIC_NAMES.map((name) => {
      const { unit, label, better } = METRICS[name];
      return { name, unit, label, better };
    }),
  };
}

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
