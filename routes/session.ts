// /api/login, /api/logout and /api/me (mounted at /api): a token (admin or read key) becomes an
// HttpOnly, SameSite session cookie. Sign-in and sign-out refuse cross-site forms; failed sign-ins
// are throttled per client address (lib/access/sign_in.ts).
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { parseInput } from "../lib/access/admin.ts";
import { signIn } from "../lib/access/sign_in.ts";
import type { AppDeps } from "../lib/deps.ts";
import { AppError } from "../lib/errors.ts";
import { LoginThrottle } from "../lib/access/login_throttle.ts";
import { LoginFailureStore } from "../lib/store/login_failures.ts";
import type { Reader } from "../lib/access/types.ts";
import { clientAddress, isHttps, sameOriginForms } from "./_auth.ts";
import { identify, SESSION_COOKIE } from "./_reader.ts";

const loginInput = z.object({
  token: z.string({ error: "token: is required" }).min(1, "token: is required"),
});

export function sessionRoutes(deps: AppDeps) {
  const throttle = new LoginThrottle(new LoginFailureStore(deps.kv), {
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
      const { reader, session, ttlMs } = await signIn(
        deps,
        throttle,
        token,
        clientAddress(c, deps.config),
      );
      setCookie(c, SESSION_COOKIE, session, {
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

function describe(reader: Reader) {
  return reader.kind === "admin"
    ? { kind: "admin" }
    : { kind: "read", project_id: reader.project_id };
}
