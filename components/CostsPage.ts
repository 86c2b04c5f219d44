// Costs: spend in the range and this month, its projection, cost per request and per 1 k tokens,
// the costliest endpoints and users, budgets, and the models no price covers.
import type { UnpricedModel } from "../lib/cost/unpriced.ts";
import BreakdownTable from "../islands/BreakdownTable.ts";
import BudgetList from "../islands/BudgetList.ts";
import LiveCards, { type CalendarSpend } from "../islands/LiveCards.ts";
import TimeChart from "../islands/TimeChart.ts";
import UnpricedModels from "../islands/UnpricedModels.ts";
import type { BudgetStatus } from "../lib/cost/budgets.ts";
import type {
  BreakdownResult,
  CurrentMetrics,
  HistoryResult,
} from "../lib/metrics/live_metrics.ts";
import { COST_CARDS } from "./cards.ts";
import type { ChartSpec } from "./charts.ts";
import { COST_COLUMNS } from "./columns.ts";
import { href } from "./hrefs.ts";
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
            editable: m.isAdmin,
            now: m.now,
            time_zone: m.timeZone,
            locale: m.locale,
            refresh_ms: m.refreshMs,
          }}
        />
        <${Island}
          name="UnpricedModels"
          component=${UnpricedModels}
          props=${{
            initial: data.unpriced,
            stream: m.stream,
            link: m.link,
            locale: m.locale,
            prices_href: settings && `${settings}#prices`,
          }}
        />
      </div>
      <//>
  `;
}
