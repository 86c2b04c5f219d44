// The events explorer's table: newest first; on the first page of a sliding window new events
// slide in live (highlighted); a row opens the event.
import { useSignal } from "@preact/signals";
import { href, type LinkState } from "../components/hrefs.ts";
import { html } from "../components/html.ts";
import { formatTime } from "../components/time.ts";
import type { toApiEvent } from "../lib/metrics/event_view.ts";
import { formatValue } from "../lib/shared/format.ts";
import { getJson, useLive } from "./_live.ts";

export type ApiEvent = ReturnType<typeof toApiEvent>;

export interface EventListProps {
  initial: ApiEvent[];
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

export default function EventList(props: EventListProps) {
  const events = useSignal(props.initial);
  const fresh = useSignal<string[]>([]);
  useLive(props.live ? props.stream : null, () => {
    getJson<{ events: ApiEvent[] }>(`/api/events?${props.api}&limit=${props.initial.length || 50}`)
      .then(
        (r) => {
          const known = new Set(events.value.map((e) => e.id));
          fresh.value = r.events.filter((e) => !known.has(e.id)).map((e) => e.id);
          events.value = r.events;
        },
        () => undefined,
      );
  }, { throttleMs: REFRESH_MS, skipFirst: true });

  const f = (v: number | null, unit: Parameters<typeof formatValue>[1]) =>
    v === null ? "—" : formatValue(v, unit, props.locale);
  const where = { timeZone: props.time_zone, locale: props.locale };
  if (events.value.length === 0) {
    return html`<p class="empty"><b>No events match</b>Widen the time range or clear a filter.</p>`;
  }
  return html`
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
                <td class="num"><a href=${to}>${formatTime(
                  Date.parse(e.timestamp),
                  "seconds",
                  where,
                )}</a></td>
                <td><span class=${`badge ${e.status}`}>${e.status}</span></td>
                <td class="cell-main">${e.model}<small>${e.provider ?? ""}</small></td>
                <td>${e.endpoint}</td>
                <td class="truncate">${e.user_id ?? html`<span class="faint">—</span>`}</td>
                <td class="num">${f(e.latency_ms, "ms")}${e.time_to_first_token_ms !== null
                  ? html`<small class="faint" style="display: block">TTFT ${
                    f(e.time_to_first_token_ms, "ms")
                  }</small>`
                  : ""}</td>
                <td class="num">${f(e.input_tokens, "tokens")} → ${f(
                  e.output_tokens,
                  "tokens",
                )}</td>
                <td class="num">${e.cost_usd === null
                  ? html`<span class="faint" title="unpriced">—</span>`
                  : f(e.cost_usd, "usd")}</td>
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
