// Read access: the admin token, a read key, or a session cookie from POST /api/login; and, where a
// route accepts them, widget tokens (as a bearer token or `?token=wt_…`, since EventSource cannot
// send headers), each limited to its own origins.
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { cors } from "hono/cors";
import type { AppDeps } from "../lib/deps.ts";
import { AppError } from "../lib/errors.ts";
import { resolveProject } from "../lib/access/admin.ts";
import { readerForToken } from "../lib/access/readers.ts";
import { SECRET_PREFIX } from "../lib/access/secrets.ts";
import type { Project, PublicWidgetToken, Reader } from "../lib/access/types.ts";
import { originAllowed, scopeParams } from "../lib/access/widget_scope.ts";
import type { RawParams } from "../lib/metrics/query.ts";
import { bearerToken, SESSION_COOKIE } from "./_auth.ts";

export { SESSION_COOKIE };

export type ReaderEnv = { Variables: { reader: Reader } };

/** Who is asking, from a bearer token or the session cookie; null when nobody is signed in. */
export async function identify(
  deps: Pick<AppDeps, "auth" | "sessions" | "config" | "now">,
  c: Context,
): Promise<Reader | null> {
  const token = bearerToken(c);
  if (token) {
    const reader = await readerForToken(deps, token);
    if (!reader) throw new AppError("unauthorized", "unknown or revoked token");
    if (reader.kind === "ingest") {
      throw new AppError("forbidden", "an ingest key cannot read; use a read key");
    }
    return reader;
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  return cookie ? await deps.sessions.verify(cookie, deps.now()) : null;
}

/**
 * Requires a reader. Widget tokens are refused (403) unless `widgets` is set: only routes that
 * scope their answer to the token (lib/access/widget_scope.ts) accept them.
 */
export function requireReader(
  deps: Pick<AppDeps, "auth" | "sessions" | "config" | "now">,
  { widgets = false }: { widgets?: boolean } = {},
): MiddlewareHandler<ReaderEnv> {
  return async function requireReader(c, next) {
    const reader = (await widgetReader(deps, c, widgets)) ?? (await identify(deps, c));
    if (!reader) {
      throw new AppError(
        "unauthorized",
        "sign in (POST /api/login) or send Authorization: Bearer <read key>",
      );
    }
    c.set("reader", reader);
    await next();
  };
}

/**
 * The project a read is about: the admin's `project` parameter (default "default"), or the
 * reader's own. Any other `project` a key, session or widget token names is refused the same way
 * whether it exists or not, so it cannot probe project names.
 */
export async function readProject(
  deps: Pick<AppDeps, "auth">,
  reader: Reader,
  requested: string | undefined,
): Promise<Project> {
  const project = await resolveProject(
    deps.auth,
    reader.kind === "admin" ? requested : reader.project_id,
  );
  if (
    reader.kind !== "admin" && requested !== undefined && requested !== project.id &&
    requested !== project.name
  ) {
    throw new AppError(
      "forbidden",
      `this ${reader.kind === "read" ? "key" : "token"} reads another project`,
    );
  }
  return project;
}

/** The project of a read by the reader of `c` (its `project` parameter, if any). */
export function readerProject(
  deps: Pick<AppDeps, "auth">,
  c: { var: ReaderEnv["Variables"]; req: { query(name: string): string | undefined } },
): Promise<Project> {
  return readProject(deps, c.var.reader, c.req.query("project"));
}

/** The query parameters of a read; a widget token's filters and metrics applied. */
export function readParams(
  c: { var: ReaderEnv["Variables"]; req: { queries(): RawParams } },
): RawParams {
  return c.var.reader.kind === "widget"
    ? scopeParams(c.var.reader.token, c.req.queries())
    : c.req.queries();
}

interface WidgetLookup {
  /** The widget token the request carries, if any. */
  secret: string | null;
  /** Its record; null when unknown, expired or revoked. */
  token: PublicWidgetToken | null;
}

const lookups = new WeakMap<Request, Promise<WidgetLookup>>();

/**
 * The widget token of a request (`Authorization: Bearer wt_…`, or `?token=wt_…` when there is no
 * Authorization header), looked up once per request: CORS and auth both ask.
 */
export function widgetToken(
  deps: Pick<AppDeps, "auth" | "now">,
  c: Context,
): Promise<WidgetLookup> {
  let found = lookups.get(c.req.raw);
  if (!found) {
    const bearer = bearerToken(c);
    const candidate = bearer ?? c.req.query("token") ?? "";
    const secret = candidate.startsWith(SECRET_PREFIX.widget) ? candidate : null;
    found = secret === null
      ? Promise.resolve({ secret, token: null })
      : deps.auth.widgetTokens.verify(secret, deps.now()).then((token) => ({ secret, token }));
    lookups.set(c.req.raw, found);
  }
  return found;
}

/**
 * The value of Access-Control-Allow-Origin for a read: the origin when it is in ALLOWED_ORIGINS or
 * in the origins of the valid widget token the request carries; otherwise none.
 */
export async function allowedOrigin(
  deps: Pick<AppDeps, "auth" | "config" | "now">,
  origin: string,
  c: Context,
): Promise<string | null> {
  if (deps.config.ALLOWED_ORIGINS.includes(origin)) return origin;
  const { token } = await widgetToken(deps, c);
  return token?.origins.includes(origin) ? origin : null;
}

/**
 * CORS for the reads a browser may make from another origin (metrics, stream, events, a budget):
 * ALLOWED_ORIGINS, or the origins of the widget token the request carries.
 */
export function readCors(deps: Pick<AppDeps, "auth" | "config" | "now">): MiddlewareHandler {
  return cors({
    origin: (origin, c) => allowedOrigin(deps, origin, c),
    allowHeaders: ["Authorization", "Content-Type", "Last-Event-ID"],
    allowMethods: ["GET", "OPTIONS"],
    maxAge: 600,
  });
}

/** The widget reader of a request, null when it carries no widget token. */
async function widgetReader(
  deps: Pick<AppDeps, "auth" | "config" | "now">,
  c: Context,
  accepted: boolean,
): Promise<Reader | null> {
  const { secret, token } = await widgetToken(deps, c);
  if (secret === null) {
    if (bearerToken(c) === null && c.req.query("token") !== undefined) {
      throw new AppError(
        "unauthorized",
        "token: only widget tokens (wt_…) may be sent in the URL; " +
          "send read keys and the admin token as Authorization: Bearer",
      );
    }
    return null;
  }
  if (!token) throw new AppError("unauthorized", "unknown, expired or revoked widget token");
  if (!accepted) {
    throw new AppError(
      "forbidden",
      "a widget token reads only /api/metrics/current, /api/metrics/history, /api/stream " +
        "and /api/budgets/:id",
    );
  }
  const origin = c.req.header("origin");
  const own = [new URL(c.req.url).origin];
  if (deps.config.PUBLIC_URL) own.push(new URL(deps.config.PUBLIC_URL).origin);
  if (!originAllowed(origin, token, deps.config.ALLOWED_ORIGINS, own)) {
    throw new AppError(
      "forbidden",
      `origin ${origin} may not use this widget token (not in ALLOWED_ORIGINS or the token's origins)`,
    );
  }
  return { kind: "widget", project_id: token.project_id, token };
}
