// Budgets from GET /api/budgets: spend against the amount, the projection to the period's end or
// when the money runs out at the recent rate, the thresholds crossed this period; refreshed while
// the stream says numbers move. An admin edits a budget in place (PATCH /api/budgets/:id).
import { useSignal } from "@preact/signals";
import { eventsHref, type LinkState } from "../components/hrefs.ts";
import { html } from "../components/html.ts";
import { formatTime } from "../components/time.ts";
import { scopeFilters } from "../lib/cost/budget_scope.ts";
import type { BudgetStatus } from "../lib/cost/budgets.ts";
import { formatValue } from "../lib/shared/format.ts";
import { BudgetForm, patchBody } from "./_budget_form.ts";
import { newestFirst, projectionSentence } from "./_budget_text.ts";
import { getJson, useLive } from "./_live.ts";

export interface BudgetListProps {
  initial: BudgetStatus[];
  /** GET /api/budgets with the project. */
  url: string;
  stream: string;
  link: LinkState;
  settings_href: string | null;
  /** Whether the reader may edit budgets (the admin). */
  editable?: boolean;
  now: number;
  time_zone: string;
  locale: string;
  refresh_ms: number;
}

const MIN_REFRESH_MS = 15_000;

/** PATCH /api/budgets/:id with the project of the list's url. */
function budgetUrl(listUrl: string, id: string): string {
  const [path, query] = listUrl.split("?");
  return `${path}/${encodeURIComponent(id)}${query ? `?${query}` : ""}`;
}

export default function BudgetList(props: BudgetListProps) {
  const budgets = useSignal(props.initial);
  const readAt = useSignal(props.now);
  const editing = useSignal<string | null>(null);
  const error = useSignal("");
  const busy = useSignal(false);
  const reload = () =>
    getJson<{ budgets: BudgetStatus[] }>(props.url).then((r) => {
      budgets.value = r.budgets;
      readAt.value = Date.now();
    }, () => undefined);
  useLive(props.stream, () => void reload(), {
    throttleMs: Math.max(MIN_REFRESH_MS, props.refresh_ms),
    skipFirst: true,
  });

  const save = async (id: string, form: HTMLFormElement) => {
    busy.value = true;
    try {
      const response = await fetch(budgetUrl(props.url, id), {
        method: "PATCH",
        headers: { accept: "application/json", "content-type": "application/json" },
        body: JSON.stringify(patchBody(new FormData(form))),
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) {
        error.value = body.error ?? `HTTP ${response.status}`;
        return;
      }
      error.value = "";
      editing.value = null;
      await reload();
    } catch {
      error.value = "The monitor did not answer.";
    } finally {
      busy.value = false;
    }
  };

  const f = (v: number, unit: "usd" | "rate") => formatValue(v, unit, props.locale);
  const where = { timeZone: props.time_zone, locale: props.locale };
  const row = (s: BudgetStatus) => {
    const b = s.budget;
    const used = Math.min(1, s.budget_utilization);
    const projected = Math.min(1, s.projected_utilization);
    const tone = s.exhausted || s.budget_utilization >= 1
      ? "bad"
      : s.projected_utilization > 1
      ? "warn"
      : "";
    const to = b.scope_value ? eventsHref(props.link, { filters: scopeFilters(b) }) : null;
    const open = editing.value === b.id;
    return html`
      <li key=${b.id} data-budget=${b.id}>
        <div class="panel-head" style="margin-bottom: .35rem">
          <h3>${to ? html`<a href=${to}>${b.name}</a>` : b.name}</h3>
          <span class="num"><b>${f(s.spend_usd, "usd")}</b> <span class="muted">of ${f(
            b.amount_usd,
            "usd",
          )} ${b.period}</span>${props.editable &&
            html`
              <button class="btn small" type="button" style="margin-left: .5rem" aria-expanded=${open}
                aria-label=${`Edit budget ${b.name}`} onClick=${() => {
                  editing.value = open ? null : b.id;
                  error.value = "";
                }}>Edit</button>
            `}</span>
        </div>
        <div class=${`bar ${tone}`} role="meter" aria-valuemin="0" aria-valuemax=${b.amount_usd}
          aria-valuenow=${s.spend_usd} aria-label=${`${b.name}: ${
            f(s.budget_utilization, "rate")
          } used`} style="height: .65rem">
          <span class="ghost" style=${`width: ${(projected * 100).toFixed(1)}%`}></span>
          <span style=${`width: ${(used * 100).toFixed(1)}%`}></span>
          ${b.thresholds.filter((t) => t < 1).map((t) =>
            html`<i class="tick" style=${`left: ${t * 100}%`}></i>`
          )}
        </div>
        <p class=${`sub${
          tone === "bad" ? " bad-text" : ""
        }`} style="margin-top: .35rem">${projectionSentence(s, readAt.value, where)}</p>
        ${s.crossings.length > 0 &&
          html`
            <ul class="chips" aria-label="Thresholds crossed this period"
              style="list-style: none; margin: .35rem 0 0; padding: 0">${newestFirst(s.crossings)
                .map((c) =>
                  html`
                    <li class="chip" data-threshold=${c.threshold}
                      style="padding-right: .6rem"><b>${f(
                        c.threshold,
                        "rate",
                      )}</b> crossed <time datetime=${c.crossed_at}>${formatTime(
                        Date.parse(c.crossed_at),
                        "datetime",
                        where,
                      )}</time></li>
                  `
                )}</ul>
          `}
        ${open &&
          html`
            <${BudgetForm} budget=${b} error=${error.value} busy=${busy.value}
              onSubmit=${(form: HTMLFormElement) => void save(b.id, form)}
              onCancel=${() => editing.value = null} />
          `}
      </li>
    `;
  };

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
        : html`<ul class="stack" style="list-style: none; margin: 0; padding: 0">${
          budgets.value.map(row)
        }</ul>`}
    </section>
  `;
}
