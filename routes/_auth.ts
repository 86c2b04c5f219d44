// Authentication middleware: bearer tokens for ingest keys and the admin token.
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { AppDeps } from "../lib/deps.ts";
import { AppError } from "../lib/errors.ts";
import type { PublicKey } from "../lib/store/auth_store.ts";

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
