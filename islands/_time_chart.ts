// The chart.js side of TimeChart: its configuration (axes, tooltip, clicks to events), its theme
// colours, and each redraw from ChartData. Series colours come from their palette slot; a slot
// past the palette's colours is drawn dashed (lines) or striped (bars).
import type { ChartData } from "../components/chart_data.ts";
import type { ChartSpec } from "../components/charts.ts";
import { eventsHref } from "../components/hrefs.ts";
import { axisStyle, formatTime } from "../components/time.ts";
import { formatValue } from "../lib/shared/format.ts";
import {
  type Chart,
  cssColor,
  lonePointRadius,
  makeChart,
  stripes,
  translucent,
} from "./_chart.ts";
import type { TimeChartProps } from "./TimeChart.ts";

type Where = { timeZone: string; locale: string };

/** The label of the series drawn against an axis ("Input"), when the chart has two. */
function axisTitle(spec: ChartSpec, axis: "left" | "right"): string | null {
  if (!spec.series.some((s) => s.axis === "right")) return null;
  return spec.series.filter((s) => (s.axis ?? "left") === axis).map((s) => s.label).join(", ");
}

export function config(
  props: TimeChartProps,
  data: () => ChartData,
  hidden: () => string[],
): Parameters<typeof makeChart>[1] {
  const { spec, locale } = props;
  const where: Where = { timeZone: props.time_zone, locale };
  const tick = (v: string | number) => formatValue(Number(v), spec.unit, locale);
  const [left, right] = [axisTitle(spec, "left"), axisTitle(spec, "right")];
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
          ticks: { maxTicksLimit: 5, callback: tick },
          title: { display: left !== null, text: `${left} (left axis)` },
        },
        // A second series on a scale of its own (tokens out next to tokens in), labelled.
        ...(right === null ? {} : {
          y1: {
            position: "right" as const,
            beginAtZero: true,
            border: { display: false },
            grid: { display: false },
            ticks: { maxTicksLimit: 5, callback: tick },
            title: { display: true, text: `${right} (right axis)` },
          },
        }),
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

export function theme(chart: Chart<"bar" | "line">) {
  const text = cssColor("--faint");
  const grid = cssColor("--grid");
  for (const scale of Object.values(chart.options.scales ?? {})) {
    if (!scale) continue;
    if (scale.ticks) scale.ticks.color = text;
    if ("title" in scale && scale.title) scale.title.color = text;
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

export function draw(
  chart: Chart<"bar" | "line">,
  spec: ChartSpec,
  data: ChartData,
  hidden: string[],
  where: Where,
) {
  const style = axisStyle(data.stepMs, data.times.length * data.stepMs);
  theme(chart);
  chart.data.labels = data.times.map((t) => formatTime(t, style, where));
  const sets = data.sets.filter((s) => !hidden.includes(s.id));
  chart.data.datasets = sets.map((s, i) => {
    const color = cssColor(s.color);
    const common = {
      label: s.label,
      data: s.values,
      borderColor: color,
      yAxisID: s.axis === "right" ? "y1" : "y",
    };
    if (spec.kind === "bar") {
      return {
        ...common,
        type: "bar" as const,
        backgroundColor: s.dash.length > 0 ? stripes(color) : color,
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
      borderDash: s.dash,
      pointRadius: lonePointRadius(2.5),
      pointBackgroundColor: color,
      pointHoverRadius: 3,
      pointHitRadius: 6,
      tension: 0.25,
    };
  });
  chart.update("none");
}
