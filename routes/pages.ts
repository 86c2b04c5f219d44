// Dashboard pages: server-rendered Preact (htm) with islands. Each page reads its numbers through
// lib/ for the first paint; the islands continue live from /api/stream and the read API. The
// settings page and its forms are in settings.ts; what pages share is in _page.ts.
import { Hono } from "hono";
import { compress } from "hono/compress";
import { deleteCookie, getCookie } from "hono/cookie";
import { csrf } from "hono/csrf";
import {
  BREAKDOWN_PAGES,
  BreakdownPage,
  type BreakdownPageKind,
} from "../components/BreakdownPage.ts";
import { CHARTS, type ChartSpec, OVERVIEW_CHARTS } from "../components/charts.ts";
import { DEFAULT_SORT } from "../components/columns.ts";
import { type CostsData, CostsPage } from "../components/CostsPage.ts";
import { EventPage } from "../components/EventPage.ts";
import { EventsPage } from "../components/EventsPage.ts";
import { safeNext } from "../components/hrefs.ts";
import { FAVICON_SVG } from "../components/Icon.ts";
import { LoginPage } from "../components/LoginPage.ts";
import { NotFoundPage } from "../components/NotFoundPage.ts";
import { type OverviewData, OverviewPage } from "../components/OverviewPage.ts";
import { STYLES, STYLES_VERSION } from "../components/styles.ts";
import { spendSummary } from "../lib/cost/spend_summary.ts";
import { costsPageRead } from "../lib/cost/costs_page_read.ts";
import type { AppDeps } from "../lib/deps.ts";
import { AppError } from "../lib/errors.ts";
import { isMetricName, type MetricName } from "../lib/metrics/catalogue.ts";
import { decodeCursor, encodeCursor } from "../lib/metrics/cursor.ts";
import { toApiEvent } from "../lib/metrics/event_view.ts";
import { historyMetricsMany } from "../lib/metrics/history_many.ts";
import { breakdownMetrics, currentMetrics } from "../lib/metrics/live_metrics.ts";
import type { Context } from "hono";
import { accepts } from "hono/accepts";
import { html, localeOf, type PageContext, type PageEnv, pageKit, type PageRead } from "./_page.ts";
import { identify, readProject, SESSION_COOKIE } from "./_reader.ts";
import { withSlots } from "../lib/store/series_colors.ts";

export function pageRoutes(deps: AppDeps) {
  const { bundle, signedIn, read, page } = pageKit(deps);

  const breakdownPage = (kind: BreakdownPageKind, charts: ChartSpec[]) => (c: PageContext) =>
    page(c, async () => {
      const r = await read(c, kind.section, kind.title);
      const query = c.req.query("sort");
      const sort = query && isMetricName(query) ? query : DEFAULT_SORT[r.model.view];
      const data = await breakdownData(deps, r, kind, sort, charts);
      return BreakdownPage({ model: r.model, kind, sort, ...data });
    });

  return new Hono<PageEnv>()
    .get("/assets/dashboard.css", () =>
      new Response(STYLES, {
        headers: {
          "content-type": "text/css; charset=utf-8",
          "cache-control": "public, max-age=31536000, immutable",
          etag: `"${STYLES_VERSION}"`,
        },
      }))
    .get("/assets/favicon.svg", () =>
      new Response(FAVICON_SVG, {
        headers: { "content-type": "image/svg+xml", "cache-control": "public, max-age=86400" },
      }))
    .get("/login", async (c) => {
      const next = safeNext(c.req.query("next"));
      if (await identify(deps, c)) return c.redirect(next, 302);
      return html(LoginPage({
        next,
        locale: localeOf(c.req.header("accept-language")),
        bundle: await bundle(),
        notice: c.req.query("signed_out") !== undefined ? "You are signed out." : null,
      }));
    })
    .post("/logout", csrf(), async (c) => {
      const cookie = getCookie(c, SESSION_COOKIE);
      if (cookie) await deps.sessions.delete(cookie);
      deleteCookie(c, SESSION_COOKIE, { path: "/" });
      return c.redirect("/login?signed_out", 303);
    })
    .get("/", signedIn, compress(), (c) =>
      page(c, async () => {
        const r = await read(c, "overview", "Overview");
        return OverviewPage({ model: r.model, data: await overviewData(deps, r) });
      }))
    .get(
      "/models",
      signedIn,
      compress(),
      breakdownPage(BREAKDOWN_PAGES.models, [CHARTS.requests_by_model, CHARTS.p95_by_model]),
    )
    .get(
      "/endpoints",
      signedIn,
      compress(),
      breakdownPage(BREAKDOWN_PAGES.endpoints, [
        CHARTS.requests_by_endpoint,
        CHARTS.p95_by_endpoint,
      ]),
    )
    .get("/users", signedIn, compress(), breakdownPage(BREAKDOWN_PAGES.users, []))
    .get("/costs", signedIn, compress(), (c) =>
      page(c, async () => {
        const r = await read(c, "costs", "Costs");
        return CostsPage({ model: r.model, data: await costsData(deps, r) });
      }))
    .get("/events", signedIn, compress(), (c) =>
      page(c, async () => {
        const r = await read(c, "events", "Events");
        const cursor = c.req.query("cursor");
        const data = await eventsData(deps, r, cursor ? decodeCursor(cursor) : undefined);
        return EventsPage({ model: r.model, ...data, paged: cursor !== undefined });
      }))
    .get("/events/:id", signedIn, compress(), (c) =>
      page(c, async () => {
        const r = await read(c, "events", "Event");
        const event = await deps.store.getEvent(r.project.id, c.req.param("id"));
        if (!event) {
          throw new AppError(
            "not_found",
            `event "${
              c.req.param("id")
            }" is not stored (yet): events reach the database about a second after they are accepted`,
          );
        }
        const contentStored = deps.config.STORE_CONTENT;
        return EventPage({ model: r.model, event: toApiEvent(event), contentStored });
      }));
}

