/// <reference lib="dom" />
// <llm-metric-card>: one number of the monitor, live in any page. The value over the window,
// its trend against the previous window, an optional sparkline, and the state of the connection.
import { html } from "./_html.ts";
import { formatChange, formatValue, trend } from "../lib/shared/format.ts";
import { tone } from "../lib/shared/tone.ts";
import { sparkStep, WINDOWS } from "../lib/shared/windows.ts";
import { isBudgetMetric, metricInfo } from "./_catalogue.ts";
import { MetricElement, OBSERVED } from "./_element.ts";
import { getJson, watch } from "./_sources.ts";
import { sparkPaths } from "./_sparkline.ts";
import { metricView } from "./_state.ts";
import { CARD } from "./_styles.ts";

type Numbers = Record<string, unknown>;

/** Sparkline history is fetched again at most this often. */
const SPARK_REFRESH_MS = 30_000;

export class LlmMetricCard extends MetricElement<Numbers> {
  static observedAttributes = [...OBSERVED, "sparkline", "budget"];
  /** Null where a step had no requests (latency-like metrics): a gap in the line. */
  #spark: Array<number | null> = [];
  #sparkUrl = "";
  #sparkAt = 0;

  constructor() {
    super(CARD);
  }

  /** Draw the metric's history under the value (a boolean attribute). */
  get sparkline(): boolean {
    const v = this.getAttribute("sparkline");
    return v !== null && v !== "false";
  }

  /** The budget id, for `budget_utilization` and `projected_spend`. */
  get budget(): string {
    return this.getAttribute("budget") ?? "";
  }

  protected watch(): () => void {
    const onState = (s: typeof this.source) => {
      this.onSource(s);
      if (s.status === "live") this.#refreshSpark();
    };
    this.#spark = [];
    this.#sparkAt = 0;
    if (!isBudgetMetric(this.metric)) return this.watchStream(onState);
    const id = encodeURIComponent(this.budget || "-");
    return watch(this.url(`/api/budgets/${id}`), { ping: `${this.src}/widgets/ping` }, onState);
  }

  #refreshSpark(): void {
    if (!this.sparkline || isBudgetMetric(this.metric)) return;
    const step = sparkStep(WINDOWS[this.window]);
    const url = this.url("/api/metrics/history", [["metric", this.metric], ["step", step]]);
    if (url === this.#sparkUrl && Date.now() - this.#sparkAt < SPARK_REFRESH_MS) return;
    this.#sparkUrl = url;
    this.#sparkAt = Date.now();
    getJson<{ series: Array<{ points: Array<[number, number | null]> }> }>(url).then((h) => {
      if (url !== this.#sparkUrl) return;
      this.#spark = h.series[0]?.points.map((p) => p[1]) ?? [];
      this.update();
    }, () => {});
  }

  protected view() {
    const metric = this.metric;
    const catalogue = this.catalogue;
    const info = catalogue && metricInfo(catalogue, metric);
    const s = this.source;
    const v = metricView(s, metric, !catalogue || !!info);
    const locale = this.locale;
    const budget = s.data?.budget as { name: string; period: string } | undefined;
    const label = this.label ??
      (info
        ? (budget ? `${info.label} · ${budget.name}` : info.label)
        : metric.replaceAll("_", " "));
    const meta = budget
      ? `${budget.period} budget`
      : [`last ${this.window}`, ...this.filters.map(([, value]) => value)].join(" · ");
    const raw = v.value !== null && info ? trend(v.value, v.previous) : null;
    // As shown: a change that rounds to 0 % is flat.
    const change = raw === null ? null : Math.round(raw * 1000) / 1000;
    const arrow = change === null ? "" : change > 0 ? "▲" : change < 0 ? "▼" : "→";
    const spark = this.sparkline ? sparkPaths(this.#spark) : null;
    return html`
      <div part="card" class="box ${v.status}" role="group" aria-label=${label}>
        ${this.head(label, v.status, v.message)}
        <div part="value" class="value">
          ${v.value === null || !info ? "—" : formatValue(v.value, info.unit, locale)}
        </div>
        ${change !== null && html`
          <div part="trend" class="trend ${tone(info!.better ?? "none", change)}">
            ${arrow} ${formatChange(change, locale)}
            <span> vs previous ${this.window}</span>
          </div>
        `} ${spark && html`
          <svg part="sparkline" viewBox="0 0 100 30" preserveAspectRatio="none" aria-hidden="true">
            <path class="spark-area" d=${spark.area} />
            <path class="spark-line" d=${spark.line} />
          </svg>
        `} <p part="note" class="note">${v.message || meta}</p>
      </div>
    `;
  }
}
