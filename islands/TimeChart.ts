// A time chart (bars, lines, or areas said to be stacked) from the history API, redrawn in place
// while the stream says the numbers move. A click on a bar or point opens the events of that time step
// (and of that series, when the click hits one); the data table under it offers the same links
// to keyboard and screen-reader users.
import { effect, useComputed, useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import {
  type ChartData,
  chartData,
  type ColoredHistory,
  describeChart,
  drawn,
} from "../components/chart_data.ts";
import type { ChartSpec } from "../components/charts.ts";
import { eventsHref, type LinkState } from "../components/hrefs.ts";
import { html } from "../components/html.ts";
import { formatTime } from "../components/time.ts";
import { formatValue } from "../lib/shared/format.ts";
import { swatchCss } from "../lib/shared/palette.ts";
import { makeChart, onThemeChange } from "./_chart.ts";
import { config, draw, theme } from "./_time_chart.ts";
import { getJson, useLive } from "./_live.ts";

export interface TimeChartProps {
  spec: ChartSpec;
  initial: ColoredHistory[];
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
      spec.series.map((s) => getJson<ColoredHistory>(historyUrl(props.api, s.metric, s.group_by))),
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
        <span class="sub">${spec.stacked && "stacked · "}click a ${spec.kind === "bar"
          ? "bar"
          : "point"} for its events</span>
      </figcaption>
      <ul class="legend" aria-label="Series">
        ${d.sets.map((s) =>
          html`<li key=${s.id}><button
            type="button"
            aria-pressed=${!hidden.value.includes(s.id)}
            onClick=${() => toggle(s.id)}
          ><span class="swatch" style=${
            swatchCss(`var(${s.color})`, s.dash.length > 0)
          }></span>${s.label}${s.axis === "right" ? " (right axis)" : ""}</button></li>`
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
