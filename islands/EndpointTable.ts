// Top endpoints, live from the stream: requests, cost, cost per request, p95 and
// error rate; a row opens that endpoint's events.
import { useSignal } from "@preact/signals";
import { eventsHref, type LinkState } from "../components/hrefs.ts";
import { html } from "../components/html.ts";
import { formatCost, formatValue } from "../lib/shared/format.ts";
import type { CurrentMetrics } from "../lib/metrics/live_metrics.ts";
import { useLive } from "./_live.ts";

export interface EndpointTableProps {
  initial: CurrentMetrics["top_endpoints"];
  stream: string;
  link: LinkState;
  locale: string;
}

export default function EndpointTable(props: EndpointTableProps) {
  const rows = useSignal(props.initial);
  useLive(props.stream, (m) => rows.value = m.top_endpoints);
  const f = (v: number, unit: Parameters<typeof formatValue>[1]) =>
    formatValue(v, unit, props.locale);
  /** "unpriced" when no request has a price, "$1.23*" when some have none. */
  const cost = (v: number, r: EndpointTableProps["initial"][number]) => {
    const { text, note } = formatCost(v, "usd", r, props.locale);
    const cls = note !== null && (r.unpriced_requests ?? 0) >= r.requests ? "num faint" : "num";
    return html`<td class=${cls} title=${note ?? undefined}>${text}</td>`;
  };
  return html`
    <section class="panel" aria-labelledby="top-endpoints-title">
      <div class="panel-head">
        <h2 id="top-endpoints-title">Top endpoints</h2>
        <span class="sub">by requests · click a row for its events</span>
      </div>
      ${rows.value.length === 0
        ? html`<p class="empty"><b>No requests in this range</b>Endpoints appear here as events arrive.</p>`
        : html`
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Endpoint</th>
                  <th scope="col" class="num">Requests</th>
                  <th scope="col" class="num">Cost</th>
                  <th scope="col" class="num">Cost/request</th>
                  <th scope="col" class="num">p95</th>
                  <th scope="col" class="num">Errors</th>
                </tr>
              </thead>
              <tbody>
                      ${rows.value.map((r) => {
                        const to = eventsHref(props.link, { filters: { endpoint: [r.endpoint] } });
                        return html`
                          <tr key=${r.endpoint} class="link" onClick=${() => location.assign(to)}>
                            <td class="cell-main"><a href=${to}>${r.endpoint}</a></td>
                            <td class="num">${f(r.requests, "count")}</td>
                            ${cost(r.cost_usd, r)}
                            ${cost(r.requests > 0 ? r.cost_usd / r.requests : 0, r)}
                            <td class="num">${f(r.p95_latency_ms, "ms")}</td>
                            <td class=${r.error_rate > 0.05 ? "num bad-text" : "num"}>${f(
                              r.error_rate,
                              "rate",
                            )}</td>
                          </tr>
                        `;
                      })}
                    </tbody>
            </table>
          </div>
        `}
    </section>
  `;
}
