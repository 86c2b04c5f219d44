// The events explorer's table: newest first; on the first page of a sliding window new events
// slide in live (highlighted); a row opens the event.
import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { href, type LinkState } from "../components/hrefs.ts";
import { html } from "../components/html.ts";
import { countColumn, eventCost, eventTime, spansDays } from "../components/event_format.ts";
import type { toApiEvent } from "../lib/metrics/event_view.ts";
import type { CurrentMetrics } from "../lib/metrics/live_metrics.ts";
import { formatValue } from "../lib/shared/format.ts";
import { getJson, useLive } from "./_live.ts";

export type ApiEvent = ReturnType<typeof toApiEvent>;

/** The numbers in the list's header: the whole range's, not just the rows shown. */
export type EventSummary = Pick<
  CurrentMetrics,
  | "from"
  | "to"
  | "requests"
  | "errors"
  | "error_rate"
  | "avg_latency_ms"
  | "p95_latency_ms"
  | "cost_usd"
>;

export function eventSummary(m: EventSummary): EventSummary {
  const { from, to, requests, errors, error_rate, avg_latency_ms, p95_latency_ms, cost_usd } = m;
  return { from, to, requests, errors, error_rate, avg_latency_ms, p95_latency_ms, cost_usd };
}

export interface EventListProps {
  initial: ApiEvent[];
  summary: EventSummary;
  /** An older page (no live rows). */
  paged: boolean;
  /** The read-API query: project, range, filters. */
  api: string;
  stream: string;
  /** New events are fetched as they arrive (first page of a sliding window). */
  live: boolean;
  link: LinkState;
  time_zone: string;
  locale: string;
}

const REFRESH_MS = 2_000;
/** The first page's size (routes/pages.ts): the live list keeps at least that many rows. */
const PAGE_SIZE = 50;
const RETRY_MS = 500;
const RETRIES = 6;

export default function EventList(props: EventListProps) {
  const events = useSignal(props.initial);
  const fresh = useSignal<string[]>([]);
  const summary = useSignal(props.summary);
  const retry = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(retry.current), []);
  // The stream counts an event as soon as it is accepted; the list reads the database, which has
  // it a flush later: when the count moved but no row came yet, look again shortly.
  const refresh = (metrics: EventSummary, attempt: number) => {
    getJson<{ events: ApiEvent[] }>(
      `/api/events?${props.api}&limit=${Math.max(props.initial.length, PAGE_SIZE)}`,
    )
      .then(
        (r) => {
          const known = new Set(events.value.map((e) => e.id));
          const added = r.events.filter((e) => !known.has(e.id)).map((e) => e.id);
          const behind = added.length === 0 && metrics.requests > summary.value.requests;
          if (behind && attempt < RETRIES) {
            retry.current = setTimeout(() => refresh(metrics, attempt + 1), RETRY_MS);
            return;
          }
          fresh.value = added;
          events.value = r.events;
          // The header moves with the rows: the stream's numbers cover the same range and filters.
          summary.value = eventSummary(metrics);
        },
        () => undefined,
      );
  };
  useLive(props.live ? props.stream : null, (metrics) => {
    clearTimeout(retry.current);
    refresh(metrics, 0);
  }, { throttleMs: REFRESH_MS, skipFirst: true });

  const f = (v: number | null, unit: Parameters<typeof formatValue>[1]) =>
    v === null ? "—" : formatValue(v, unit, props.locale);
  const where = { timeZone: props.time_zone, locale: props.locale };
  const s = summary.value;
  const dated = spansDays(Date.parse(s.from), Date.parse(s.to));
  const counts = countColumn([s.requests, s.errors], props.locale);
  const tokens = countColumn(
    events.value.flatMap((e) => [e.input_tokens, e.output_tokens]),
    props.locale,
  );
  const head = html`
    <div class="panel-head">
      <h2 id="events-title">${counts(s.requests)} events</h2>
      <span class="sub" data-summary>
        ${counts(s.errors)} errors (${f(s.error_rate, "rate")}) · avg ${f(s.avg_latency_ms, "ms")} ·
        p95 ${f(s.p95_latency_ms, "ms")} · ${f(s.cost_usd, "usd")} · newest first${props.paged
          ? " · older page"
          : ""}
      </span>
    </div>
  `;
  if (events.value.length === 0) {
    return html`${head}<p class="empty"><b>No events match</b>Widen the time range or clear a filter.</p>`;
  }
  return html`
    ${head}
    <div class="table-wrap">
      <table class="table" data-events>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Status</th>
            <th scope="col">Model</th>
            <th scope="col">Endpoint</th>
            <th scope="col">User</th>
            <th scope="col" class="num">Latency</th>
            <th scope="col" class="num">Tokens in → out</th>
            <th scope="col" class="num">Cost</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          ${events.value.map((e) => {
            const to = href(`/events/${encodeURIComponent(e.id)}`, { ...props.link, view: null });
            return html`
              <tr
                key=${e.id}
                class=${fresh.value.includes(e.id) ? "link new" : "link"}
                data-event=${e.id}
                onClick=${() => location.assign(to)}
              >
                <td class="num"><a href=${to}>${eventTime(
                  Date.parse(e.timestamp),
                  dated,
                  where,
                )}</a></td>
                <td><span class=${`badge ${e.status}`}>${e.status}</span></td>
                <td class="cell-main">${e.model}<small>${e.provider ?? ""}</small></td>
                <td>${e.endpoint}</td>
                <td class="truncate">${e.user_id ?? html`<span class="faint">—</span>`}</td>
                <td class="num">${f(e.latency_ms, "ms")}<small
                  class="faint"
                  style="display: block"
                  title=${e.time_to_first_token_ms === null
                    ? "time to first token not reported"
                    : undefined}
                >TTFT ${f(e.time_to_first_token_ms ?? null, "ms")}</small></td>
                <td class="num">${tokens(e.input_tokens)} → ${tokens(e.output_tokens)}</td>
                <td class="num">${e.cost_usd === null
                  ? html`<span class="faint" title="unpriced">—</span>`
                  : eventCost(e.cost_usd, props.locale)}</td>
                <td class="truncate muted" title=${e.error_message ?? ""}>${e.error_type ??
                  e.error_message ?? ""}</td>
              </tr>
            `;
          })}
        </tbody>
      </table>
    </div>
  `;
}
