// Login for browsers: a token (admin or read key) becomes an HttpOnly, SameSite session cookie.
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { parseInput } from "../lib/admin.ts";
import type { AppDeps } from "../lib/deps.ts";
import { AppError } from "../lib/errors.ts";
import type { Reader } from "../lib/store/auth_store.ts";
import { identify, SESSION_COOKIE } from "./_reader.ts";

const loginInput = z.object({
  token: z.string({ error: "token: is required" }).min(1, "token: is required"),
});

export function sessionRoutes(deps: AppDeps) {
  return new Hono()
    .post("/login", async (c) => {
      const type = c.req.header("content-type") ?? "";
      const body = type.includes("application/json")
        ? await c.req.json().catch(() => ({}))
        : await c.req.parseBody();
      const { token } = parseInput(loginInput, body);
      const reader = await readerFor(deps, token);
      if (!reader) throw new AppError("unauthorized", "unknown or revoked token");
      const ttlMs = deps.config.SESSION_TTL_HOURS * 3_600_000;
      setCookie(c, SESSION_COOKIE, await deps.sessions.create(reader, ttlMs, deps.now()), {
        httpOnly: true,
        sameSite: "Lax",
        secure: new URL(c.req.url).protocol === "https:",
        path: "/",
        maxAge: Math.floor(ttlMs / 1000),
      });
      return c.json({ reader: describe(reader) });
    })
    .post("/logout", async (c) => {
      const cookie = getCookie(c, SESSION_COOKIE);
      if (cookie) await deps.sessions.delete(cookie);
      deleteCookie(c, SESSION_COOKIE, { path: "/" });
      return c.json({ signed_out: true });
    })
    .get("/me", async (c) => {
      const reader = await identify(deps, c);
      if (!reader) throw new AppError("unauthorized", "not signed in");
      return c.json({ reader: describe(reader) });
    });
}

async function readerFor(deps: AppDeps, token: string): Promise<Reader | null> {
  if (await deps.auth.verifyAdminToken(token, deps.config.ADMIN_TOKEN)) return { kind: "admin" };
  const key = await deps.auth.verifyKey(token);
  if (key?.kind === "read") return { kind: "read", project_id: key.project_id, key_id: key.id };
  if (key) {
    throw new AppError(
      "forbidden",
      "an ingest key cannot sign in; use a read key or the admin token",
    );
  }
  return null;
}

function describe(reader: Reader) {
  return reader.kind === "admin"
    ? { kind: "admin" }
    : { kind: "read", project_id: reader.project_id };
}
