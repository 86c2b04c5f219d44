// Dashboard pages: server-rendered Preact (htm) with islands. Each page reads its numbers through
// lib/ for the first paint; the islands continue live from /api/stream and the read API.
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { compress } from "hono/compress";
import { deleteCookie, getCookie } from "hono/cookie";
import { csrf } from "hono/csrf";
import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import {
  BREAKDOWN_PAGES,
  BreakdownPage,
  type BreakdownPageKind,
} from "../components/BreakdownPage.ts";
import { isView, type View } from "../components/cards.ts";
import { CHARTS, type ChartSpec, OVERVIEW_CHARTS, type SeriesSpec } from "../components/charts.ts";
import { DEFAULT_SORT } from "../components/columns.ts";
import { CostsPage } from "../components/CostsPage.ts";
import { unpricedModels } from "../lib/cost/unpriced.ts";
import { EventPage } from "../components/EventPage.ts";
import { EventsPage } from "../components/EventsPage.ts";
import { apiQuery, type LinkState, safeNext } from "../components/hrefs.ts";
import { FAVICON_SVG } from "../components/Icon.ts";
import type { Section } from "../components/Layout.ts";
import { ErrorPage, LoginPage } from "../components/LoginPage.ts";
import { OverviewPage } from "../components/OverviewPage.ts";
import type { PageModel } from "../components/page_model.ts";
import { type SettingsNotice, SettingsPage } from "../components/SettingsPage.ts";
import { STYLES, STYLES_VERSION } from "../components/styles.ts";
import { spanLabel } from "../components/time.ts";
import {
  createKey,
  createKeyInput,
  createProject,
  createProjectInput,
  dropDeadLetter,
  parseInput,
  retryAllDeadLetters,
  retryDeadLetter,
} from "../lib/access/admin.ts";
import { addEvent, fromRow, matches } from "../lib/metrics/aggregate.ts";
import { periodBounds } from "../lib/cost/budget_period.ts";
import { budgetStatus } from "../lib/cost/budgets.ts";
import { budgetInput, newPriceOverride, overrideInput } from "../lib/cost/cost_inputs.ts";
import { decodeCursor, encodeCursor } from "../lib/metrics/cursor.ts";
import type { AppDeps } from "../lib/deps.ts";
import { AppError } from "../lib/errors.ts";
import type { StoredEvent } from "../lib/ingest/event.ts";
import { toApiEvent } from "../lib/metrics/event_view.ts";
import {
  breakdownMetrics,
  currentMetrics,
  type HistoryResult,
  pendingEvents,
  readFresh,
  unstored,
} from "../lib/metrics/live_metrics.ts";
import {
  type Aggregate,
  emptyAggregate,
  isMetricName,
  mergeInto,
  METRICS,
} from "../lib/metrics/catalogue.ts";
import {
  defaultStepMs,
  type GroupBy,
  type MetricsQuery,
  parseFilters,
  parseRange,
  WINDOWS,
} from "../lib/metrics/query.ts";
import type { Project, Reader } from "../lib/store/auth_store.ts";
import { identify, readProject, SESSION_COOKIE } from "./_reader.ts";

/** Dashboard readers: the admin or a read key (widget tokens only reach the widget routes). */
type DashboardReader = Exclude<Reader, { kind: "widget" }>;
type PageEnv = { Variables: { reader: DashboardReader } };
type PageContext = Context<PageEnv>;

/** One page request: its model, query, project and the buffered events its reads share. */
interface PageRead {
  model: PageModel;
  q: MetricsQuery;
  project: Project;
  fresh: StoredEvent[];
}

const DAY = 86_400_000;
const STATUSES = ["success", "error", "timeout"];

