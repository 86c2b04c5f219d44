/// <reference lib="dom" />
// <llm-metric-chart>: a metric over the window as a line per group (`group_by`), redrawn as the
// stream reports new numbers. chart.js is loaded on first use from chart-vendor.js, next to this
// bundle, so pages without a chart never download it.
import { formatValue } from "../lib/shared/format.ts";
import { slotColor, slotDash } from "../lib/shared/palette.ts";
import { formatTime } from "../lib/shared/time_format.ts";
import { metricInfo } from "./_catalogue.ts";
import type { Chart } from "./_chart_vendor.ts";
import { GROUP_BY, parseDuration, sparkStep, WINDOWS } from "../lib/shared/windows.ts";
import { MetricElement, OBSERVED } from "./_element.ts";
import { loneRadius, type Point, xBounds } from "./_chart_axis.ts";
import { html } from "./_html.ts";
import { getJson } from "./_sources.ts";
import { classify, type Failure, type SourceState } from "./_state.ts";
import { BASE } from "./_styles.ts";

const CHART = `${BASE}
:host{display:block;min-width:var(--llm-chart-min-width,20rem)}
.plot{position:relative;height:var(--llm-chart-height,220px);margin-top:8px}
.stale .plot,.unreachable .plot{opacity:.55}
`;

const MAX_SERIES = 8;
/** History is fetched again at most this often while the stream reports changes. */
const REFRESH_MS = 10_000;

type Failed = { status: Failure; message: string };

interface History {
  metric: string;
  /** Values are null where the metric is undefined (no requests in the step): a gap. */
  series: Array<{ key: string; points: Array<[number, number | null]> }>;
  /** The palette slot of each series key: the colour it has on the dashboard too. */
  colors?: Record<string, number>;
}

type Vendor = typeof import("./_chart_vendor.ts");
let vendor: Promise<Vendor> | null = null;

/** chart.js, imported once per page from beside this bundle. */
function loadVendor(): Promise<Vendor> {
  return vendor ??= import(new URL("./chart-vendor.js", import.meta.url).href) as Promise<Vendor>;
}

export class LlmMetricChart extends MetricElement<Record<string, unknown>> {
  static observedAttributes = [...OBSERVED, "group_by", "step"];
  #history: History | null = null;
  #failure: Failed | null = null;
  #url = "";
  #fetchedAt = 0;
  #canvas: HTMLCanvasElement | null = null;
  #chart: Chart<"line", Point[]> | null = null;
  #drawn = "";

  constructor() {
    super(CHART);
  }

  /** One line per value of this dimension (`model`, `provider`, `endpoint`, …); none: one line. */
  get groupBy(): string {
    const g = this.getAttribute("group_by") ?? "";
    return (GROUP_BY as readonly string[]).includes(g) ? g : "";
  }

  /** The step between points (`5m`, `1h`, …); default about 30 points over the window. */
  get step(): string {
    const s = this.getAttribute("step") ?? "";
    return parseDuration(s) !== null && !s.endsWith("s") ? s : sparkStep(WINDOWS[this.window]);
  }

  get theme(): "light" | "dark" | "auto" {
    const t = this.getAttribute("theme");
    return t === "light" || t === "dark" ? t : "auto";
  }

