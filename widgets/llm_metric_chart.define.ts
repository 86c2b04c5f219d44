/// <reference lib="dom" />
// Defines <llm-metric-chart> (the entry of static/widgets/llm-metric-chart.js); chart.js follows
// on first use from chart-vendor.js. Loading the bundle twice keeps the first definition.
import { LlmMetricChart } from "./llm_metric_chart.ts";

if (!customElements.get("llm-metric-chart")) {
  customElements.define("llm-metric-chart", LlmMetricChart);
}

export { LlmMetricChart };

declare global {
  interface HTMLElementTagNameMap {
    "llm-metric-chart": LlmMetricChart;
  }
}
