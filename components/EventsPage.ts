// The events explorer: the raw events behind any number, with the page's filters and range,
// newest first, a page at a time, exportable as CSV.
import EventList, { type ApiEvent } from "../islands/EventList.ts";
import { formatValue } from "../lib/shared/format.ts";
import type { CurrentMetrics } from "../lib/metrics/live_metrics.ts";
import { href } from "./hrefs.ts";
import { html } from "./html.ts";
import { Icon } from "./Icon.ts";
import { Island } from "./Island.ts";
import { Layout } from "./Layout.ts";
import type { PageModel } from "./page_model.ts";
import { PageTop } from "./PageTop.ts";

export function EventsPage(
  { model: m, events, next_cursor, paged, summary }: {
    model: PageModel;
    events: ApiEvent[];
    next_cursor: string | null;
    paged: boolean;
    summary: CurrentMetrics;
  },
) {
  const f = (v: number, unit: Parameters<typeof formatValue>[1]) => formatValue(v, unit, m.locale);
  const link = { ...m.link, view: null };
  return html`
    <${Layout} chrome=${m.chrome}>
      <${PageTop} model=${m} path="/events" title="Events"
        blurb="every LLM call behind the numbers">
        <a class="btn" href=${`/api/events?${m.api}&format=csv`} download><${Icon} name="download" /> Export CSV</a>
        <//>
        <section class="panel" aria-labelledby="events-title">
          <div class="panel-head">
            <h2 id="events-title">${f(summary.requests, "count")} events</h2>
            <span class="sub" data-summary>
            ${f(summary.errors, "count")} errors (${f(summary.error_rate, "rate")}) · avg ${f(
              summary.avg_latency_ms,
              "ms",
            )} ·
            p95 ${f(summary.p95_latency_ms, "ms")} · ${f(
              summary.cost_usd,
              "usd",
            )} · newest first${paged ? " · older page" : ""}
          </span>
          </div>
          <${Island}
            name="EventList"
            component=${EventList}
            props=${{
              initial: events,
              api: m.api,
              stream: m.stream,
              live: !paged && !m.fixed,
              link: m.link,
              time_zone: m.timeZone,
              locale: m.locale,
            }}
          />
          <nav class="panel-head" aria-label="Pages of events">
          ${paged
            ? html`<a class="btn small" href=${href("/events", link)}>← Newest</a>`
            : html`<span></span>`}
          ${next_cursor &&
            html`<a class="btn small" href=${
              href("/events", link, { cursor: next_cursor })
            } rel="next">Older →</a>`}
        </nav>
        </section>
        <//>
  `;
}
