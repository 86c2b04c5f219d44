// What a widget knows of a metric: its unit and label, from the monitor's own catalogue
// (GET /api/metrics, so a bundle shows metrics newer than itself) plus the budget numbers; and
// whether a rise is good news, bad news, or neither.
import type { FormatUnit } from "../lib/shared/format.ts";
import { BUDGET_METRICS } from "../lib/shared/widget_catalogue.ts";

export interface MetricInfo {
  unit: FormatUnit;
  label: string;
}

/** The body of GET /api/metrics. */
export interface Catalogue {
  metrics: Array<MetricInfo & { name: string }>;
}

/** A metric's unit and label: from the monitor's catalogue, or a budget number. */
export function metricInfo(catalogue: Catalogue, name: string): MetricInfo | undefined {
  return catalogue.metrics.find((m) => m.name === name) ??
    BUDGET_METRICS[name as keyof typeof BUDGET_METRICS];
}

export function isBudgetMetric(name: string): boolean {
  return Object.hasOwn(BUDGET_METRICS, name);
}

export type Tone = "good" | "bad" | "neutral";

/** A rise in cost, latency or errors is bad; in cache savings, good; in traffic, neither. */
export function tone(name: string, unit: FormatUnit, change: number): Tone {
  const riseIs = name === "cache_savings_usd"
    ? 1
    : /^(usd|usd_per_hour|ms|rate)$/.test(unit) || /^(errors|unpriced_requests)$/.test(name)
    ? -1
    : 0;
  if (change === 0 || riseIs === 0) return "neutral";
  return (change > 0) === (riseIs > 0) ? "good" : "bad";
}
