// Costs: spend in the range and this month, its projection, cost per request and per 1 k tokens,
// the costliest endpoints and users, budgets, and the models no price covers.
import type { UnpricedModel } from "../lib/cost/unpriced.ts";
import BreakdownTable from "../islands/BreakdownTable.ts";
import BudgetList from "../islands/BudgetList.ts";
import LiveCards, { type CalendarSpend } from "../islands/LiveCards.ts";
import TimeChart from "../islands/TimeChart.ts";
import type { BudgetStatus } from "../lib/cost/budgets.ts";
import { formatValue } from "../lib/shared/format.ts";
import type {
  BreakdownResult,
  CurrentMetrics,
  HistoryResult,
} from "../lib/metrics/live_metrics.ts";
import { COST_CARDS } from "./cards.ts";
import type { ChartSpec } from "./charts.ts";
import { COST_COLUMNS } from "./columns.ts";
import { eventsHref, href } from "./hrefs.ts";
import { html } from "./html.ts";
import { Island } from "./Island.ts";
import { Layout } from "./Layout.ts";
import { chartProps, type PageModel } from "./page_model.ts";
import { PageTop } from "./PageTop.ts";

export interface CostsData {
  current: CurrentMetrics;
  calendar: CalendarSpend;
  bounds: { day_start: number; month_start: number; month_end: number };
  charts: Array<{ spec: ChartSpec; initial: HistoryResult[] }>;
  budgets: BudgetStatus[];
  features: BreakdownResult;
  users: BreakdownResult;
  unpriced: UnpricedModel[];
}

export function CostsPage({ model: m, data }: { model: PageModel; data: CostsData }) {
  const {
    previous,
    active_models: _m,
    top_endpoints: _e,
    window: _w,
    from: _f,
    to: _t,
    ...values
  } = data.current;
  const table = (
    id: string,
    title: string,
    by: string,
    keyLabel: string,
    result: BreakdownResult,
  ) =>
    html`
      <${Island}
        name="BreakdownTable"
        component=${BreakdownTable}
        props=${{
          id,
          title,
          subtitle: "by cost in this range · click a row for its events",
          by,
          key_label: keyLabel,
          sort: "cost_usd",
          columns: COST_COLUMNS,
          initial: result.rows,
          limit: 10,
          share_of: "cost_usd",
          sortable: false,
          sync_url: false,
          api: m.api,
          stream: m.stream,
          link: m.link,
          locale: m.locale,
          refresh_ms: m.refreshMs,
        }}
      />
    `;
  const settings = m.isAdmin ? href("/settings", { ...m.link, view: null }) : null;
  return html`
    <${Layout} chrome=${m.chrome}>
      <${PageTop} model=${m} path="/costs" title="Costs"
        blurb="what the LLM calls cost, where the money goes, and where it is heading" />
      <${Island}
        name="LiveCards"
        component=${LiveCards}
        props=${{
          cards: COST_CARDS,
          values,
          previous: previous ?? null,
          calendar: data.calendar,
          now: m.now,
          bounds: data.bounds,
          stream: m.stream,
          base: m.base,
          compare: `vs ${m.compare}`,
          locale: m.locale,
          hero: false,
        }}
      />
      <div class="grid">
        ${data.charts.map(({ spec, initial }) =>
          html`<${Island} name="TimeChart" component=${TimeChart} props=${
            chartProps(m, spec, initial)
          } />`
        )}
      </div>
      <div class="grid">
        ${table("cost-features", "Costliest endpoints", "endpoint", "Endpoint", data.features)}
        ${table("cost-users", "Costliest users", "user_id", "User", data.users)}
      </div>
      <div class="grid">
        <${Island}
          name="BudgetList"
          component=${BudgetList}
          props=${{
            initial: data.budgets,
            url: `/api/budgets?${m.isAdmin ? `project=${m.chrome.project.id}` : ""}`,
            stream: m.stream,
            link: m.link,
            settings_href: settings && `${settings}#budgets`,
            now: m.now,
            time_zone: m.timeZone,
            locale: m.locale,
            refresh_ms: m.refreshMs,
          }}
        />
        <${Unpriced} model=${m} rows=${data.unpriced} settings=${settings} />
      </div>
      <//>
  `;
}

function Unpriced(
  { model: m, rows, settings }: {
    model: PageModel;
    rows: UnpricedModel[];
    settings: string | null;
  },
) {
  return html`
    <section class="panel" aria-labelledby="unpriced-title">
      <div class="panel-head">
        <h2 id="unpriced-title">Unpriced models</h2>
        <span class="sub">no list price and no override: their cost counts as $0</span>
      </div>
      ${rows.length === 0
        ? html`
          <p
            class="empty"><b>Every request is priced</b>Costs come from the price table or your overrides.</p>
        `
        : html`
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  <th scope="col">Provider</th>
                  <th scope="col" class="num">Unpriced requests</th>
                </tr>
              </thead>
              <tbody>
                      ${rows.map((r) =>
                        html`
                          <tr key=${`${r.model}|${r.provider}`}>
                            <td class="cell-main"><a href=${eventsHref(m.link, {
                              filters: { model: [r.model] },
                            })}>${r.model}</a></td>
                            <td>${r.provider || html`<span class="faint">—</span>`}</td>
                            <td class="num">${formatValue(r.requests, "count", m.locale)}</td>
                          </tr>
                        `
                      )}
                    </tbody>
            </table>
          </div>
                  ${settings
                    ? html`
                      <p
                        class="sub"><a href=${`${settings}#prices`}>Add a price override</a> to price them (and re-price past events with <code>POST /api/prices/reprice</code>).</p>
                    `
                    : html`<p class="sub">An admin can add price overrides in Settings.</p>`}
        `}
    </section>
  `;
}
