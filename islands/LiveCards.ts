// The stat cards, live: window metrics from the stream (with compare=previous for the trends);
// the calendar cards (spend today, month to date, its projection) refetched every few seconds
// while the stream says the numbers move.
import { useSignal } from "@preact/signals";
import type { CardSpec } from "../components/cards.ts";
import { html } from "../components/html.ts";
import { MetricCard } from "../components/MetricCard.ts";
import { trend, unpricedCaveat } from "../lib/shared/format.ts";
import { projectSpend } from "../lib/cost/projection.ts";
import type { CurrentMetrics } from "../lib/metrics/live_metrics.ts";
import { getJson, useLive } from "./_live.ts";

/** Spend over calendar periods; `yesterday` is yesterday up to the same time of day. */
export interface CalendarSpend {
  today: number;
  yesterday: number;
  month: number;
  trailing_24h: number;
  /** Requests today and this month that have no price (the spend leaves them out). */
  unpriced_today?: number;
  unpriced_month?: number;
}

export interface LiveCardsProps {
  cards: CardSpec[];
  values: Record<string, number>;
  previous: Record<string, number> | null;
  calendar: CalendarSpend;
  /** When the calendar numbers were read (epoch ms). */
  now: number;
  /** [start of today, start of the month, end of the month] in the project's time zone. */
  bounds: { day_start: number; month_start: number; month_end: number };
  /** The stream URL (with compare=previous). */
  stream: string;
  /** The API query without the time range: project and filters. */
  base: string;
  /** "vs previous 1 h". */
  compare: string;
  locale: string;
  hero: boolean;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CALENDAR_REFRESH_MS = 10_000;

export function projectedMonth(calendar: CalendarSpend, monthEnd: number, now: number): number {
  return projectSpend(calendar.month, calendar.trailing_24h, monthEnd, now);
}

async function fetchCalendar(base: string, dayStart: number, monthStart: number, now: number) {
  const url = (range: string) => `/api/metrics/current?${base}${base ? "&" : ""}${range}`;
  const iso = (ms: number) => new Date(ms).toISOString();
  const [today, yesterday, month, trailing] = await Promise.all([
    getJson<CurrentMetrics>(url(`from=${iso(dayStart)}`)),
    getJson<CurrentMetrics>(url(`from=${iso(dayStart - DAY)}&to=${iso(now - DAY)}`)),
    getJson<CurrentMetrics>(url(`from=${iso(monthStart)}`)),
    getJson<CurrentMetrics>(url("window=24h")),
  ]);
  return {
    today: today.cost_usd,
    yesterday: yesterday.cost_usd,
    month: month.cost_usd,
    trailing_24h: trailing.cost_usd,
    unpriced_today: today.unpriced_requests,
    unpriced_month: month.unpriced_requests,
  };
}

/**
 * The change against the previous window and what it is against: "vs previous 1 h"; when that
 * window had no requests, "no data in previous 1 h"; when the metric was 0 there, "from 0 vs …".
 */
export function compared(
  value: number,
  before: number | undefined,
  previous: Record<string, number> | null,
  compare: string,
): { change: number | null; note: string } {
  if (!previous) return { change: null, note: compare };
  if (!(previous.requests! > 0)) {
    return { change: null, note: compare.replace(/^vs /, "no data in ") };
  }
  const change = trend(value, before);
  return { change, note: change === null && before === 0 ? `from 0 ${compare}` : compare };
}

export default function LiveCards(props: LiveCardsProps) {
  const values = useSignal(props.values);
  const previous = useSignal(props.previous);
  const calendar = useSignal(props.calendar);
  const readAt = useSignal(props.now);
  const dayStart = useSignal(props.bounds.day_start);
  const hasCalendar = props.cards.some((c) => c.period !== null);

  useLive(props.stream, (m) => {
    const { previous: before, ...now } = m as CurrentMetrics & Record<string, unknown>;
    values.value = now as unknown as Record<string, number>;
    previous.value = before ?? null;
  });
  useLive(hasCalendar ? props.stream : null, () => {
    const now = Date.now();
    if (now >= dayStart.value + DAY) dayStart.value += DAY;
    fetchCalendar(props.base, dayStart.value, props.bounds.month_start, now).then(
      (c) => {
        calendar.value = c;
        readAt.value = now;
      },
      () => undefined, // the last numbers stay; the stream badge tells about connectivity
    );
  }, { throttleMs: CALENDAR_REFRESH_MS, skipFirst: true });

  const card = (spec: CardSpec) => {
    const c = calendar.value;
    if (spec.period === "today") {
      const change = trend(c.today, c.yesterday);
      return {
        value: c.today,
        change,
        note: change === null ? "none by this time yesterday" : "vs same time yesterday",
      };
    }
    if (spec.period === "month") {
      return { value: c.month, change: null, note: "this calendar month" };
    }
    if (spec.period === "projected") {
      return {
        value: projectedMonth(c, props.bounds.month_end, readAt.value),
        change: null,
        note: "at the last 24 h rate",
      };
    }
    const value = values.value[spec.metric!] ?? 0;
    return {
      value,
      ...compared(value, previous.value?.[spec.metric!], previous.value, props.compare),
    };
  };

  /** Money cards say how many requests their figure leaves out. */
  const caveat = (spec: CardSpec) => {
    if (spec.unit !== "usd" && spec.unit !== "usd_per_hour") return null;
    const c = calendar.value;
    const unpriced = spec.period === "today"
      ? c.unpriced_today
      : spec.period !== null
      ? c.unpriced_month
      : values.value.unpriced_requests;
    return unpricedCaveat(unpriced, props.locale);
  };

  return html`
    <section class=${props.hero ? "cards hero" : "cards"} aria-label="Key numbers">
      ${props.cards.map((spec) =>
        html`
          <${MetricCard}
            key=${spec.key}
            id=${spec.key}
            label=${spec.label}
            unit=${spec.unit}
            better=${spec.better}
            locale=${props.locale}
            caveat=${caveat(spec)}
            ...${card(spec)}
          />
        `
      )}
    </section>
  `;
}
