/// <reference lib="dom" />
// Defines <llm-metric-table> (the entry of static/widgets/llm-metric-table.js). Loading the bundle
// twice keeps the first definition.
import { LlmMetricTable } from "./llm_metric_table.ts";

if (!customElements.get("llm-metric-table")) {
  customElements.define("llm-metric-table", LlmMetricTable);
}

export { LlmMetricTable };

declare global {
  interface HTMLElementTagNameMap {
    "llm-metric-table": LlmMetricTable;
  }
}
