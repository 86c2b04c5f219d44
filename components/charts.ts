// The time charts of the dashboard: which metrics, grouped how, drawn how. Each series is one
// GET /api/metrics/history call; a grouped series draws one line or bar per key. Server-only:
// islands receive the specs as JSON props.
import { type MetricName, METRICS, type Unit } from "../lib/metrics/catalogue.ts";
import type { GroupBy } from "../lib/metrics/query.ts";
import type { View } from "./cards.ts";

export interface SeriesSpec {
  metric: MetricName;
  group_by: GroupBy | null;
  /** The legend label of an ungrouped series; grouped series are labelled by key. */
  label: string | null;
  /** The y axis, when the chart has two: output tokens, 5 % of input, get a scale of their own. */
  axis?: "left" | "right";
}

export interface ChartSpec {
  id: string;
  title: string;
  unit: Unit;
  kind: "bar" | "line" | "area";
  stacked: boolean;
  /** Sums per step add up (requests, tokens, cost): the keys past the top ones become "Other". */
  additive: boolean;
  series: SeriesSpec[];
}

const ADDITIVE_UNITS: ReadonlySet<Unit> = new Set(["count", "tokens", "usd"]);

function chart(
  id: string,
  title: string,
  kind: ChartSpec["kind"],
  series: Array<[MetricName, GroupBy | null, string | null, ("left" | "right")?]>,
  stacked = kind !== "line",
): ChartSpec {
  const unit = METRICS[series[0]![0]].unit;
  return {
    id,
    title,
    unit,
    kind,
    stacked,
    additive: ADDITIVE_UNITS.has(unit),
    series: series.map(([metric, group_by, label, axis]) => ({
      metric,
      group_by,
      label,
      ...(axis ? { axis } : {}),
    })),
  };
}

export const CHARTS = {
  requests_by_status: chart("requests_by_status", "Requests & errors", "bar", [
    ["requests", "status", null],
  ]),
  latency: chart("latency", "Latency percentiles", "line", [
    ["p50_latency_ms", null, "p50"],
    ["p95_latency_ms", null, "p95"],
    ["p99_latency_ms", null, "p99"],
  ]),
  // Two lines, each on its own y axis: output is a few percent of input, invisible on one scale.
  tokens: chart("tokens", "Tokens in / out", "line", [
    ["input_tokens", null, "Input", "left"],
    ["output_tokens", null, "Output", "right"],
  ]),
  cost_by_model: chart("cost_by_model", "Cost by model", "bar", [["cost_usd", "model", null]]),
  cost_by_endpoint: chart("cost_by_endpoint", "Cost by endpoint", "bar", [
    ["cost_usd", "endpoint", null],
  ]),
  cost_split: chart("cost_split", "Input vs output cost", "area", [
    ["input_cost_usd", null, "Input"],
    ["output_cost_usd", null, "Output"],
  ]),
  requests_by_model: chart("requests_by_model", "Requests by model", "bar", [
    ["requests", "model", null],
  ]),
  p95_by_model: chart("p95_by_model", "p95 latency by model", "line", [
    ["p95_latency_ms", "model", null],
  ]),
  requests_by_endpoint: chart("requests_by_endpoint", "Requests by endpoint", "bar", [
    ["requests", "endpoint", null],
  ]),
  p95_by_endpoint: chart("p95_by_endpoint", "p95 latency by endpoint", "line", [
    ["p95_latency_ms", "endpoint", null],
  ]),
  error_rate_by_model: chart("error_rate_by_model", "Error rate by model", "line", [
    ["error_rate", "model", null],
  ]),
} as const satisfies Record<string, ChartSpec>;

export const OVERVIEW_CHARTS: Record<View, ChartSpec[]> = {
  engineering: [CHARTS.requests_by_status, CHARTS.latency, CHARTS.tokens, CHARTS.cost_by_model],
  finance: [CHARTS.cost_by_model, CHARTS.cost_by_endpoint],
  executive: [CHARTS.requests_by_status, CHARTS.cost_by_model],
};
