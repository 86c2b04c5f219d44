// Authentication middleware: bearer tokens for ingest keys and the admin token; the request facts
// sign-in depends on (same-origin forms, https, the client's address).
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { csrf } from "hono/csrf";
import type { Config } from "../lib/config.ts";
import type { AppDeps } from "../lib/deps.ts";
import { AppError } from "../lib/errors.ts";
import type { PublicKey } from "../lib/access/types.ts";

export type KeyEnv = { Variables: { key: PublicKey } };

export function bearerToken(c: Context): string | null {
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/** Requires an ingest key; the key record is set as c.var.key. */
export function requireIngestKey(
  deps: Pick<AppDeps, "auth" | "config">,
): MiddlewareHandler<KeyEnv> {
  return async function requireIngestKey(c, next) {
    const token = bearerToken(c);
    if (!token) {
      throw new AppError("unauthorized", "missing Authorization: Bearer <ingest key>");
    }
    const key = await deps.auth.verifyKey(token);
    if (!key) {
      if (await deps.auth.verifyAdminToken(token, deps.config.ADMIN_TOKEN)) {
        throw new AppError("forbidden", "the admin token cannot ingest; use an ingest key");
      }
      throw new AppError("unauthorized", "unknown or revoked key");
    }
    if (key.kind !== "ingest") {
      throw new AppError("forbidden", `a ${key.kind} key cannot ingest; use an ingest key`);
    }
    c.set("key", key);
    await next();
  };
}

/** The HttpOnly session cookie set by POST /api/login. */
export const SESSION_COOKIE = "lm_session";

/**
 * Requires the admin token, or the admin's dashboard session on a same-origin request (the
 * settings page manages widget tokens from the browser). Other sites cannot use the session: the
 * cookie is SameSite=Lax and the request must say it comes from this origin.
 */
export function requireAdmin(
  deps: Pick<AppDeps, "auth" | "config" | "sessions" | "now">,
): MiddlewareHandler {
  return async function requireAdmin(c, next) {
    const token = bearerToken(c);
    if (!token) {
      const cookie = getCookie(c, SESSION_COOKIE);
      const sameOrigin = c.req.header("sec-fetch-site") === "same-origin" ||
        c.req.header("origin") === new URL(c.req.url).origin;
      const reader = cookie && sameOrigin ? await deps.sessions.verify(cookie, deps.now()) : null;
      if (reader?.kind === "admin") return await next();
      throw new AppError("unauthorized", "missing Authorization: Bearer <admin token>");
    }
    if (!(await deps.auth.verifyAdminToken(token, deps.config.ADMIN_TOKEN))) {
      throw new AppError("forbidden", "this call needs the admin token");
    }
    await next();
  };
}

/**
 * The settings forms' CSRF check (hono/csrf: a form-like POST must say it comes from this origin)
 * for sign-in and sign-out, applied to requests from a browser: every browser sends Origin with a
 * cross-origin POST (and Sec-Fetch-Site), so a request carrying neither is a script or a CLI and
 * cannot be forged by another site. JSON posts need a CORS preflight that /api/login never grants.
 */
export function sameOriginForms(): MiddlewareHandler {
  const check = csrf();
  return async function sameOriginForms(c, next) {
    const fromBrowser = c.req.header("origin") !== undefined ||
      c.req.header("sec-fetch-site") !== undefined;
    return fromBrowser ? await check(c, next) : await next();
  };
}

/** Whether the browser reached us over https: directly, by PUBLIC_URL, or via a trusted proxy. */
export function isHttps(c: Context, config: Pick<Config, "PUBLIC_URL" | "TRUST_PROXY">): boolean {
  if (new URL(c.req.url).protocol === "https:") return true;
  if (config.PUBLIC_URL && new URL(config.PUBLIC_URL).protocol === "https:") return true;
  const forwarded = c.req.header("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return config.TRUST_PROXY && forwarded === "https";
}

/**
 * The client's address: the connecting peer (Deno.serve's remoteAddr), or with TRUST_PROXY the
 * address the proxy appended last to X-Forwarded-For (earlier entries are the client's own
 * claims). "unknown" when neither is known (app.request() in tests, a Unix socket).
 */
export function clientAddress(c: Context, config: Pick<Config, "TRUST_PROXY">): string {
  if (config.TRUST_PROXY) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",").map((s) => s.trim())
      .filter((s) => s !== "").at(-1);
    if (forwarded) return forwarded;
  }
  const info = c.env as Partial<Deno.ServeHandlerInfo> | undefined;
  const addr = info?.remoteAddr;
  return addr && "hostname" in addr ? addr.hostname : "unknown";
}