export function pageRoutes(deps: AppDeps) {
  const bundle = bundleUrl();

  const signedIn: MiddlewareHandler<PageEnv> = async function signedIn(c, next) {
    const reader = await identify(deps, c);
    if (!reader) {
      const url = new URL(c.req.url);
      return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 302);
    }
    if (reader.kind === "widget") {
      throw new AppError("forbidden", "a widget token cannot open the dashboard");
    }
    c.set("reader", reader);
    await next();
  };

  /** Renders a page; a request the dashboard cannot answer becomes an error page. */
  const page = async (c: Context, render: () => Promise<VNode>, status: 200 | 400 = 200) => {
    try {
      return html(await render(), status);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const code = error.status as 400 | 403 | 404;
      const locale = localeOf(c.req.header("accept-language"));
      const back = "/";
      return html(
        ErrorPage({ status: code, message: error.message, locale, bundle: await bundle(), back }),
        code,
      );
    }
  };

  const read = (c: PageContext, section: Section, title: string) =>
    readPage(deps, c, { section, title, bundle: bundle() });

  const breakdownPage = (kind: BreakdownPageKind, charts: ChartSpec[]) => (c: PageContext) =>
    page(c, async () => {
      const r = await read(c, kind.section, kind.title);
      const query = c.req.query("sort");
      const sort = query && isMetricName(query) ? query : DEFAULT_SORT[r.model.view];
      const [main, side, histories] = await Promise.all([
        breakdownMetrics(deps, r.q, kind.by, { sort, limit: kind.limit }),
        kind.side
          ? breakdownMetrics(deps, r.q, kind.side.by, { sort: "cost_usd", limit: 8 })
          : null,
        chartHistories(deps, r, charts),
      ]);
      return BreakdownPage({ model: r.model, kind, sort, main, side, charts: histories });
    });

  const settings = async (c: PageContext, notice: SettingsNotice | null) => {
    const r = await read(c, "settings", "Settings");
    const admin = r.model.isAdmin;
    const [projects, keys, overrides, budgetList, deadLetters] = await Promise.all([
      admin ? deps.auth.listProjects() : [],
      admin ? deps.auth.listKeys(r.project.id) : [],
      deps.prices.list(r.project.id),
      budgets(deps, r),
      admin ? deps.deadLetters.list() : [],
    ]);
    return SettingsPage({
      model: r.model,
      projects,
      keys,
      overrides,
      budgets: budgetList,
      deadLetters,
      notice: notice ?? (DONE[c.req.query("done") ?? ""] ?? null),
      origin: new URL(c.req.url).origin,
    });
  };

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
        const view = r.model.view;
        const [current, cal, charts, budgetList, features, users] = await Promise.all([
          currentMetrics(deps, r.q, r.fresh, { previous: true }),
          calendar(deps, r),
          chartHistories(deps, r, OVERVIEW_CHARTS[view]),
          view === "engineering" ? null : budgets(deps, r),
          view === "finance" ? costliest(deps, r, "endpoint", 8) : null,
          view === "finance" ? costliest(deps, r, "user_id", 8) : null,
        ]);
        return OverviewPage({
          model: r.model,
          data: { current, ...cal, charts, budgets: budgetList, features, users },
        });
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
        const [current, cal, charts, budgetList, features, users, rows] = await Promise.all([
          currentMetrics(deps, r.q, r.fresh, { previous: true }),
          calendar(deps, r),
          chartHistories(deps, r, [CHARTS.cost_by_model, CHARTS.cost_split]),
          budgets(deps, r),
          costliest(deps, r, "endpoint", 10),
          costliest(deps, r, "user_id", 10),
          deps.store.aggregate(r.q),
        ]);
        const unpriced = unpricedModels(rows);
        return CostsPage({
          model: r.model,
          data: { current, ...cal, charts, budgets: budgetList, features, users, unpriced },
        });
      }))
    .get("/events", signedIn, compress(), (c) =>
      page(c, async () => {
        const r = await read(c, "events", "Events");
        const cursor = c.req.query("cursor");
        const before = cursor ? decodeCursor(cursor) : undefined;
        const [list, summary] = await Promise.all([
          deps.store.listEvents(r.q, { limit: 50, before }),
          currentMetrics(deps, r.q, r.fresh),
        ]);
        return EventsPage({
          model: r.model,
          events: list.events.map(toApiEvent),
          next_cursor: list.next ? encodeCursor(list.next) : null,
          paged: cursor !== undefined,
          summary,
        });
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
      }))
    .get("/settings", signedIn, compress(), (c) => page(c, () => settings(c, null)))
    .route(
      "/settings",
      settingsActions(
        deps,
        signedIn,
        (c, notice) => page(c, () => settings(c, notice), notice.tone === "err" ? 400 : 200),
      ),
    );
}