/** Paths that answer machines only: their unknown URLs keep the JSON 404, whoever asks. */
const API_PREFIXES = ["/api", "/v1"];

/**
 * The dashboard's 404: an HTML page (in the sidebar for a signed-in browser) for a GET or HEAD of a
 * non-API path by a client that prefers HTML; null for everything else, which keeps the JSON 404.
 */
export function notFoundPage(deps: AppDeps) {
  const { bundle } = pageKit(deps);
  return async function notFoundPage(c: Context): Promise<Response | null> {
    const path = c.req.path;
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return null;
    if (API_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`))) return null;
    const type = accepts(c, {
      header: "Accept",
      supports: ["application/json", "text/html"],
      default: "application/json",
    });
    if (type !== "text/html") return null;
    const locale = localeOf(c.req.header("accept-language"));
    const script = await bundle();
    const cookie = getCookie(c, SESSION_COOKIE);
    const reader = cookie ? await deps.sessions.verify(cookie, deps.now()) : null;
    const chrome = reader && reader.kind !== "widget"
      ? {
        title: "Not found",
        section: null,
        state: { project: null, window: null, from: null, to: null, filters: {}, view: null },
        locale,
        reader: reader.kind,
        project: await readProject(deps, reader, undefined).then(({ id, name, time_zone }) => ({
          id,
          name,
          time_zone,
        })),
        bundle: script ?? "",
      }
      : null;
    return html(NotFoundPage({ path, locale, bundle: script, chrome }), 404);
  };
}

// ---- Reads: what a page shows at first paint ----

/** Spend, budgets (not for engineers) and costliest endpoints and users (finance), and charts. */
async function overviewData(deps: AppDeps, r: PageRead): Promise<OverviewData> {
  const view = r.model.view;
  const [spend, charts] = await Promise.all([
    spendSummary(deps, r, {
      budgets: view !== "engineering",
      costliest: view === "finance" ? 8 : null,
    }),
    chartHistories(deps, r, OVERVIEW_CHARTS[view]),
  ]);
  return { ...spend, charts };
}

/** Every number of the Costs page, its charts included, from one read (one snapshot). */
async function costsData(deps: AppDeps, r: PageRead): Promise<CostsData> {
  const specs = [CHARTS.cost_by_model, CHARTS.cost_split];
  const { histories, ...numbers } = await costsPageRead(deps, r, specs.flatMap((s) => s.series));
  let i = 0;
  const charts = specs.map((spec) => ({ spec, initial: spec.series.map(() => histories[i++]!) }));
  return { ...numbers, charts };
}

/** The page's breakdown, the side breakdown by cost when the page has one, and its charts. */
async function breakdownData(
  deps: AppDeps,
  r: PageRead,
  kind: BreakdownPageKind,
  sort: MetricName,
  specs: ChartSpec[],
) {
  const [main, side, charts] = await Promise.all([
    breakdownMetrics(deps, r.q, kind.by, { sort, limit: kind.limit }),
    kind.side ? breakdownMetrics(deps, r.q, kind.side.by, { sort: "cost_usd", limit: 8 }) : null,
    chartHistories(deps, r, specs),
  ]);
  return { main, side, charts };
}

/** A page of stored events (50, older than `before`) and the range's numbers. */
async function eventsData(deps: AppDeps, r: PageRead, before: [number, string] | undefined) {
  const [list, summary] = await Promise.all([
    deps.store.listEvents(r.q, { limit: 50, before }),
    currentMetrics(deps, r.q, r.fresh),
  ]);
  return {
    events: list.events.map(toApiEvent),
    next_cursor: list.next ? encodeCursor(list.next) : null,
    summary,
  };
}

/** The initial data of each chart, as GET /api/metrics/history answers each of its series. */
async function chartHistories(deps: AppDeps, r: PageRead, specs: ChartSpec[]) {
  const series = specs.flatMap((s) => s.series);
  const results = await Promise.all(
    (await historyMetricsMany(deps, r.q, series, r.fresh)).map((h, i) =>
      withSlots(deps, r.q.projectId, series[i]!.group_by, h)
    ),
  );
  let i = 0;
  return specs.map((spec) => ({ spec, initial: spec.series.map(() => results[i++]!) }));
}
