/// <reference lib="dom" />
// Defines <llm-metric-card> (the entry of static/widgets/llm-metric-card.js). Loading the bundle
// twice, or another build of it, keeps the first definition.
import { LlmMetricCard } from "./llm_metric_card.ts";

if (!customElements.get("llm-metric-card")) {
  customElements.define("llm-metric-card", LlmMetricCard);
}

export { LlmMetricCard };

declare global {
  interface HTMLElementTagNameMap {
    "llm-metric-card": LlmMetricCard;
  }
}
