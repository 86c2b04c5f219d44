// The stream's state in the page header: live (and when the numbers last moved), reconnecting,
// or offline.
import { html } from "../components/html.ts";
import { formatTime } from "../components/time.ts";
import { liveStatus, useLive } from "./_live.ts";

export interface LiveBadgeProps {
  stream: string;
  /** A fixed from/to range: the numbers only move for late events. */
  fixed: boolean;
  time_zone: string;
  locale: string;
}

const LABELS = {
  connecting: ["wait", "Connecting…"],
  live: ["on", "Live"],
  reconnecting: ["wait", "Reconnecting…"],
  offline: ["off", "Offline — retrying"],
} as const;

export default function LiveBadge(props: LiveBadgeProps) {
  useLive(props.stream, () => {});
  const { state, updatedAt } = liveStatus(props.stream);
  const [tone, label] = LABELS[state.value];
  const at = updatedAt.value;
  return html`
    <span class=${`live ${tone}`} data-live=${state.value}>
      <i aria-hidden="true"></i>
      <span role="status">${props.fixed && state.value === "live" ? "Fixed range" : label}</span>
      ${at > 0 &&
        html`<span class="faint">· ${
          formatTime(at, "seconds", { timeZone: props.time_zone, locale: props.locale })
        }</span>`}
    </span>
  `;
}
