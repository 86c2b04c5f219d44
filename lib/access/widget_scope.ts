// What a widget token may read: the metrics it names, within its filters, broken down only by the
// dimensions those imply, from its project, on pages of its origins. routes/_reader.ts checks who
// and from where; routes/metrics.ts, stream.ts and budgets.ts apply the rest to every read a
// widget token makes.
import { type BudgetDeps, budgetStatus } from "../cost/budgets.ts";
import { scopeFilters } from "../cost/budget_scope.ts";
import { AppError } from "../errors.ts";
import {
  FILTER_FIELDS,
  type FilterField,
  type Filters,
  parseFilters,
  type RawParams,
} from "../metrics/query.ts";
import type { PublicWidgetToken, Reader } from "./types.ts";
import type { AuthStore } from "../store/auth_store.ts";
import { BUDGET_METRICS, type BudgetMetric } from "../shared/widget_catalogue.ts";

export type WidgetScope = Pick<PublicWidgetToken, "metrics" | "filters" | "origins">;

/** Kept in every reduced `current` payload: what the numbers are about. */
const ALWAYS = ["window", "from", "to"];

function isFilterField(name: string): name is FilterField {
  return (FILTER_FIELDS as readonly string[]).includes(name);
}

export function canRead(scope: WidgetScope, name: string): boolean {
  return scope.metrics === null || scope.metrics.includes(name);
}

export function assertReadable(scope: WidgetScope, name: string): void {
  if (!canRead(scope, name)) {
    throw new AppError("forbidden", `this widget token cannot read ${name}`);
  }
}

/**
 * Whether a request with this Origin header may use the token: no Origin (same-origin pages and
 * non-browser clients), ALLOWED_ORIGINS, the token's own origins, or the monitor's own origins.
 */
export function originAllowed(
  origin: string | undefined,
  scope: WidgetScope,
  allowedOrigins: readonly string[],
  ownOrigins: readonly string[],
): boolean {
  return origin === undefined || allowedOrigins.includes(origin) ||
    scope.origins.includes(origin) || ownOrigins.includes(origin);
}

/**
 * The filters a widget read runs with: the token's, narrowed by the request's. A request value
 * outside the token's values is refused, never silently widened.
 */
export function narrowFilters(limit: Filters, requested: Filters): Filters {
  const out: Filters = { ...requested };
  for (const field of FILTER_FIELDS) {
    const allowed = limit[field];
    if (!allowed) continue;
    const asked = requested[field];
    if (!asked) {
      out[field] = allowed;
      continue;
    }
    if (asked.some((v) => !allowed.includes(v))) {
      throw new AppError(
        "forbidden",
        `${field}: this widget token reads ${field} ${allowed.join(", ")} only`,
      );
    }
  }
  return out;
}

/** Refuses when `filters` cover more than `limit` (a budget scope wider than the token's). */
export function assertWithin(limit: Filters, filters: Filters, what: string): void {
  for (const field of FILTER_FIELDS) {
    const allowed = limit[field];
    if (!allowed) continue;
    const values = filters[field];
    if (!values || values.some((v) => !allowed.includes(v))) {
      throw new AppError(
        "forbidden",
        `${what} covers more than this widget token's ${field} ${allowed.join(", ")}`,
      );
    }
  }
}

/**
 * The names in a token's `metrics` that let it break numbers down by a dimension (group by it, or
 * filter on it): the tables name models (and their providers) and endpoints; the error metrics
 * already tell how requests end. Nothing implies `application` or `user_id`.
 */
const IMPLIED_BY: Record<FilterField, readonly string[]> = {
  model: ["active_models"],
  provider: ["active_models"],
  endpoint: ["top_endpoints"],
  application: [],
  user_id: [],
  status: ["errors", "error_rate", "timeout_rate"],
};

/**
 * Whether a widget token may group by or filter on `field`: when it was made with a filter on it
 * (a request then narrows within those values), or when its metrics imply that breakdown. A token
 * with every metric may use every dimension but `user_id`, which only a user_id filter opens: no
 * widget token probes which users exist.
 */
export function mayBreakDown(scope: WidgetScope, field: FilterField): boolean {
  if (scope.filters[field]) return true;
  if (field === "user_id") return false;
  return scope.metrics === null || IMPLIED_BY[field].some((name) => scope.metrics!.includes(name));
}

