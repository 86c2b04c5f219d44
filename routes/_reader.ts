// Read access: the admin token, a read key, or a session cookie from POST /api/login.
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { AppDeps } from "../lib/deps.ts";
import { AppError } from "../lib/errors.ts";
import type { Project, Reader } from "../lib/store/auth_store.ts";
import { bearerToken } from "./_auth.ts";

export const SESSION_COOKIE = "lm_session";

export type ReaderEnv = { Variables: { reader: Reader } };

/** Who is asking, from a bearer token or the session cookie; null when nobody is signed in. */
export async function identify(
  deps: Pick<AppDeps, "auth" | "sessions" | "config" | "now">,
  c: Context,
): Promise<Reader | null> {
  const token = bearerToken(c);
  if (token) {
    if (await deps.auth.verifyAdminToken(token, deps.config.ADMIN_TOKEN)) return { kind: "admin" };
    const key = await deps.auth.verifyKey(token);
    if (key?.kind === "read") return { kind: "read", project_id: key.project_id, key_id: key.id };
    if (key) throw new AppError("forbidden", "an ingest key cannot read; use a read key");
    throw new AppError("unauthorized", "unknown or revoked token");
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  return cookie ? await deps.sessions.verify(cookie, deps.now()) : null;
}

export function requireReader(
  deps: Pick<AppDeps, "auth" | "sessions" | "config" | "now">,
): MiddlewareHandler<ReaderEnv> {
  return async function requireReader(c, next) {
    const reader = await identify(deps, c);
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

/** The project a read is about: a read key's own, or the `project` parameter (default "default"). */
export async function readProject(
  deps: Pick<AppDeps, "auth">,
  reader: Reader,
  requested: string | undefined,
): Promise<Project> {
  const project = await deps.auth.findProject(
    requested ?? (reader.kind === "read" ? reader.project_id : "default"),
  );
  if (!project) throw new AppError("not_found", `project "${requested}" does not exist`);
  if (reader.kind === "read" && project.id !== reader.project_id) {
    throw new AppError("forbidden", "this key reads another project");
  }
  return project;
}
