// The events explorer: the raw events behind any number, with the page's filters and range,
// newest first, a page at a time, exportable as CSV.
import EventList, { type ApiEvent, eventSummary } from "../islands/EventList.ts";
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
  const link = { ...m.link, view: null };
  return html`
    <${Layout} chrome=${m.chrome}>
      <${PageTop} model=${m} path="/events" title="Events"
        blurb="every LLM call behind the numbers">
        <a class="btn" href=${`/api/events?${m.api}&format=csv`} download><${Icon} name="download" /> Export CSV</a>
        <//>
        <section class="panel" aria-labelledby="events-title">
          <${Island}
            name="EventList"
            component=${EventList}
            props=${{
              initial: events,
              summary: eventSummary(summary),
              paged,
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
