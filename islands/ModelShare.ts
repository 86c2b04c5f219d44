// Model distribution, live from the stream: each model's share of requests, its cost, p95 and
// error rate; a row opens that model's events.
import { useSignal } from "@preact/signals";
import { colorOf, slotOf } from "../components/chart_data.ts";
import { SERIES_PALETTE, swatchCss } from "../lib/shared/palette.ts";
import { eventsHref, type LinkState } from "../components/hrefs.ts";
import { html } from "../components/html.ts";
import { formatCost, formatValue } from "../lib/shared/format.ts";
import type { CurrentMetrics } from "../lib/metrics/live_metrics.ts";
import { useLive } from "./_live.ts";

export interface ModelShareProps {
  initial: CurrentMetrics["active_models"];
  stream: string;
  colors: Record<string, number>;
  link: LinkState;
  locale: string;
  limit: number;
}

export default function ModelShare(props: ModelShareProps) {
  const models = useSignal(props.initial);
  useLive(props.stream, (m) => models.value = m.active_models);
  const f = (v: number, unit: Parameters<typeof formatValue>[1]) =>
    formatValue(v, unit, props.locale);
  const cost = (m: ModelShareProps["initial"][number]) =>
    formatCost(m.cost_usd, "usd", m, props.locale);
  const costLabel = (m: ModelShareProps["initial"][number]) => {
    const { text, note } = cost(m);
    return note ? `${text} (${note})` : text;
  };
  // Striped past the palette's colours, as the charts draw that slot dashed.
  const swatch = (model: string) =>
    swatchCss(
      `var(${colorOf(model, props.colors)})`,
      slotOf(model, props.colors) >= SERIES_PALETTE.length,
    );
  const shown = models.value.slice(0, props.limit);
  return html`
    <section class="panel" aria-labelledby="model-share-title">
      <div class="panel-head">
        <h2 id="model-share-title">Model distribution</h2>
        <span class="sub">share of requests · ${models.value.length} active</span>
      </div>
      ${shown.length === 0
        ? html`<p class="empty"><b>No requests in this range</b>Models appear here as events arrive.</p>`
        : html`<ul class="share-list">
          ${
          shown.map((m) =>
            html`
              <li key=${`${m.model}|${m.provider}`}>
                <a
                  href=${eventsHref(props.link, { filters: { model: [m.model] } })}
                  aria-label=${`${m.model}: ${f(m.share, "rate")} of requests, ${
                    costLabel(m)
                  }, p95 ${f(m.p95_latency_ms, "ms")}, ${f(m.error_rate, "rate")} errors`}
                >
                  <span class="name">
                    <span class="swatch" style=${swatch(m.model)}></span>
                    <span>${m.model} <small>${m.provider}</small></span>
                  </span>
                  <span class="bar"><span style=${`width: ${
                    (m.share * 100).toFixed(1)
                  }%; background: var(${colorOf(m.model, props.colors)})`}></span></span>
                  <span class="num">${f(m.share, "rate")}</span>
                  <span class="num muted" title=${cost(m).note ?? undefined}>${cost(m).text}</span>
                  <span class="num muted">p95 ${f(m.p95_latency_ms, "ms")}</span>
                  <span class=${m.error_rate > 0.05 ? "num bad-text" : "num muted"}>${f(
                    m.error_rate,
                    "rate",
                  )} err</span>
                </a>
              </li>
            `
          )
        }
        </ul>`}
    </section>
  `;
}