/** Refuses a request parameter that breaks numbers down by a dimension the token may not use. */
function assertBreakDown(
  scope: WidgetScope,
  field: FilterField,
  param: string,
  verb: string,
): void {
  if (mayBreakDown(scope, field)) return;
  const implied = IMPLIED_BY[field];
  const needs = implied.length === 0
    ? `its own ${field} filter`
    : `${orList(implied)} in its metrics, or its own ${field} filter`;
  throw new AppError(
    "forbidden",
    `${param}: this widget token cannot ${verb} ${field}; that needs ${needs}`,
  );
}

function orList(names: readonly string[]): string {
  return names.length < 2
    ? names.join("")
    : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

/**
 * Query parameters of a widget read: `metric` checked, `group_by` and the filters limited to the
 * dimensions the token may break down by (mayBreakDown), the filters narrowed (the token's always
 * applied). The token itself is not a parameter of the read.
 */
export function scopeParams(scope: WidgetScope, params: RawParams): RawParams {
  const metric = params.metric?.[0];
  if (metric !== undefined) assertReadable(scope, metric);
  for (const group of params.group_by ?? []) {
    if (isFilterField(group)) assertBreakDown(scope, group, "group_by", "group by");
  }
  const requested = parseFilters(params);
  for (const field of FILTER_FIELDS) {
    if (requested[field]) assertBreakDown(scope, field, field, "filter by");
  }
  const filters = narrowFilters(scope.filters, requested);
  const out: RawParams = { ...params };
  delete out.token;
  for (const field of FILTER_FIELDS) {
    const values = filters[field];
    if (values) out[field] = values;
    else delete out[field];
  }
  return out;
}

/** A `current` payload reduced to what the token may read (its `previous` too). */
export function reduceCurrent(
  body: Record<string, unknown>,
  scope: WidgetScope,
): Record<string, unknown> {
  if (scope.metrics === null) return body;
  const keep = new Set([...ALWAYS, ...scope.metrics]);
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    if (name === "previous" && value && typeof value === "object") {
      out.previous = Object.fromEntries(
        Object.entries(value).filter(([n]) => scope.metrics!.includes(n)),
      );
    } else if (keep.has(name)) {
      out[name] = value;
    }
  }
  return out;
}

/**
 * For a stream: the payload text reduced for the token. Every subscriber of a view receives the
 * same text, so the last answer is reused.
 */
export function streamReducer(scope: WidgetScope): (data: string) => string {
  if (scope.metrics === null) return (data) => data;
  let last: [string, string] | null = null;
  return (data) => {
    if (last?.[0] !== data) last = [data, JSON.stringify(reduceCurrent(JSON.parse(data), scope))];
    return last[1];
  };
}

/**
 * What a stream sends its reader and for how long: a widget token sees its reduced payload, and
 * only while it is neither revoked nor expired; everyone else, everything.
 */
export function streamAccess(
  auth: AuthStore,
  reader: Reader,
  now: () => number,
): { shape: (data: string) => string; active: () => Promise<boolean> } {
  if (reader.kind !== "widget") {
    return {
      shape: (data) => data,
      active: () => Promise.resolve(true),
    };
  }
  return {
    shape: streamReducer(reader.token),
    active: () => auth.widgetTokens.active(reader.token.id, now()),
  };
}

export interface WidgetBudget {
  budget: { id: string; name: string; period: string };
  time_zone: string;
  period_start: string;
  period_end: string;
  budget_utilization?: number;
  projected_spend?: number;
}

/**
 * A budget's numbers for a widget token: only the budget metrics the token names, and only for a
 * budget whose scope lies within the token's filters.
 */
export async function widgetBudget(
  deps: BudgetDeps & { auth: AuthStore },
  token: PublicWidgetToken,
  budgetId: string,
  now: number,
): Promise<WidgetBudget> {
  const names = Object.keys(BUDGET_METRICS) as BudgetMetric[];
  const readable = names.filter((m) => canRead(token, m));
  if (readable.length === 0) {
    throw new AppError("forbidden", `this widget token cannot read ${names.join(" or ")}`);
  }
  const [budget, project] = await Promise.all([
    deps.budgets.get(token.project_id, budgetId),
    deps.auth.findProject(token.project_id),
  ]);
  if (!budget || !project) throw new AppError("not_found", `budget "${budgetId}" does not exist`);
  assertWithin(token.filters, scopeFilters(budget), `budget "${budget.name}"`);
  const status = await budgetStatus(deps, budget, project, now);
  const out: WidgetBudget = {
    budget: { id: budget.id, name: budget.name, period: budget.period },
    time_zone: status.time_zone,
    period_start: status.period_start,
    period_end: status.period_end,
  };
  for (const m of readable) out[m] = status[m];
  return out;
}