function html(vnode: VNode, status: 200 | 400 | 403 | 404 = 200): Response {
  return new Response(`<!doctype html>${renderToString(vnode)}`, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
}

// ---- Reads: what a page shows at first paint ----

/** The project, range, filters and view of a page request, and the frame's model. */
async function readPage(
  deps: AppDeps,
  c: PageContext,
  frame: { section: Section; title: string; bundle: Promise<string | null> },
): Promise<PageRead> {
  const reader = c.var.reader;
  const params = c.req.queries();
  const now = deps.now();
  const project = await readProject(deps, reader, c.req.query("project"));
  const range = parseRange(params, now);
  const filters = parseFilters(params);
  const q: MetricsQuery = { ...range, projectId: project.id, filters };
  const view: View = isView(c.req.query("view")) ? c.req.query("view") as View : "engineering";
  const custom = range.window === "custom";
  const link: LinkState = {
    project: reader.kind === "admin" ? (c.req.query("project") ?? null) : null,
    window: custom ? null : range.window,
    from: custom ? new Date(range.from).toISOString() : null,
    to: custom && c.req.query("to") ? new Date(range.to).toISOString() : null,
    filters,
    view,
  };
  const [fresh, projects, bundle] = await Promise.all([
    readFresh(deps.buffer),
    reader.kind === "admin" ? deps.auth.listProjects() : null,
    frame.bundle,
  ]);
  const options = await filterOptions(deps, q, fresh);
  const locale = localeOf(c.req.header("accept-language"));
  const api = apiQuery(link);
  const stepMs = defaultStepMs(range.to - range.from);
  const model: PageModel = {
    chrome: {
      title: frame.title,
      section: frame.section,
      state: link,
      locale,
      reader: reader.kind,
      project: { id: project.id, name: project.name, time_zone: project.time_zone },
      bundle: bundle ?? "",
    },
    link,
    view,
    api,
    base: apiQuery({ ...link, window: null, from: null, to: null }),
    stream: `/api/stream?${api}&compare=previous`,
    fixed: custom,
    compare: custom
      ? "the period before"
      : `previous ${spanLabel(WINDOWS[range.window as keyof typeof WINDOWS])}`,
    refreshMs: Math.min(60_000, Math.max(5_000, stepMs / 30)),
    windows: Object.keys(WINDOWS),
    options: options.values,
    projects: projects?.map((p) => ({ id: p.id, name: p.name })) ?? null,
    colors: options.colors,
    timeZone: project.time_zone,
    locale,
    now,
    isAdmin: reader.kind === "admin",
  };
  return { model, q, project, fresh };
}

/**
 * Values seen in the range per filter (ignoring the filters), and a colour slot per model, most
 * requested first. Users are many: the filter bar suggests them when asked, not here.
 */
async function filterOptions(deps: AppDeps, q: MetricsQuery, fresh: StoredEvent[]) {
  const all = { ...q, filters: {} };
  const [rows, applications] = await Promise.all([
    deps.store.aggregate(all),
    breakdownMetrics(deps, all, "application", { sort: "requests", limit: 100 }),
  ]);
  const requests = new Map<string, number>();
  const providers = new Set<string>();
  const endpoints = new Set<string>();
  const count = (model: string, n: number) => requests.set(model, (requests.get(model) ?? 0) + n);
  for (const r of rows) {
    count(r.model, Number(r.requests));
    if (r.provider) providers.add(r.provider);
    endpoints.add(r.endpoint);
  }
  for (const e of fresh) {
    if (!matches(e, all)) continue;
    count(e.model, 1);
    if (e.provider) providers.add(e.provider);
    endpoints.add(e.endpoint);
  }
  const models = [...requests.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([m]) => m);
  return {
    values: {
      model: models,
      provider: [...providers].sort(),
      endpoint: [...endpoints].sort(),
      application: applications.rows.map((r) => r.key).filter((k) => k !== "").sort(),
      status: STATUSES,
    },
    colors: Object.fromEntries(models.map((m, i) => [m, i])),
  };
}

/** Spend today (and yesterday until the same time), this month, and over the last 24 h. */
async function calendar(deps: AppDeps, r: PageRead) {
  const now = r.model.now;
  const [dayStart] = periodBounds(now, r.project.time_zone, "daily");
  const [monthStart, monthEnd] = periodBounds(now, r.project.time_zone, "monthly");
  const cost = async (from: number, to: number) =>
    (await currentMetrics(deps, { ...r.q, window: "custom", from, to }, r.fresh)).cost_usd;
  const [today, yesterday, month, trailing] = await Promise.all([
    cost(dayStart, now),
    cost(dayStart - DAY, now - DAY),
    cost(monthStart, now),
    cost(now - DAY, now),
  ]);
  return {
    calendar: { today, yesterday, month, trailing_24h: trailing },
    bounds: { day_start: dayStart, month_start: monthStart, month_end: monthEnd },
  };
}

async function budgets(deps: AppDeps, r: PageRead) {
  const list = await deps.budgets.list(r.project.id);
  return await Promise.all(
    list.map((b) => budgetStatus(deps, b, r.project, r.model.now, r.fresh)),
  );
}

function costliest(deps: AppDeps, r: PageRead, by: "endpoint" | "user_id", limit: number) {
  return breakdownMetrics(deps, r.q, by, { sort: "cost_usd", limit });
}

/** The initial data of each chart, as GET /api/metrics/history answers each of its series. */
async function chartHistories(deps: AppDeps, r: PageRead, specs: ChartSpec[]) {
  const results = await histories(deps, r.q, specs.flatMap((s) => s.series), r.fresh);
  let i = 0;
  return specs.map((spec) => ({ spec, initial: spec.series.map(() => results[i++]!) }));
}

/**
 * The history of several metrics with one store read per grouping, in the shape of
 * GET /api/metrics/history: the Overview reads the store twice instead of 7 times. (lib's
 * historyMetrics reads once per metric; the report proposes historyMetricsMany for lib.)
 */
async function histories(
  deps: AppDeps,
  q: MetricsQuery,
  series: SeriesSpec[],
  fresh: StoredEvent[],
): Promise<HistoryResult[]> {
  const stepMs = defaultStepMs(q.to - q.from);
  const start = Math.floor(q.from / stepMs) * stepMs;
  const groupings = [...new Set(series.map((s) => s.group_by))];
  const read = async (groupBy: GroupBy | null) => {
    const slots = new Map<string, Map<number, Aggregate>>();
    const slot = (key: string, at: number) => {
      const points = slots.get(key) ?? new Map<number, Aggregate>();
      slots.set(key, points);
      const agg = points.get(at) ?? emptyAggregate();
      points.set(at, agg);
      return agg;
    };
    const pending = pendingEvents(fresh, q);
    const { rows, stored } = await deps.store.liveHistory(
      q,
      stepMs,
      groupBy,
      pending.map((e) => e.id),
    );
    for (const row of rows) mergeInto(slot(row.key, Number(row.at)), fromRow(row));
    for (const e of unstored(pending, stored)) {
      addEvent(
        slot(groupBy ? String(e[groupBy] ?? "") : "", Math.floor(e.ts / stepMs) * stepMs),
        e,
      );
    }
    if (slots.size === 0 && !groupBy) slots.set("", new Map());
    return [groupBy, slots] as const;
  };
  // Aggregates merge exactly (sums and histogram bins), so the ungrouped series come from any
  // grouped read: one store read fewer.
  const grouped = groupings.filter((g) => g !== null);
  const byGrouping = new Map<GroupBy | null, Map<string, Map<number, Aggregate>>>(
    await Promise.all((grouped.length > 0 ? grouped : [null]).map(read)),
  );
  if (groupings.includes(null) && !byGrouping.has(null)) {
    const total = new Map<number, Aggregate>();
    for (const points of byGrouping.get(grouped[0]!)!.values()) {
      for (const [at, agg] of points) {
        total.set(at, mergeInto(total.get(at) ?? emptyAggregate(), agg));
      }
    }
    byGrouping.set(null, new Map([["", total]]));
  }
  const step = stepMs % 3_600_000 === 0 ? `${stepMs / 3_600_000}h` : `${stepMs / 60_000}m`;
  return series.map(({ metric, group_by }) => {
    const value = METRICS[metric].value;
    const total = (points: Array<[number, number]>) => points.reduce((s, [, v]) => s + v, 0);
    return {
      metric,
      step: stepMs % DAY === 0 ? `${stepMs / DAY}d` : step,
      series: [...byGrouping.get(group_by)!.entries()]
        .map(([key, slots]) => {
          const points: Array<[number, number]> = [];
          for (let at = start; at < q.to; at += stepMs) {
            points.push([at, value(slots.get(at) ?? emptyAggregate(), stepMs)]);
          }
          return { key: group_by ? key || "unknown" : "all", points };
        })
        .sort((a, b) => total(b.points) - total(a.points) || a.key.localeCompare(b.key)),
    };
  });
}

// ---- Settings forms ----

const DONE: Record<string, SettingsNotice> = {
  project_created: { tone: "ok", text: "Project created." },
  key_revoked: { tone: "ok", text: "Key revoked: it stops working at once, everywhere." },
  price_added: { tone: "ok", text: "Price override saved; new events are priced with it." },
  price_deleted: { tone: "ok", text: "Price override deleted." },
  budget_added: { tone: "ok", text: "Budget added." },
  budget_deleted: { tone: "ok", text: "Budget deleted." },
  dead_letter_retried: {
    tone: "ok",
    text: "Back in the buffer, made storable: it reaches the database with the next flush.",
  },
  dead_letter_dropped: { tone: "ok", text: "Dead letter dropped." },
};

/**
 * The settings forms (admin only): each parses the form with the admin API's own schema, makes
 * one call into lib/ and answers with the settings page (a new key is shown this once) or a
 * redirect back to it. Same origin only (csrf: the Origin header must be this site).
 */
function settingsActions(
  deps: AppDeps,
  signedIn: MiddlewareHandler<PageEnv>,
  render: (c: PageContext, notice: SettingsNotice) => Promise<Response>,
) {
  const adminOnly: MiddlewareHandler<PageEnv> = async function adminOnly(c, next) {
    if (c.var.reader.kind !== "admin") {
      throw new AppError("forbidden", "changing settings needs the admin token");
    }
    await next();
  };
  const fields = async (c: PageContext) => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(await c.req.parseBody())) {
      if (typeof v === "string" && v.trim() !== "") out[k] = v.trim();
    }
    return out;
  };
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const project = (c: PageContext) => readProject(deps, c.var.reader, c.req.query("project"));
  const back = (c: PageContext, done: keyof typeof DONE, anchor: string, projectId?: string) => {
    const p = projectId ?? c.req.query("project");
    const query = `${p ? `project=${encodeURIComponent(p)}&` : ""}done=${done}`;
    return c.redirect(`/settings?${query}#${anchor}`, 303);
  };
  /** Input errors show on the page; anything else goes to the app's error handler. */
  const attempt = async (c: PageContext, action: () => Promise<Response>) => {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof AppError) || error.kind !== "bad_request") throw error;
      return render(c, { tone: "err", text: error.message });
    }
  };

  return new Hono<PageEnv>()
    .use("*", csrf(), signedIn, adminOnly)
    .post("/projects", (c) =>
      attempt(c, async () => {
        const input = parseInput(createProjectInput, await fields(c));
        const created = await createProject(deps.auth, input);
        return back(c, "project_created", "projects", created.id);
      }))
    .post("/keys", (c) =>
      attempt(c, async () => {
        const f = await fields(c);
        const p = await project(c);
        const key = await createKey(deps.auth, parseInput(createKeyInput, { ...f, project: p.id }));
        return render(c, {
          tone: "ok",
          text: `New ${key.kind} key "${key.name || key.prefix}" for ${p.name}. ` +
            "Copy it now: it is shown this once and stored only as a hash.",
          secret: key.key,
        });
      }))
    .post("/keys/:id/revoke", async (c) => {
      if (!(await deps.auth.revokeKey(c.req.param("id")))) {
        throw new AppError("not_found", `key "${c.req.param("id")}" does not exist`);
      }
      return back(c, "key_revoked", "keys");
    })
    .post("/prices", (c) =>
      attempt(c, async () => {
        const f = await fields(c);
        const p = await project(c);
        const from = f.effective_from;
        const input = parseInput(overrideInput, {
          model: f.model,
          provider: f.provider,
          input_per_mtok: num(f.input_per_mtok),
          output_per_mtok: num(f.output_per_mtok),
          cached_input_per_mtok: num(f.cached_input_per_mtok),
          // datetime-local has no zone: the form says UTC.
          effective_from: from && !/([zZ]|[+-]\d\d:?\d\d)$/.test(from) ? `${from}Z` : from,
        });
        await deps.prices.create(newPriceOverride(p.id, input, deps.now()));
        return back(c, "price_added", "prices");
      }))
    .post("/prices/:id/delete", async (c) => {
      const p = await project(c);
      if (!(await deps.prices.delete(p.id, c.req.param("id")))) {
        throw new AppError("not_found", `price override "${c.req.param("id")}" does not exist`);
      }
      return back(c, "price_deleted", "prices");
    })
    .post("/budgets", (c) =>
      attempt(c, async () => {
        const f = await fields(c);
        const p = await project(c);
        const input = parseInput(budgetInput, {
          name: f.name,
          scope: f.scope,
          scope_value: f.scope === "project" ? undefined : f.scope_value,
          period: f.period,
          amount_usd: num(f.amount_usd),
          // The form takes percentages: "50, 80, 100".
          thresholds: f.thresholds?.split(/[\s,]+/).filter(Boolean).map((t) => Number(t) / 100),
        });
        await deps.budgets.create({
          project_id: p.id,
          name: input.name ??
            `${input.period} ${input.scope}${input.scope_value ? ` ${input.scope_value}` : ""}`,
          scope: input.scope,
          scope_value: input.scope === "project" ? null : input.scope_value!,
          period: input.period,
          amount_usd: input.amount_usd,
          thresholds: [...new Set(input.thresholds)].sort((a, b) => a - b),
        });
        return back(c, "budget_added", "budgets");
      }))
    .post("/dead-letters/retry", (c) =>
      attempt(c, async () => {
        const { retried, failed } = await retryAllDeadLetters(deps);
        if (failed.length === 0) return back(c, "dead_letter_retried", "dead-letters");
        return render(c, {
          tone: "warn",
          text: `${retried.length} retried; ${failed.length} could not be: ${
            failed.map((f) => f.error).join("; ")
          }`,
        });
      }))
    .post("/dead-letters/:id/retry", (c) =>
      attempt(c, async () => {
        await retryDeadLetter(deps, c.req.param("id"));
        return back(c, "dead_letter_retried", "dead-letters");
      }))
    .post("/dead-letters/:id/drop", async (c) => {
      await dropDeadLetter(deps.deadLetters, c.req.param("id"));
      return back(c, "dead_letter_dropped", "dead-letters");
    })
    .post("/budgets/:id/delete", async (c) => {
      const p = await project(c);
      if (!(await deps.budgets.delete(p.id, c.req.param("id")))) {
        throw new AppError("not_found", `budget "${c.req.param("id")}" does not exist`);
      }
      return back(c, "budget_deleted", "budgets");
    });
}

// ---- Request details ----

/** The reader's first language that Intl knows, for numbers and times. */
function localeOf(header: string | undefined): string {
  for (const part of (header ?? "").split(",")) {
    const tag = part.split(";")[0]!.trim();
    if (!tag || tag === "*") continue;
    try {
      if (Intl.NumberFormat.supportedLocalesOf([tag]).length > 0) return tag;
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
    }
  }
  return "en-US";
}

/** The island bundle's URL, versioned by its modification time (read once, on first use). */
function bundleUrl(): () => Promise<string | null> {
  let url: Promise<string | null> | undefined;
  return () =>
    url ??= Deno.stat(new URL("../static/islands.js", import.meta.url)).then(
      (s) => `/static/islands.js?v=${s.mtime?.getTime().toString(36) ?? "0"}`,
      (error) => {
        if (error instanceof Deno.errors.NotFound) return null;
        throw error;
      },
    );
}
