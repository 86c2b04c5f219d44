// A time chart (bars, lines or stacked areas) from the history API, redrawn in place while the
// stream says the numbers move. A click on a bar or point opens the events of that time step
// (and of that series, when the click hits one); the data table under it offers the same links
// to keyboard and screen-reader users.
import { effect, useComputed, useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { type ChartData, chartData, describeChart, drawn } from "../components/chart_data.ts";
import type { ChartSpec } from "../components/charts.ts";
import { eventsHref, type LinkState } from "../components/hrefs.ts";
import { html } from "../components/html.ts";
import { axisStyle, formatTime } from "../components/time.ts";
import { formatValue } from "../lib/shared/format.ts";
import type { HistoryResult } from "../lib/metrics/live_metrics.ts";
import {
  type Chart,
  cssColor,
  lonePointRadius,
  makeChart,
  onThemeChange,
  translucent,
} from "./_chart.ts";
import { getJson, useLive } from "./_live.ts";

export interface TimeChartProps {
  spec: ChartSpec;
  initial: HistoryResult[];
  /** Palette slots by group key, so a model has the same colour on every chart of the page. */
  colors: Record<string, number>;
  /** The read-API query: project, range, filters. */
  api: string;
  stream: string;
  link: LinkState;
  time_zone: string;
  locale: string;
  refresh_ms: number;
}

function historyUrl(api: string, metric: string, groupBy: string | null): string {
  return `/api/metrics/history?${api}&metric=${metric}${groupBy ? `&group_by=${groupBy}` : ""}`;
}

export default function TimeChart(props: TimeChartProps) {
  const { spec, locale } = props;
  const where = { timeZone: props.time_zone, locale };
  const results = useSignal(props.initial);
  const hidden = useSignal<string[]>([]);
  const tableOpen = useSignal(false);
  const stale = useSignal(false);
  const data = useComputed(() => chartData(spec, results.value, props.colors));
  const summary = useComputed(() => describeChart(spec, data.value, where));
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const chart = makeChart(canvas.current!, config(props, () => data.peek(), () => hidden.peek()));
    const stopSync = effect(() => draw(chart, spec, data.value, hidden.value, where));
    const stopTheme = onThemeChange(() => {
      theme(chart);
      draw(chart, spec, data.peek(), hidden.peek(), where);
    });
    return () => {
      stopSync();
      stopTheme();
      chart.destroy();
    };
  }, []);

  useLive(props.stream, () => {
    Promise.all(
      spec.series.map((s) => getJson<HistoryResult>(historyUrl(props.api, s.metric, s.group_by))),
    )
      .then((next) => {
        results.value = next;
        stale.value = false;
      }, () => stale.value = true);
  }, { throttleMs: props.refresh_ms, skipFirst: true });

  const toggle = (id: string) => {
    hidden.value = hidden.value.includes(id)
      ? hidden.value.filter((h) => h !== id)
      : [...hidden.value, id];
  };
  const d = data.value;
  const empty = d.sets.every((s) => !s.values.some(drawn));
  return html`
    <figure class="panel" data-chart=${spec.id}>
      <figcaption class="panel-head">
        <h2>${spec.title}</h2>
        ${stale.value && html`<span class="stale">not refreshed</span>`}
        <span class="sub">click a ${spec.kind === "bar" ? "bar" : "point"} for its events</span>
      </figcaption>
      <ul class="legend" aria-label="Series">
        ${d.sets.map((s) =>
          html`<li key=${s.id}><button
            type="button"
            aria-pressed=${!hidden.value.includes(s.id)}
            onClick=${() => toggle(s.id)}
          ><span class="swatch" style=${`background: var(${s.color})`}></span>${s.label}</button></li>`
        )}
      </ul>
      <div class="chart-box">
        <canvas ref=${canvas} role="img" aria-label=${summary}></canvas>
        ${empty && html`<div class="chart-empty">No requests in this range yet</div>`}
      </div>
      <details class="data" onToggle=${(e: Event) =>
        tableOpen.value = (e.currentTarget as HTMLDetailsElement).open}>
        <summary>Data table</summary>
        <p class="sr-only">${summary}</p>
        ${tableOpen.value && html`<${DataTable} props=${props} data=${d} />`}
      </details>
    </figure>
  `;
}

function DataTable({ props, data }: { props: TimeChartProps; data: ChartData }) {
  const where = { timeZone: props.time_zone, locale: props.locale };
  const rows = data.times.map((t, i) => ({ t, i })).filter(({ i }) =>
    data.sets.some((s) => drawn(s.values[i]))
  )
    .reverse();
  return html`
    <div class="scroll">
      <table class="table">
        <thead>
          <tr><th scope="col">Time</th>${data.sets.map((s) =>
            html`<th scope="col" class="num">${s.label}</th>`
          )}</tr>
        </thead>
        <tbody>
          ${rows.map(({ t, i }) =>
            html`<tr key=${t}>
              <th scope="row"><a href=${eventsHref(props.link, { from: t, to: t + data.stepMs })}>${
              formatTime(t, "datetime", where)
            }</a></th>
              ${
              data.sets.map((s) =>
                html`<td class="num">${
                  s.values[i] == null
                    ? "—"
                    : formatValue(s.values[i]!, props.spec.unit, props.locale)
                }</td>`
              )
            }
            </tr>`
          )}
        </tbody>
      </table>
      ${rows.length === 0 && html`<p class="empty">No data in this range.</p>`}
    </div>
  `;
}

