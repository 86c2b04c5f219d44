// The columns of breakdown tables per view, derived from the METRICS catalogue. Server-only:
// islands receive them as JSON props.
import { type MetricName, METRICS, type Unit } from "../lib/metrics/catalogue.ts";
import type { View } from "./cards.ts";

export interface Column {
  metric: MetricName;
  label: string;
  unit: Unit;
  /** Money from prices: a row with unpriced requests shows "unpriced" or a marked figure. */
  cost: boolean;
}

function col(metric: MetricName, label: string = METRICS[metric].label): Column {
  const unit = METRICS[metric].unit;
  return { metric, label, unit, cost: unit === "usd" || unit === "usd_per_hour" };
}

export const COLUMNS: Record<View, Column[]> = {
  engineering: [
    col("requests"),
    col("error_rate", "Errors"),
    col("avg_latency_ms", "Avg"),
    col("p95_latency_ms", "p95"),
    col("p99_latency_ms", "p99"),
    col("avg_time_to_first_token_ms", "TTFT"),
    col("total_tokens", "Tokens"),
    col("cost_usd"),
  ],
  finance: [
    col("cost_usd"),
    col("requests"),
    col("cost_per_request", "Cost/request"),
    col("cost_per_1k_tokens", "Cost/1k tokens"),
    col("input_tokens", "Input tokens"),
    col("output_tokens", "Output tokens"),
    col("cache_savings_usd"),
    col("error_rate", "Errors"),
  ],
  executive: [
    col("cost_usd"),
    col("requests"),
    col("cost_per_request", "Cost/request"),
    col("error_rate", "Errors"),
    col("p95_latency_ms", "p95"),
  ],
};

/** Short tables on the Overview and Costs pages: who spends, and how efficiently. */
export const COST_COLUMNS: Column[] = [
  col("cost_usd"),
  col("requests"),
  col("cost_per_request", "Cost/request"),
  col("cost_per_1k_tokens", "Cost/1k tokens"),
];

export const DEFAULT_SORT: Record<View, MetricName> = {
  engineering: "requests",
  finance: "cost_usd",
  executive: "cost_usd",
};
