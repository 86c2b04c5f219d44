// What the dashboard's page routes share (pages.ts, settings.ts): the sign-in gate, the read of a
// page request (project, range, filters, view and the frame's model) and the rendering of a page,
// where a request the dashboard cannot answer becomes an error page.
import type { Context, MiddlewareHandler } from "hono";
import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import { isView, type View } from "../components/cards.ts";
import { apiQuery, type LinkState } from "../components/hrefs.ts";
import type { Section } from "../components/Layout.ts";
import { ErrorPage } from "../components/LoginPage.ts";
import type { PageModel } from "../components/page_model.ts";
import { spanLabel } from "../components/time.ts";
import type { AppDeps } from "../lib/deps.ts";
import { AppError } from "../lib/errors.ts";
import type { StoredEvent } from "../lib/ingest/event.ts";
import { filterOptions } from "../lib/metrics/filter_options.ts";
import { readFresh } from "../lib/metrics/live_metrics.ts";
import {
  defaultStepMs,
  type MetricsQuery,
  parseFilters,
  parseRange,
  WINDOWS,
} from "../lib/metrics/query.ts";
import type { Project, Reader } from "../lib/access/types.ts";
import { identify, readProject } from "./_reader.ts";

/** Dashboard readers: the admin or a read key (widget tokens only reach the widget routes). */
type DashboardReader = Exclude<Reader, { kind: "widget" }>;
export type PageEnv = { Variables: { reader: DashboardReader } };
export type PageContext = Context<PageEnv>;

/** One page request: its model, query, project, time and the buffered events its reads share. */
export interface PageRead {
  model: PageModel;
  q: MetricsQuery;
  project: Project;
  now: number;
  fresh: StoredEvent[];
}

/** The sign-in gate, the read of a page request and its rendering, for one set of page routes. */
export function pageKit(deps: AppDeps) {
  const bundle = bundleUrl();
  return {
    bundle,
    signedIn: signedIn(deps),
    /** The request's project, range, filters and view, and the frame's model. */
    read: (c: PageContext, section: Section, title: string) =>
      readPage(deps, c, { section, title, bundle: bundle() }),
    /** Renders a page; a request the dashboard cannot answer becomes an error page. */
    page: async (c: Context, render: () => Promise<VNode>, status: 200 | 400 = 200) => {
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
    },
  };
}

/** Signed-in dashboard readers only: others go to the login page, widget tokens are refused. */
function signedIn(deps: AppDeps): MiddlewareHandler<PageEnv> {
  return async function signedIn(c, next) {
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
}

export function html(vnode: VNode, status: 200 | 400 | 403 | 404 = 200): Response {
  return new Response(`<!doctype html>${renderToString(vnode)}`, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
}

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
  return { model, q, project, now, fresh };
}

/** The reader's first language that Intl knows, for numbers and times. */
export function localeOf(header: string | undefined): string {
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
