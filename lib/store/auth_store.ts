// Projects, API keys and the admin token, in Deno KV so that ingest can authenticate while the
// database is down and every instance sees a revocation at once.
import {
  generateId,
  generateSecret,
  hashesEqual,
  hashSecret,
  SECRET_PREFIX,
} from "../access/secrets.ts";
import { kvKeys } from "./kv_keys.ts";
import type { KeyKind, Project, PublicKey, Reader } from "../access/types.ts";
import { WidgetTokenStore } from "./widget_token_store.ts";

/** A key as stored: only the SHA-256 hash of its secret. */
export interface ApiKey extends PublicKey {
  hash: string;
}

interface Session {
  reader: Reader;
  expires_at: number;
  /**
   * Hash of the token the session was made with. An admin session holds only while it is the
   * hash of the admin token in effect, so rotating the token ends every admin session at once.
   */
  credential_hash?: string;
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

  /**
   * Replaces the stored admin token hash (rotation). Admin sessions are bound to that hash, so
   * those made with the old token end on every instance at once.
   */
  async setAdminToken(token: string): Promise<void> {
    await this.kv.set(kvKeys.adminTokenHash(), await hashSecret(token));
  }

  /** The hash of the admin token in effect: the configured one, else the stored one. */
  async adminTokenHash(configured?: string): Promise<string | null> {
    return configured !== undefined
      ? await hashSecret(configured)
      : (await this.kv.get<string>(kvKeys.adminTokenHash())).value;
  }

  async verifyAdminToken(token: string, configured?: string): Promise<boolean> {
    const expected = await this.adminTokenHash(configured);
    return expected !== null && hashesEqual(expected, await hashSecret(token));
  }
}

/**
 * Browser sessions: a random token in an HttpOnly cookie, stored hashed with an expiry and bound
 * to the credential that made it (the admin token's hash, or the read key's id).
 */
export class SessionStore {
  constructor(
    private readonly kv: Deno.Kv,
    private readonly auth: AuthStore,
    /** ADMIN_TOKEN when configured; otherwise the stored admin token is in effect. */
    private readonly adminToken?: string,
  ) {}

  /** A session for a reader who signed in with `credential` (the admin token or a read key). */
  async create(reader: Reader, credential: string, ttlMs: number, now: number): Promise<string> {
    const token = generateSecret("ses_");
    const session: Session = {
      reader,
      expires_at: now + ttlMs,
      credential_hash: await hashSecret(credential),
    };
    await this.kv.set(kvKeys.session(await hashSecret(token)), session, { expireIn: ttlMs });
    return token;
  }

  /**
   * The session's reader, or null when unknown or expired, when the admin token it was made with
   * is no longer the admin token, or when its read key was revoked.
   */
  async verify(token: string, now: number): Promise<Reader | null> {
    const session = (await this.kv.get<Session>(kvKeys.session(await hashSecret(token)))).value;
    if (!session || session.expires_at <= now) return null;
    if (session.reader.kind === "admin") {
      const current = await this.auth.adminTokenHash(this.adminToken);
      const made = session.credential_hash;
      if (current === null || made === undefined || !hashesEqual(current, made)) return null;
    }
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
