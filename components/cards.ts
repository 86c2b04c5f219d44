// The stat cards of each view, derived from the METRICS catalogue (label, unit, better), plus the three
// calendar cards that are not window metrics: spend today, month to date and its projection.
// Server-only: islands receive the specs as JSON props.
import { type MetricName, METRICS, type Unit } from "../lib/metrics/catalogue.ts";
import type { Better } from "../lib/shared/tone.ts";

export type View = "engineering" | "finance" | "executive";
export const VIEWS: ReadonlyArray<{ name: View; label: string; blurb: string }> = [
  { name: "engineering", label: "Engineering", blurb: "latency and errors first" },
  { name: "finance", label: "Finance", blurb: "spend, cost per endpoint, projections" },
  { name: "executive", label: "Executive", blurb: "the one-screen summary" },
];

export type Period = "today" | "month" | "projected";

export interface CardSpec {
  key: string;
  label: string;
  unit: Unit;
  /** A metric of the live stream, or null for a calendar card. */
  metric: MetricName | null;
  period: Period | null;
  better: Better;
}

function metric(name: MetricName): CardSpec {
  const { label, unit, better } = METRICS[name];
  return { key: name, label, unit, metric: name, period: null, better };
}

const CALENDAR = {
  today: {
    key: "spend_today",
    label: "Spend today",
    unit: "usd",
    metric: null,
    period: "today",
    better: "down",
  },
  month: {
    key: "month_to_date",
    label: "Month to date",
    unit: "usd",
    metric: null,
    period: "month",
    better: "none",
  },
  projected: {
    key: "projected_month",
    label: "Projected month end",
    unit: "usd",
    metric: null,
    period: "projected",
    better: "down",
  },
} as const satisfies Record<Period, CardSpec>;

export const CARDS: Record<View, CardSpec[]> = {
  engineering: [
    metric("requests_per_minute"),
    metric("avg_latency_ms"),
    metric("p95_latency_ms"),
    metric("p99_latency_ms"),
    metric("error_rate"),
    metric("tokens_per_minute"),
    metric("cost_per_hour"),
    CALENDAR.today,
  ],
  finance: [
    CALENDAR.today,
    CALENDAR.month,
    CALENDAR.projected,
    metric("cost_per_hour"),
    metric("cost_per_request"),
    metric("cost_per_1k_tokens"),
    metric("cache_savings_usd"),
    metric("unpriced_requests"),
  ],
  executive: [
    CALENDAR.today,
    CALENDAR.month,
    CALENDAR.projected,
    metric("requests"),
    metric("error_rate"),
    metric("p95_latency_ms"),
  ],
};

/** The Costs page: what was spent in the range, then the finance view's cards but spend today. */
export const COST_CARDS: CardSpec[] = [
  metric("cost_usd"),
  ...CARDS.finance.filter((c) => c !== CALENDAR.today),
];

export function isView(name: string | null | undefined): name is View {
  return VIEWS.some((v) => v.name === name);
}
