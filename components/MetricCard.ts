// One stat card: label, value, and the change against the previous period, coloured by whether
// that change is good news for this metric.
import { type FormatUnit, formatValue } from "../lib/shared/format.ts";
import { type Better, tone } from "../lib/shared/tone.ts";
import { html } from "./html.ts";

export interface MetricCardProps {
  id: string;
  label: string;
  value: number;
  unit: FormatUnit;
  locale: string;
  /** (current − previous) / previous, or null when there is nothing to compare. */
  change: number | null;
  better: Better;
  /** What the change is against, or another short note: "vs previous 1 h". */
  note: string;
  /** What the value leaves out, on a line of its own: "excludes 3 unpriced requests". */
  caveat?: string | null;
}

/** Changes under half a percent show as flat (the arrow says "–"). */
const FLAT_BELOW = 0.005;

function trendClass(change: number, better: Better): string {
  const t = tone(better, change, FLAT_BELOW);
  return t === "neutral" ? "flat" : t;
}

export function MetricCard(p: MetricCardProps) {
  const text = formatValue(p.value, p.unit, p.locale);
  const change = p.change;
  const arrow = change === null ? "" : change > FLAT_BELOW ? "▲" : change < -FLAT_BELOW ? "▼" : "–";
  // Past +900 % a multiple reads better: "▲ 14×".
  const pct = change === null
    ? ""
    : change >= 9
    ? `${Math.round(1 + change).toLocaleString(p.locale)}×`
    : formatValue(Math.abs(change), "rate", p.locale);
  return html`
    <article class="card" data-card=${p.id}>
      <h3 class="card-label">${p.label}</h3>
      <p class="card-value" data-value=${p.value} title=${text}>${text}</p>
      <p class="card-foot">
        ${change !== null &&
          html`
            <span
              class=${`trend ${trendClass(change, p.better)}`}
              aria-label=${`${change > 0 ? "up" : change < 0 ? "down" : "unchanged"} ${pct}`}
            >${arrow} ${pct}</span>
          `}
        <span>${p.note}</span>
      </p>
      ${p.caveat && html`<p class="card-foot card-caveat">${p.caveat}</p>`}
    </article>
  `;
}
