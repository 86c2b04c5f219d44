// Budgets from GET /api/budgets: spend against the amount, the projection to the period's end,
// when the money runs out at the recent rate; refreshed while the stream says numbers move.
import { useSignal } from "@preact/signals";
import { eventsHref, type LinkState } from "../components/hrefs.ts";
import { html } from "../components/html.ts";
import { formatTime, untilLabel } from "../components/time.ts";
import { scopeFilters } from "../lib/cost/budget_scope.ts";
import type { BudgetStatus } from "../lib/cost/budgets.ts";
import { formatValue } from "../lib/shared/format.ts";
import { getJson, useLive } from "./_live.ts";

export interface BudgetListProps {
  initial: BudgetStatus[];
  /** GET /api/budgets with the project. */
  url: string;
  stream: string;
  link: LinkState;
  settings_href: string | null;
  now: number;
  time_zone: string;
  locale: string;
  refresh_ms: number;
}

const MIN_REFRESH_MS = 15_000;

export default function BudgetList(props: BudgetListProps) {
  const budgets = useSignal(props.initial);
  const readAt = useSignal(props.now);
  useLive(props.stream, () => {
    getJson<{ budgets: BudgetStatus[] }>(props.url).then((r) => {
      budgets.value = r.budgets;
      readAt.value = Date.now();
    }, () => undefined);
  }, { throttleMs: Math.max(MIN_REFRESH_MS, props.refresh_ms), skipFirst: true });

  const f = (v: number, unit: "usd" | "rate") => formatValue(v, unit, props.locale);
  const where = { timeZone: props.time_zone, locale: props.locale };
  return html`
    <section class="panel" aria-labelledby="budgets-title">
      <div class="panel-head">
        <h2 id="budgets-title">Budgets</h2>
        <span class="sub">spend this period · projection at the last 24 h rate</span>
      </div>
      ${budgets.value.length === 0
        ? html`<p class="empty"><b>No budgets yet</b>${
          props.settings_href
            ? html`<a href=${props.settings_href}>Add one in Settings</a> to track spend against a limit.`
            : "An admin can add budgets in Settings."
        }</p>`
        : html`<ul class="stack" style="list-style: none; margin: 0; padding: 0">
          ${
          budgets.value.map((s) => {
            const b = s.budget;
            const used = Math.min(1, s.budget_utilization);
            const projected = Math.min(1, s.projected_utilization);
            const tone = s.exhausted || s.budget_utilization >= 1
              ? "bad"
              : s.projected_utilization > 1
              ? "warn"
              : "";
            const to = b.scope_value ? eventsHref(props.link, { filters: scopeFilters(b) }) : null;
            return html`
              <li key=${b.id} data-budget=${b.id}>
                <div class="panel-head" style="margin-bottom: .35rem">
                  <h3>${to ? html`<a href=${to}>${b.name}</a>` : b.name}</h3>
                  <span
                    class="num"><b>${f(s.spend_usd, "usd")}</b> <span class="muted">of ${f(
                      b.amount_usd,
                      "usd",
                    )} ${b.period}</span></span>
                </div>
                <div
                  class=${`bar ${tone}`}
                  role="meter"
                  aria-valuemin="0"
                  aria-valuemax=${b.amount_usd}
                  aria-valuenow=${s.spend_usd}
                  aria-label=${`${b.name}: ${f(s.budget_utilization, "rate")} used`}
                  style="height: .65rem"
                >
                              <span class="ghost" style=${`width: ${
                                (projected * 100).toFixed(1)
                              }%`}></span>
                              <span style=${`width: ${(used * 100).toFixed(1)}%`}></span>
                              ${b.thresholds.filter((t) => t < 1).map((t) =>
                                html`<i class="tick" style=${`left: ${t * 100}%`}></i>`
                              )}
                            </div>
                <p class="sub" style="margin-top: .35rem">
                              ${f(s.budget_utilization, "rate")} used · projected ${f(
                                s.projected_spend,
                                "usd",
                              )} (${f(s.projected_utilization, "rate")}) by ${formatTime(
                                Date.parse(s.period_end),
                                "date",
                                where,
                              )}
                              ${s.exhausted
                                ? html`
                                  · <span class="bad-text">exhausted</span>
                                `
                                : s.runs_out_at
                                ? html`
                                  · <span class="bad-text">runs out ${untilLabel(
                                    Date.parse(s.runs_out_at),
                                    readAt.value,
                                  )} (${formatTime(
                                    Date.parse(s.runs_out_at),
                                    "datetime",
                                    where,
                                  )})</span>
                                `
                                : ""}
                            </p>
              </li>
            `;
          })
        }
        </ul>`}
    </section>
  `;
}
