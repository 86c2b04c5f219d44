// Who a token reads as: the one place where the admin token or a key becomes a Reader (bearer
// reads in routes/_reader.ts, sign-in in routes/session.ts).
import type { Config } from "../config.ts";
import type { Reader } from "./types.ts";
import type { AuthStore } from "../store/auth_store.ts";

export interface ReaderDeps {
  auth: Pick<AuthStore, "verifyAdminToken" | "verifyKey">;
  config: Pick<Config, "ADMIN_TOKEN">;
}

/** An ingest key: a known token that may send events but not read them. */
export interface IngestOnly {
  kind: "ingest";
}

/**
 * The reader a token stands for: the admin for the admin token, a read reader for a read key,
 * `{kind: "ingest"}` for an ingest key (callers refuse it with their own message), null when the
 * token is unknown or revoked.
 */
export async function readerForToken(
  deps: ReaderDeps,
  token: string,
): Promise<Exclude<Reader, { kind: "widget" }> | IngestOnly | null> {
  if (await deps.auth.verifyAdminToken(token, deps.config.ADMIN_TOKEN)) return { kind: "admin" };
  const key = await deps.auth.verifyKey(token);
  if (!key) return null;
  if (key.kind === "read") return { kind: "read", project_id: key.project_id, key_id: key.id };
  return { kind: "ingest" };
}
