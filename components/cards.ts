// The stat cards of each view, derived from the METRICS catalogue (label, unit), plus the three
// calendar cards that are not window metrics: spend today, month to date and its projection.
// Server-only: islands receive the specs as JSON props.
import { type MetricName, METRICS, type Unit } from "../lib/metrics/catalogue.ts";

export type View = "engineering" | "finance" | "executive";
export const VIEWS: ReadonlyArray<{ name: View; label: string; blurb: string }> = [
  { name: "engineering", label: "Engineering", blurb: "latency and errors first" },
  { name: "finance", label: "Finance", blurb: "spend, cost per feature, projections" },
  { name: "executive", label: "Executive", blurb: "the one-screen summary" },
];

/** Which way is good news: a rising error rate is bad, rising cache savings good. */
export type Better = "up" | "down" | "none";

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

function metric(name: MetricName, better: Better): CardSpec {
  return {
    key: name,
    label: METRICS[name].label,
    unit: METRICS[name].unit,
    metric: name,
    period: null,
    better,
  };
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
    metric("requests_per_minute", "none"),
    metric("avg_latency_ms", "down"),
    metric("p95_latency_ms", "down"),
    metric("p99_latency_ms", "down"),
    metric("error_rate", "down"),
    metric("tokens_per_minute", "none"),
    metric("cost_per_hour", "down"),
    CALENDAR.today,
  ],
  finance: [
    CALENDAR.today,
    CALENDAR.month,
    CALENDAR.projected,
    metric("cost_per_hour", "down"),
    metric("cost_per_request", "down"),
    metric("cost_per_1k_tokens", "down"),
    metric("cache_savings_usd", "up"),
    metric("unpriced_requests", "down"),
  ],
  executive: [
    CALENDAR.today,
    CALENDAR.month,
    CALENDAR.projected,
    metric("requests", "none"),
    metric("error_rate", "down"),
    metric("p95_latency_ms", "down"),
  ],
};

/** The Costs page: what was spent and how efficiently. */
export const COST_CARDS: CardSpec[] = [
  metric("cost_usd", "down"),
  CALENDAR.month,
  CALENDAR.projected,
  metric("cost_per_hour", "down"),
  metric("cost_per_request", "down"),
  metric("cost_per_1k_tokens", "down"),
  metric("cache_savings_usd", "up"),
  metric("unpriced_requests", "down"),
];

export function isView(name: string | null | undefined): name is View {
  return VIEWS.some((v) => v.name === name);
}