function config(
  props: TimeChartProps,
  data: () => ChartData,
  hidden: () => string[],
): Parameters<typeof makeChart>[1] {
  const { spec, locale } = props;
  const where = { timeZone: props.time_zone, locale };
  const visible = () => data().sets.filter((s) => !hidden().includes(s.id));
  return {
    type: spec.kind === "bar" ? "bar" : "line",
    data: { labels: [], datasets: [] },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: "index", intersect: false },
      plugins: {
        tooltip: {
          itemSort: (a, b) => (b.parsed.y ?? 0) - (a.parsed.y ?? 0),
          filter: (item) => !spec.stacked || item.parsed.y !== 0,
          callbacks: {
            title: (items) =>
              formatTime(data().times[items[0]?.dataIndex ?? 0] ?? 0, "datetime", where),
            label: (item) =>
              ` ${item.dataset.label}: ${formatValue(item.parsed.y ?? 0, spec.unit, locale)}`,
          },
        },
      },
      scales: {
        x: {
          stacked: spec.stacked,
          grid: { display: false },
          ticks: { maxRotation: 0, autoSkipPadding: 16 },
        },
        y: {
          stacked: spec.stacked,
          beginAtZero: true,
          border: { display: false },
          ticks: { maxTicksLimit: 5, callback: (v) => formatValue(Number(v), spec.unit, locale) },
        },
      },
      // The pointer over a bar or point says "click me"; a click elsewhere in a column still works.
      onHover: (event, _elements, chart) => {
        const native = event.native;
        if (!native) return;
        const hit = chart.getElementsAtEventForMode(native, "nearest", { intersect: true }, true);
        chart.canvas.style.cursor = hit.length > 0 ? "pointer" : "default";
      },
      onClick: (event, _elements, chart) => {
        const native = event.native;
        if (!native) return;
        const column =
          chart.getElementsAtEventForMode(native, "index", { intersect: false }, true)[0];
        if (!column) return;
        const hit =
          chart.getElementsAtEventForMode(native, "nearest", { intersect: true }, true)[0];
        const set = hit ? visible()[hit.datasetIndex] : undefined;
        const d = data();
        const from = d.times[column.index]!;
        location.assign(eventsHref(props.link, {
          from,
          to: from + d.stepMs,
          filters: set?.filters ?? undefined,
        }));
      },
    },
  };
}

function theme(chart: Chart<"bar" | "line">) {
  const text = cssColor("--faint");
  const grid = cssColor("--grid");
  for (const scale of Object.values(chart.options.scales ?? {})) {
    if (!scale) continue;
    if (scale.ticks) scale.ticks.color = text;
    if (scale.grid) scale.grid.color = grid;
    if (scale.border) scale.border.color = grid;
  }
  const tooltip = chart.options.plugins?.tooltip;
  if (tooltip) {
    tooltip.backgroundColor = cssColor("--surface-3");
    tooltip.titleColor = cssColor("--text");
    tooltip.bodyColor = cssColor("--text");
    tooltip.borderColor = cssColor("--border-strong");
    tooltip.borderWidth = 1;
  }
}

function draw(
  chart: Chart<"bar" | "line">,
  spec: ChartSpec,
  data: ChartData,
  hidden: string[],
  where: { timeZone: string; locale: string },
) {
  const style = axisStyle(data.stepMs, data.times.length * data.stepMs);
  theme(chart);
  chart.data.labels = data.times.map((t) => formatTime(t, style, where));
  const sets = data.sets.filter((s) => !hidden.includes(s.id));
  chart.data.datasets = sets.map((s, i) => {
    const color = cssColor(s.color);
    const common = { label: s.label, data: s.values, borderColor: color };
    if (spec.kind === "bar") {
      return {
        ...common,
        type: "bar" as const,
        backgroundColor: color,
        borderWidth: 0,
        borderRadius: 2,
        categoryPercentage: 0.86,
        barPercentage: 0.92,
      };
    }
    return {
      ...common,
      type: "line" as const,
      backgroundColor: spec.kind === "area" ? translucent(color, 0.22) : color,
      fill: spec.kind === "area" ? (spec.stacked && i > 0 ? "-1" : "origin") : false,
      // A step without requests is a gap (null), never a dive to 0; a lone point still shows.
      spanGaps: false,
      borderWidth: 2,
      pointRadius: lonePointRadius(2.5),
      pointBackgroundColor: color,
      pointHoverRadius: 3,
      pointHitRadius: 6,
      tension: 0.25,
    };
  });
  chart.update("none");
}
