// Widget tokens in Deno KV: read-only secrets for embedded widgets, stored as SHA-256 hashes like
// keys, each with the metrics, filters and origins it is limited to and an optional expiry.
// Revoking deletes the hash entry, so every instance refuses the token at its next request.
import type { PublicWidgetToken } from "../access/types.ts";
import {
  generateId,
  generateSecret,
  hashesEqual,
  hashSecret,
  SECRET_PREFIX,
} from "../access/secrets.ts";
import { kvKeys } from "./kv_keys.ts";

/** A token as stored: only the SHA-256 hash of its secret. */
export interface WidgetToken extends PublicWidgetToken {
  hash: string;
}

export type NewWidgetToken =
  & Pick<
    WidgetToken,
    "project_id" | "name" | "metrics" | "filters" | "origins"
  >
  & { expires_in_ms: number | null };

export class WidgetTokenStore {
  constructor(private readonly kv: Deno.Kv) {}

  /** Creates a token; the secret is returned this once and stored only as its hash. */
  async create(
    input: NewWidgetToken,
    now: number,
  ): Promise<{ token: PublicWidgetToken; secret: string }> {
    const secret = generateSecret(SECRET_PREFIX.widget);
    const { expires_in_ms, ...scope } = input;
    const record: WidgetToken = {
      id: generateId("wtk_"),
      ...scope,
      prefix: secret.slice(0, 8),
      hash: await hashSecret(secret),
      created_at: new Date(now).toISOString(),
      expires_at: expires_in_ms === null ? null : new Date(now + expires_in_ms).toISOString(),
    };
    // KV drops expired entries by itself eventually; verify() checks expires_at meanwhile.
    const options = expires_in_ms === null ? undefined : { expireIn: expires_in_ms };
    await this.kv.atomic()
      .set(kvKeys.widgetToken(record.id), record, options)
      .set(kvKeys.widgetTokenByHash(record.hash), record.id, options)
      .commit();
    return { token: publicToken(record), secret };
  }

  async list(projectId?: string): Promise<PublicWidgetToken[]> {
    const out: PublicWidgetToken[] = [];
    for await (const e of this.kv.list<WidgetToken>({ prefix: kvKeys.widgetTokens() })) {
      if (!projectId || e.value.project_id === projectId) out.push(publicToken(e.value));
    }
    return out.sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  /** Revokes a token at once; true when it existed. */
  async revoke(id: string): Promise<boolean> {
    const entry = await this.kv.get<WidgetToken>(kvKeys.widgetToken(id));
    if (!entry.value) return false;
    await this.kv.atomic()
      .delete(kvKeys.widgetToken(id))
      .delete(kvKeys.widgetTokenByHash(entry.value.hash))
      .commit();
    return true;
  }

  /** Whether a token still works (neither revoked nor expired): open streams ask it. */
  async active(id: string, now: number): Promise<boolean> {
    const record = (await this.kv.get<WidgetToken>(kvKeys.widgetToken(id))).value;
    return record !== null && (record.expires_at === null || Date.parse(record.expires_at) > now);
  }

  /** The token a secret belongs to, or null when unknown, revoked or expired. */
  async verify(secret: string, now: number): Promise<PublicWidgetToken | null> {
    const hash = await hashSecret(secret);
    const id = await this.kv.get<string>(kvKeys.widgetTokenByHash(hash));
    if (!id.value) return null;
    const record = (await this.kv.get<WidgetToken>(kvKeys.widgetToken(id.value))).value;
    if (!record || !hashesEqual(record.hash, hash)) return null;
    if (record.expires_at !== null && Date.parse(record.expires_at) <= now) return null;
    return publicToken(record);
  }
}

function publicToken(t: WidgetToken): PublicWidgetToken {
  const { hash: _hash, ...rest } = t;
  return rest;
}
