// The Overview, in three views of the same data: engineering (latency and errors first),
// finance (spend, cost per endpoint, projections) and executive (one screen).
import type { BudgetStatus } from "../lib/cost/budgets.ts";
import type {
  BreakdownResult,
  CurrentMetrics,
  HistoryResult,
} from "../lib/metrics/live_metrics.ts";
import BreakdownTable from "../islands/BreakdownTable.ts";
import BudgetList from "../islands/BudgetList.ts";
import EndpointTable from "../islands/EndpointTable.ts";
import LiveCards, { type CalendarSpend } from "../islands/LiveCards.ts";
import ModelShare from "../islands/ModelShare.ts";
import TimeChart from "../islands/TimeChart.ts";
import { CARDS, VIEWS } from "./cards.ts";
import type { ChartSpec } from "./charts.ts";
import { COST_COLUMNS } from "./columns.ts";
import { href } from "./hrefs.ts";
import { html } from "./html.ts";
import { Island } from "./Island.ts";
import { Layout } from "./Layout.ts";
import { chartProps, type PageModel } from "./page_model.ts";
import { PageTop } from "./PageTop.ts";

export interface OverviewData {
  current: CurrentMetrics;
  calendar: CalendarSpend;
  bounds: { day_start: number; month_start: number; month_end: number };
  charts: Array<{ spec: ChartSpec; initial: HistoryResult[] }>;
  budgets: BudgetStatus[] | null;
  features: BreakdownResult | null;
  users: BreakdownResult | null;
}

export function OverviewPage({ model: m, data }: { model: PageModel; data: OverviewData }) {
  const { previous, active_models, top_endpoints, window: _w, from: _f, to: _t, ...values } =
    data.current;
  const cards = html`
    <${Island}
      name="LiveCards"
      component=${LiveCards}
      props=${{
        cards: CARDS[m.view],
        values,
        previous: previous ?? null,
        calendar: data.calendar,
        now: m.now,
        bounds: data.bounds,
        stream: m.stream,
        base: m.base,
        compare: `vs ${m.compare}`,
        locale: m.locale,
        hero: m.view === "executive",
      }}
    />
  `;
  const charts = data.charts.map(({ spec, initial }) =>
    html`<${Island} name="TimeChart" component=${TimeChart} props=${
      chartProps(m, spec, initial)
    } />`
  );
  const models = html`
    <${Island}
      name="ModelShare"
      component=${ModelShare}
      props=${{
        initial: active_models,
        stream: m.stream,
        colors: m.colors,
        link: m.link,
        locale: m.locale,
        limit: m.view === "executive" ? 5 : 8,
      }}
    />
  `;
  const endpoints = html`
    <${Island}
      name="EndpointTable"
      component=${EndpointTable}
      props=${{ initial: top_endpoints, stream: m.stream, link: m.link, locale: m.locale }}
    />
  `;
  const budgets = data.budgets &&
    html`
      <${Island}
        name="BudgetList"
        component=${BudgetList}
        props=${{
          initial: data.budgets,
          url: `/api/budgets?${
            m.chrome.reader === "admin" ? `project=${m.chrome.project.id}` : ""
          }`,
          stream: m.stream,
          link: m.link,
          settings_href: m.isAdmin
            ? href("/settings", { ...m.link, view: null }, { tab: null }) + "#budgets"
            : null,
          editable: m.isAdmin,
          now: m.now,
          time_zone: m.timeZone,
          locale: m.locale,
          refresh_ms: m.refreshMs,
        }}
      />
    `;
  const costTable = (
    id: string,
    title: string,
    by: string,
    keyLabel: string,
    result: BreakdownResult | null,
  ) =>
    result &&
    html`
      <${Island}
        name="BreakdownTable"
        component=${BreakdownTable}
        props=${{
          id,
          title,
          subtitle: "by cost in this range",
          by,
          key_label: keyLabel,
          sort: "cost_usd",
          columns: COST_COLUMNS,
          initial: result.rows,
          limit: 8,
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

  const switcher = html`
    <nav class="seg" aria-label="View">
      ${VIEWS.map((v) =>
        html`
          <a href=${href("/", { ...m.link, view: v.name })} aria-current=${v.name === m.view
            ? "page"
            : undefined}
            title=${v.blurb}>${v.label}</a>
        `
      )}
    </nav>
  `;
  const blurb = VIEWS.find((v) => v.name === m.view)!.blurb;
  const body = m.view === "engineering"
    ? html`${cards}
        <div class="grid">${charts}</div>
        <div class="grid">${models}${endpoints}</div>`
    : m.view === "finance"
    ? html`${cards}
        <div class="grid">${charts}</div>
        <div class="grid">${budgets}${
      costTable("features", "Cost per endpoint", "endpoint", "Endpoint", data.features)
    }</div>
        <div class="grid">${
      costTable("users", "Costliest users", "user_id", "User", data.users)
    }${models}</div>`
    : html`${cards}
        <div class="grid exec-charts">${charts}</div>
        <div class="grid">${budgets}${models}</div>`;
  return html`
    <${Layout} chrome=${m.chrome}>
      <${PageTop} model=${m} path="/" title="Overview" blurb=${`${
        VIEWS.find((v) => v.name === m.view)!.label
      } view — ${blurb}`}>
        ${switcher}
      <//>
      ${body}
    <//>
  `;
}
