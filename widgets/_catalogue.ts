// What a widget knows of a metric: its unit, label and which way is good news, from the
// monitor's own catalogue (GET /api/metrics, so a bundle shows metrics newer than itself) plus the
// budget numbers.
import type { FormatUnit } from "../lib/shared/format.ts";
import type { Better } from "../lib/shared/tone.ts";
import { BUDGET_METRICS } from "../lib/shared/widget_catalogue.ts";

export interface MetricInfo {
  unit: FormatUnit;
  label: string;
  /** Whether a rise is good news (METRICS `better`); absent for the budget numbers. */
  better?: Better;
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
