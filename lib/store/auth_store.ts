// Projects, API keys and the admin token, in Deno KV so that ingest can authenticate while the
// database is down and every instance sees a revocation at once.
import { generateId, generateSecret, hashesEqual, hashSecret, SECRET_PREFIX } from "../secrets.ts";
import { kvKeys } from "./kv_keys.ts";
import { type PublicWidgetToken, WidgetTokenStore } from "./widget_token_store.ts";

export interface Project {
  id: string;
  name: string;
  time_zone: string;
  created_at: string;
}

export type KeyKind = "ingest" | "read";

export interface ApiKey {
  id: string;
  project_id: string;
  kind: KeyKind;
  name: string;
  /** The first characters, to tell keys apart in lists. */
  prefix: string;
  hash: string;
  created_at: string;
}

export type PublicKey = Omit<ApiKey, "hash">;

/**
 * Who is reading: the admin (every project), a read key (its project only), or a widget token
 * (its project, and only the metrics, filters and origins it was made for).
 */
export type Reader =
  | { kind: "admin" }
  | { kind: "read"; project_id: string; key_id: string }
  | { kind: "widget"; project_id: string; token: PublicWidgetToken };

interface Session {
  reader: Reader;
  expires_at: number;
}

export class NameTakenError extends Error {
  override name = "NameTakenError";
}

export class AuthStore {
  /** Read-only tokens for embedded widgets. */
  readonly widgetTokens: WidgetTokenStore;

  constructor(private readonly kv: Deno.Kv) {
    this.widgetTokens = new WidgetTokenStore(kv);
  }

  async createProject(name: string, timeZone = "UTC"): Promise<Project> {
    const project: Project = {
      id: generateId("prj_"),
      name,
      time_zone: timeZone,
      created_at: new Date().toISOString(),
    };
    const result = await this.kv.atomic()
      .check({ key: kvKeys.projectByName(name), versionstamp: null })
      .set(kvKeys.projectByName(name), project.id)
      .set(kvKeys.project(project.id), project)
      .commit();
    if (!result.ok) throw new NameTakenError(`a project named "${name}" exists already`);
    return project;
  }

  async listProjects(): Promise<Project[]> {
    const out: Project[] = [];
    for await (const e of this.kv.list<Project>({ prefix: kvKeys.projects() })) out.push(e.value);
    return out.sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  /** A project by id or by name. */
  async findProject(ref: string): Promise<Project | null> {
    const byId = await this.kv.get<Project>(kvKeys.project(ref));
    if (byId.value) return byId.value;
    const id = await this.kv.get<string>(kvKeys.projectByName(ref));
    return id.value ? (await this.kv.get<Project>(kvKeys.project(id.value))).value : null;
  }

  /** Creates a key; the secret is returned this once and stored only as its hash. */
  async createKey(
    projectId: string,
    kind: KeyKind,
    name = "",
  ): Promise<{ key: PublicKey; secret: string }> {
    const secret = generateSecret(SECRET_PREFIX[kind]);
    const record: ApiKey = {
      id: generateId("key_"),
      project_id: projectId,
      kind,
      name,
      prefix: secret.slice(0, 8),
      hash: await hashSecret(secret),
      created_at: new Date().toISOString(),
    };
    await this.kv.atomic()
      .set(kvKeys.apiKey(record.id), record)
      .set(kvKeys.apiKeyByHash(record.hash), record.id)
      .commit();
    return { key: publicKey(record), secret };
  }

  async listKeys(projectId?: string): Promise<PublicKey[]> {
    const out: PublicKey[] = [];
    for await (const e of this.kv.list<ApiKey>({ prefix: kvKeys.apiKeys() })) {
      if (!projectId || e.value.project_id === projectId) out.push(publicKey(e.value));
    }
    return out.sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  async keyExists(id: string): Promise<boolean> {
    return (await this.kv.get(kvKeys.apiKey(id))).versionstamp !== null;
  }

  /** Revokes a key; true when it existed. */
  async revokeKey(id: string): Promise<boolean> {
    const entry = await this.kv.get<ApiKey>(kvKeys.apiKey(id));
    if (!entry.value) return false;
    await this.kv.atomic()
      .delete(kvKeys.apiKey(id))
      .delete(kvKeys.apiKeyByHash(entry.value.hash))
      .commit();
    return true;
  }

  /** The key a secret belongs to, or null. */
  async verifyKey(secret: string): Promise<PublicKey | null> {
    const hash = await hashSecret(secret);
    const id = await this.kv.get<string>(kvKeys.apiKeyByHash(hash));
    if (!id.value) return null;
    const record = (await this.kv.get<ApiKey>(kvKeys.apiKey(id.value))).value;
    return record && hashesEqual(record.hash, hash) ? publicKey(record) : null;
  }

  /** Stores the hash of a generated admin token unless one is stored; true when stored now. */
  async initAdminToken(token: string): Promise<boolean> {
    const result = await this.kv.atomic()
      .check({ key: kvKeys.adminTokenHash(), versionstamp: null })
      .set(kvKeys.adminTokenHash(), await hashSecret(token))
      .commit();
    return result.ok;
  }

  /** Replaces the stored admin token hash (rotation). */
  async setAdminToken(token: string): Promise<void> {
    await this.kv.set(kvKeys.adminTokenHash(), await hashSecret(token));
  }

  async verifyAdminToken(token: string, configured?: string): Promise<boolean> {
    const hash = await hashSecret(token);
    const expected = configured !== undefined
      ? await hashSecret(configured)
      : (await this.kv.get<string>(kvKeys.adminTokenHash())).value;
    return expected !== null && hashesEqual(expected, hash);
  }
}

/** Browser sessions: a random token in an HttpOnly cookie, stored hashed with an expiry. */
export class SessionStore {
  constructor(private readonly kv: Deno.Kv, private readonly auth: AuthStore) {}

  async create(reader: Reader, ttlMs: number, now: number): Promise<string> {
    const token = generateSecret("ses_");
    const session: Session = { reader, expires_at: now + ttlMs };
    await this.kv.set(kvKeys.session(await hashSecret(token)), session, { expireIn: ttlMs });
    return token;
  }

  /** The session's reader, or null when unknown, expired, or its read key was revoked. */
  async verify(token: string, now: number): Promise<Reader | null> {
    const session = (await this.kv.get<Session>(kvKeys.session(await hashSecret(token)))).value;
    if (!session || session.expires_at <= now) return null;
    if (session.reader.kind === "read" && !(await this.auth.keyExists(session.reader.key_id))) {
      return null;
    }
    return session.reader;
  }

  async delete(token: string): Promise<void> {
    await this.kv.delete(kvKeys.session(await hashSecret(token)));
  }
}

function publicKey(k: ApiKey): PublicKey {
  const { hash: _hash, ...rest } = k;
  return rest;
}
