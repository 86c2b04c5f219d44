// Login for browsers: a token (admin or read key) becomes an HttpOnly, SameSite session cookie.
// Sign-in and sign-out refuse cross-site forms; failed sign-ins are throttled per client address.
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { parseInput } from "../lib/access/admin.ts";
import type { AppDeps } from "../lib/deps.ts";
import { AppError } from "../lib/errors.ts";
import { LoginThrottle } from "../lib/access/login_throttle.ts";
import type { Reader } from "../lib/store/auth_store.ts";
import { clientAddress, isHttps, sameOriginForms } from "./_auth.ts";
import { identify, SESSION_COOKIE } from "./_reader.ts";

const loginInput = z.object({
  token: z.string({ error: "token: is required" }).min(1, "token: is required"),
});

export function sessionRoutes(deps: AppDeps) {
  const throttle = new LoginThrottle(deps.kv, {
    maxFailures: deps.config.LOGIN_MAX_FAILURES,
    windowMs: deps.config.LOGIN_FAILURE_WINDOW_MINUTES * 60_000,
  });

  return new Hono()
    .post("/login", sameOriginForms(), async (c) => {
      const type = c.req.header("content-type") ?? "";
      const body = type.includes("application/json")
        ? await c.req.json().catch(() => ({}))
        : await c.req.parseBody();
      const { token } = parseInput(loginInput, body);
      const reader = await signIn(deps, throttle, token, clientAddress(c, deps.config));
      const ttlMs = deps.config.SESSION_TTL_HOURS * 3_600_000;
      setCookie(c, SESSION_COOKIE, await deps.sessions.create(reader, token, ttlMs, deps.now()), {
        httpOnly: true,
        sameSite: "Lax",
        secure: isHttps(c, deps.config),
        path: "/",
        maxAge: Math.floor(ttlMs / 1000),
      });
      return c.json({ reader: describe(reader) });
    })
    .post("/logout", sameOriginForms(), async (c) => {
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

/** The reader a token signs in as; an unknown token counts as a failure from `client`. */
async function signIn(
  deps: AppDeps,
  throttle: LoginThrottle,
  token: string,
  client: string,
): Promise<Reader> {
  const attempt = await throttle.admit(client, deps.now());
  if (!attempt.allowed) {
    throw new AppError(
      "rate_limited",
      `too many failed sign-ins from this address; try again in ${attempt.retryAfterS} s`,
      { retryAfterS: attempt.retryAfterS },
    );
  }
  if (await deps.auth.verifyAdminToken(token, deps.config.ADMIN_TOKEN)) {
    await attempt.release();
    return { kind: "admin" };
  }
  const key = await deps.auth.verifyKey(token);
  if (!key) throw new AppError("unauthorized", "unknown or revoked token");
  await attempt.release();
  if (key.kind !== "read") {
    throw new AppError(
      "forbidden",
      "an ingest key cannot sign in; use a read key or the admin token",
    );
  }
  return { kind: "read", project_id: key.project_id, key_id: key.id };
}

function describe(reader: Reader) {
  return reader.kind === "admin"
    ? { kind: "admin" }
    : { kind: "read", project_id: reader.project_id };
}
