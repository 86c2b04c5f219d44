// Links between dashboard pages that keep the time range, filters, project and view, and the
// query strings of the read API. Pure functions: the server pages and the islands share them.
import { DEFAULT_WINDOW, FILTER_FIELDS } from "../lib/shared/windows.ts";

/** The state a dashboard URL carries. Filters are field → values (several values = any of). */
export interface LinkState {
  project: string | null;
  /** A window name ("1h"), or null when from/to are given. */
  window: string | null;
  from: string | null;
  to: string | null;
  filters: Record<string, string[]>;
  view: string | null;
}

export const DEFAULT_VIEW = "engineering";

type Extra = Record<string, string | number | null | undefined>;

function rangeParams(s: LinkState, p: URLSearchParams, keepDefault: boolean) {
  if (s.from) {
    p.set("from", s.from);
    if (s.to) p.set("to", s.to);
  } else if (s.window && (keepDefault || s.window !== DEFAULT_WINDOW)) {
    p.set("window", s.window);
  }
}

function filterParams(s: LinkState, p: URLSearchParams) {
  for (const field of FILTER_FIELDS) {
    const values = s.filters[field];
    if (values && values.length > 0) p.set(field, values.join(","));
  }
}

function withExtra(p: URLSearchParams, extra: Extra): URLSearchParams {
  for (const [k, v] of Object.entries(extra)) {
    if (v === null || v === undefined || v === "") p.delete(k);
    else p.set(k, String(v));
  }
  return p;
}

/** The read-API query (project, range, filters): `/api/stream?${apiQuery(s)}`. */
export function apiQuery(s: LinkState, extra: Extra = {}): string {
  const p = new URLSearchParams();
  if (s.project) p.set("project", s.project);
  rangeParams(s, p, true);
  filterParams(s, p);
  return withExtra(p, extra).toString();
}

/** A dashboard page with the same project, range, filters and view (defaults left out). */
export function href(path: string, s: LinkState, extra: Extra = {}): string {
  const p = new URLSearchParams();
  if (s.project) p.set("project", s.project);
  rangeParams(s, p, false);
  filterParams(s, p);
  if (s.view && s.view !== DEFAULT_VIEW) p.set("view", s.view);
  const query = withExtra(p, extra).toString();
  return query ? `${path}?${query}` : path;
}

/** The state with some filters replaced (an empty list removes the filter). */
export function withFilters(s: LinkState, filters: Partial<Record<string, string[]>>): LinkState {
  const merged = { ...s.filters };
  for (const [field, values] of Object.entries(filters)) {
    if (!values || values.length === 0) delete merged[field];
    else merged[field] = values;
  }
  return { ...s, filters: merged };
}

/** The events behind a number: the same filters, narrowed to a time bucket and/or a group. */
export function eventsHref(
  s: LinkState,
  narrow: { from?: number; to?: number; filters?: Partial<Record<string, string[]>> } = {},
): string {
  let state = narrow.filters ? withFilters(s, narrow.filters) : s;
  if (narrow.from !== undefined && narrow.to !== undefined) {
    state = {
      ...state,
      window: null,
      from: new Date(narrow.from).toISOString(),
      to: new Date(narrow.to).toISOString(),
    };
  }
  return href("/events", { ...state, view: null });
}

const NEXT_BASE = "http://next.invalid";

/**
 * Only a path on this site may follow a sign-in: `next` is resolved as a browser would (tabs and
 * newlines dropped, `\` read as `/`, dot segments collapsed) and kept only when it stays on the
 * origin; //host, /\host, /%09/host (a tab), /.//host and schemes become "/".
 */
export function safeNext(next: string | null | undefined): string {
  const path = (next ?? "").replace(/[\t\n\r]/g, "");
  if (!/^\/(?![/\\])/.test(path)) return "/";
  const url = new URL(path, NEXT_BASE);
  const local = url.pathname + url.search + url.hash;
  return url.origin === NEXT_BASE && !/^\/[/\\]/.test(local) ? local : "/";
}
