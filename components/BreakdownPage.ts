// Models, Endpoints and Users: the same metrics broken down by one dimension, with charts over
// time where the history API can group by it, and a second, cost-sorted table beside.
import BreakdownTable from "../islands/BreakdownTable.ts";
import TimeChart from "../islands/TimeChart.ts";
import type { BreakdownResult, HistoryResult } from "../lib/metrics/live_metrics.ts";
import type { BreakdownBy } from "../lib/metrics/query.ts";
import type { ChartSpec } from "./charts.ts";
import { COLUMNS, COST_COLUMNS } from "./columns.ts";
import { html } from "./html.ts";
import { Island } from "./Island.ts";
import type { Section } from "./Layout.ts";
import { Layout } from "./Layout.ts";
import { chartProps, type PageModel } from "./page_model.ts";
import { PageTop } from "./PageTop.ts";

export interface BreakdownPageKind {
  section: Section;
  path: string;
  title: string;
  blurb: string;
  by: BreakdownBy;
  key_label: string;
  limit: number;
  side: { by: BreakdownBy; title: string; key_label: string } | null;
}

export function BreakdownPage(
  { model: m, kind, sort, main, side, charts }: {
    model: PageModel;
    kind: BreakdownPageKind;
    sort: string;
    main: BreakdownResult;
    side: BreakdownResult | null;
    charts: Array<{ spec: ChartSpec; initial: HistoryResult[] }>;
  },
) {
  const table = (
    id: string,
    title: string,
    subtitle: string,
    by: string,
    keyLabel: string,
    result: BreakdownResult,
    primary: boolean,
  ) =>
    html`
      <${Island}
        name="BreakdownTable"
        component=${BreakdownTable}
        props=${{
          id,
          title,
          subtitle,
          by,
          key_label: keyLabel,
          sort: primary ? sort : "cost_usd",
          columns: primary ? COLUMNS[m.view] : COST_COLUMNS,
          initial: result.rows,
          limit: primary ? kind.limit : 8,
          share_of: primary && m.view === "engineering" ? "requests" : "cost_usd",
          sortable: primary,
          sync_url: primary,
          api: m.api,
          stream: m.stream,
          link: m.link,
          locale: m.locale,
          refresh_ms: m.refreshMs,
        }}
      />
    `;
  return html`
    <${Layout} chrome=${m.chrome}>
      <${PageTop} model=${m} path=${kind.path} title=${kind.title} blurb=${kind.blurb} keep=${{
        sort,
      }} />
      ${charts.length > 0 &&
        html`<div class="grid">${
          charts.map(({ spec, initial }) =>
            html`<${Island} name="TimeChart" component=${TimeChart} props=${
              chartProps(m, spec, initial)
            } />`
          )
        }</div>`}
      ${table(
        `by-${kind.by}`,
        `By ${kind.key_label.toLowerCase()}`,
        `top ${kind.limit} · click a column to sort, a row for its events`,
        kind.by,
        kind.key_label,
        main,
        true,
      )}
      ${side &&
        kind.side &&
        html`<div class="grid">${
          table(
            `by-${kind.side.by}`,
            kind.side.title,
            "by cost",
            kind.side.by,
            kind.side.key_label,
            side,
            false,
          )
        }</div>`}
    <//>
  `;
}

/** The three breakdown pages. */
export const BREAKDOWN_PAGES = {
  models: {
    section: "models",
    path: "/models",
    title: "Models",
    blurb: "every model and provider: traffic, latency, errors and what they cost",
    by: "model",
    key_label: "Model",
    limit: 50,
    side: { by: "provider", title: "Providers", key_label: "Provider" },
  },
  endpoints: {
    section: "endpoints",
    path: "/endpoints",
    title: "Endpoints",
    blurb: "the endpoints of your apps that call LLMs, and what each costs",
    by: "endpoint",
    key_label: "Endpoint",
    limit: 50,
    side: { by: "application", title: "Applications", key_label: "Application" },
  },
  users: {
    section: "users",
    path: "/users",
    title: "Users",
    blurb: "who calls the LLM endpoints, and who costs the most",
    by: "user_id",
    key_label: "User",
    limit: 100,
    side: null,
  },
} as const satisfies Record<string, BreakdownPageKind>;
