import assert from "node:assert/strict";
import { METRICS, publicCatalogue } from "../lib/metrics/catalogue.ts";
import type { FormatUnit } from "../lib/shared/format.ts";
import { tone as toneOf } from "../lib/shared/tone.ts";
import { isBudgetMetric, metricInfo } from "./_catalogue.ts";

/** What <llm-metric-card> does: the shared tone() by `better` from GET /api/metrics. */
function tone(name: string, unit: FormatUnit, change: number) {
  const info = metricInfo(publicCatalogue(), name);
  assert.equal(info?.unit, unit);
  return toneOf(info?.better ?? "none", change);
}

Deno.test("metricInfo() takes units and labels from GET /api/metrics, and knows the budget numbers", () => {
  const catalogue = {
    metrics: Object.entries(METRICS).map(([name, m]) => ({ name, unit: m.unit, label: m.label })),
  };
  assert.deepEqual(metricInfo(catalogue, "cost_per_hour"), {
    name: "cost_per_hour",
    unit: "usd_per_hour",
    label: "Cost/hour",
  });
  assert.deepEqual(metricInfo(catalogue, "budget_utilization"), {
    unit: "rate",
    label: "Budget used",
  });
  assert.deepEqual(metricInfo(catalogue, "projected_spend"), {
    unit: "usd",
    label: "Projected spend",
  });
  assert.equal(metricInfo(catalogue, "p97_latency"), undefined);
  assert.equal(isBudgetMetric("projected_spend"), true);
  assert.equal(isBudgetMetric("cost_usd"), false);
});

Deno.test("tone() calls a rise in cost, latency or errors bad, in cache savings good, in traffic neutral", () => {
  assert.equal(tone("cost_per_hour", "usd_per_hour", 0.2), "bad");
  assert.equal(tone("cost_per_hour", "usd_per_hour", -0.2), "good");
  assert.equal(tone("p95_latency_ms", "ms", 0.1), "bad");
  assert.equal(tone("error_rate", "rate", 0.1), "bad");
  assert.equal(tone("errors", "count", 0.1), "bad");
  assert.equal(tone("cache_savings_usd", "usd", 0.1), "good");
  assert.equal(tone("requests", "count", 0.5), "neutral");
  assert.equal(tone("tokens_per_minute", "per_minute", -0.5), "neutral");
  assert.equal(tone("cost_usd", "usd", 0), "neutral");
});