  #info() {
    return this.catalogue ? metricInfo(this.catalogue, this.metric) : undefined;
  }

  protected watch(): () => void {
    this.#history = null;
    this.#failure = null;
    this.#fetchedAt = 0;
    const unwatch = this.watchStream((s) => {
      this.onSource(s);
      if (s.status === "live") this.#refresh();
    });
    // An `auto` chart follows the reader's color scheme.
    const scheme = matchMedia("(prefers-color-scheme: dark)");
    const redraw = () => this.update();
    scheme.addEventListener("change", redraw);
    return () => {
      unwatch();
      scheme.removeEventListener("change", redraw);
      this.#chart?.destroy();
      this.#chart = null;
      this.#drawn = "";
    };
  }

  #refresh(): void {
    const extra: Array<[string, string]> = [["metric", this.metric], ["step", this.step]];
    if (this.groupBy) extra.push(["group_by", this.groupBy]);
    const url = this.url("/api/metrics/history", extra);
    if (url === this.#url && Date.now() - this.#fetchedAt < REFRESH_MS) return;
    this.#url = url;
    this.#fetchedAt = Date.now();
    getJson<History>(url).then((h) => {
      if (url !== this.#url) return;
      this.#history = h;
      this.#failure = null;
      this.update();
    }, (error) => {
      if (url !== this.#url) return;
      this.#failure = ((error as Error).cause as Failed | undefined) ??
        classify(0, "cannot reach the monitor");
      this.update();
    });
  }

  override update(): void {
    super.update();
    void this.#draw();
  }

  /** Draws or updates the chart when its data, unit or colors changed. */
  async #draw(): Promise<void> {
    const h = this.#history;
    const canvas = this.#canvas;
    const unit = this.#info()?.unit ?? "count";
    if (!h || !canvas) return;
    const css = getComputedStyle(this);
    const color = (name: string) => css.getPropertyValue(`--${name}`).trim();
    // New numbers update the chart; new colors or a new unit (theme, catalogue) rebuild it.
    const dark = this.theme === "dark" ||
      (this.theme === "auto" && matchMedia("(prefers-color-scheme: dark)").matches);
    const look = JSON.stringify(
      [
        unit,
        this.locale,
        dark,
        css.fontFamily,
        ...["fg", "mu", "ln", "ac", "llm-chart-colors"].map(color),
      ],
    );
    const signature = `${this.#fetchedAt} ${look}`;
    if (signature === this.#drawn) return;
    const rebuild = !this.#drawn.endsWith(` ${look}`);
    this.#drawn = signature;
    let Chart: Vendor["Chart"], fade: Vendor["fade"];
    try {
      ({ Chart, fade } = await loadVendor());
    } catch {
      this.#failure = { status: "unreachable", message: "cannot load chart-vendor.js" };
      return super.update();
    }
    if (canvas !== this.#canvas || h !== this.#history) return;
    // A series keeps its dashboard colour (its slot); the page may set --llm-chart-colors.
    const custom = color("llm-chart-colors").split(",").map((c) => c.trim()).filter(Boolean);
    const paint = (slot: number) =>
      custom.length > 0 ? custom[slot % custom.length]! : slotColor(slot, dark ? "dark" : "light");
    const locale = this.locale;
    const axis = WINDOWS[this.window] <= 86_400_000 ? "time" : "date";
    const tick = (ms: number) => formatTime(ms, axis, { locale });
    const when = (ms: number) => formatTime(ms, "datetime", { locale });
    const value = (v: number) => formatValue(v, unit, locale);
    const font = { family: css.fontFamily, size: 11 };
    const datasets = h.series.slice(0, MAX_SERIES).map((s, i) => {
      const slot = h.colors?.[s.key] ?? i;
      const c = this.groupBy ? paint(slot) : color("ac");
      return {
        borderDash: this.groupBy && custom.length === 0 ? slotDash(slot) : [],
        label: s.key,
        data: s.points.map(([x, y]) => ({ x, y })),
        borderColor: c,
        backgroundColor: fade(c, 0.14),
        fill: h.series.length === 1,
        spanGaps: false,
        borderWidth: 2,
        pointRadius: loneRadius,
        pointBackgroundColor: c,
        tension: 0.3,
      };
    });
    if (this.#chart && rebuild) {
      this.#chart.destroy();
      this.#chart = null;
    }
    if (this.#chart) {
      this.#chart.data.datasets = datasets;
      Object.assign(this.#chart.options.scales!.x!, xBounds(h));
      this.#chart.options.plugins!.legend!.display = !!this.groupBy;
      this.#chart.update("none");
      return;
    }
    this.#chart = new Chart(canvas, {
      type: "line",
      data: { datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          x: {
            type: "linear",
            ...xBounds(h),
            ticks: {
              callback: (v) => tick(Number(v)),
              maxTicksLimit: 6,
              color: color("mu"),
              font,
            },
            grid: { display: false },
            border: { color: color("ln") },
          },
          y: {
            beginAtZero: true,
            ticks: {
              callback: (v) => value(Number(v)),
              maxTicksLimit: 5,
              color: color("mu"),
              font,
            },
            grid: { color: color("ln") },
            border: { display: false },
          },
        },
        plugins: {
          legend: {
            display: !!this.groupBy,
            position: "bottom",
            labels: { color: color("fg"), boxWidth: 10, boxHeight: 10, font },
          },
          tooltip: {
            callbacks: {
              title: (items) => when(items[0]?.parsed.x ?? 0),
              label: (item) => `${item.dataset.label}: ${value(item.parsed.y ?? 0)}`,
            },
          },
        },
      },
    });
  }

  protected view() {
    const s: SourceState<Record<string, unknown>> = this.source;
    const info = this.#info();
    const failure = this.#failure ??
      (this.catalogue && !info
        ? { status: "invalid" as const, message: `unknown metric "${this.metric}"` }
        : null);
    // Live numbers but no history yet: still loading.
    const status = failure?.status ??
      (!this.#history && (s.status === "live" || s.status === "stale") ? "loading" : s.status);
    const message = failure?.message ?? s.message;
    const label = this.label ??
      `${info?.label ?? this.metric.replaceAll("_", " ")}${
        this.groupBy ? ` by ${this.groupBy}` : ""
      }`;
    const h = this.#history;
    const latest = h?.series.slice(0, MAX_SERIES).map((series) => {
      const last = series.points.at(-1)?.[1] ?? null;
      return `${series.key} ${
        last === null ? "no requests" : formatValue(last, info?.unit ?? "count", this.locale)
      }`;
    }).join(", ");
    return html`
      <div part="chart" class="box ${status}" role="group" aria-label=${label}>
        ${this.head(label, status, message)}
        <div class="plot">
          <canvas
            part="canvas"
            role="img"
            aria-label=${`${label}, last ${this.window}${latest ? `; now: ${latest}` : ""}`}
            ref=${(el: HTMLCanvasElement | null) => this.#canvas = el}
          ></canvas>
        </div>
        <p part="note" class="note">
          ${message ||
            `last ${this.window}${this.filters.map(([, v]) => ` · ${v}`).join("")}`}
        </p>
      </div>
    `;
  }
}
