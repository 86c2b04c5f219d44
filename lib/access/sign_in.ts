// Sign-in: a token (the admin token or a read key) becomes a session, unless the client's address
// has failed too often. routes/session.ts sets the cookie.
import type { Config } from "../config.ts";
import { AppError } from "../errors.ts";
import type { Reader } from "./types.ts";
import type { SessionStore } from "../store/auth_store.ts";
import type { LoginThrottle } from "./login_throttle.ts";
import { type ReaderDeps, readerForToken } from "./readers.ts";

export interface SignInDeps extends ReaderDeps {
  sessions: Pick<SessionStore, "create">;
  config: ReaderDeps["config"] & Pick<Config, "SESSION_TTL_HOURS">;
  now: () => number;
}

export interface SignedIn {
  reader: Exclude<Reader, { kind: "widget" }>;
  /** The session's secret, for the cookie. */
  session: string;
  ttlMs: number;
}

/** Signs `token` in from `client`; an unknown token counts as a failure from `client`. */
export async function signIn(
  deps: SignInDeps,
  throttle: Pick<LoginThrottle, "admit">,
  token: string,
  client: string,
): Promise<SignedIn> {
  const attempt = await throttle.admit(client, deps.now());
  if (!attempt.allowed) {
    throw new AppError(
      "rate_limited",
      `too many failed sign-ins from this address; try again in ${attempt.retryAfterS} s`,
      { retryAfterS: attempt.retryAfterS },
    );
  }
  const reader = await readerForToken(deps, token);
  if (!reader) throw new AppError("unauthorized", "unknown or revoked token");
  await attempt.release();
  if (reader.kind === "ingest") {
    throw new AppError(
      "forbidden",
      "an ingest key cannot sign in; use a read key or the admin token",
    );
  }
  const ttlMs = deps.config.SESSION_TTL_HOURS * 3_600_000;
  return { reader, session: await deps.sessions.create(reader, token, ttlMs, deps.now()), ttlMs };
}
