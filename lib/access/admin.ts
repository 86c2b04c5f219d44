// Admin operations shared by the HTTP API and `deno task admin`: projects, keys, dead letters.
import { z } from "zod";
import { AppError } from "../errors.ts";
import { generateSecret, SECRET_PREFIX } from "./secrets.ts";
import type { Project, PublicKey } from "./types.ts";
import { type AuthStore, NameTakenError } from "../store/auth_store.ts";
import type { EventBuffer } from "../store/buffer.ts";
import type { StoreStats } from "../store/store_stats.ts";
import type { DeadLetter, DeadLetterStore } from "../store/dead_letter.ts";
import { storableEvent } from "../ingest/storable.ts";

export const createProjectInput = z.object({
  name: z.string({ error: "name: is required" }).trim().min(1, "name: must not be empty").max(
    100,
    "name: must be at most 100 characters",
  ),
  time_zone: z.string().refine(
    isTimeZone,
    "time_zone: must be an IANA time zone such as Europe/Paris",
  )
    .optional(),
});

export const createKeyInput = z.object({
  project: z.string({ error: "project: is required (an id or a name)" }).min(1),
  kind: z.enum(["ingest", "read"], { error: 'kind: must be "ingest" or "read"' }),
  name: z.string().max(100, "name: must be at most 100 characters").optional(),
});

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Parses admin input, or a 400 naming the fields. */
export function parseInput<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const errors = result.error.issues.map((i) =>
    i.message.includes(":") ? i.message : `${i.path.join(".") || "body"}: ${i.message}`
  );
  throw new AppError("bad_request", errors.join("; "), { details: { errors } });
}

export async function createProject(
  auth: AuthStore,
  input: z.infer<typeof createProjectInput>,
): Promise<Project> {
  try {
    return await auth.createProject(input.name, input.time_zone);
  } catch (error) {
    if (error instanceof NameTakenError) {
      throw new AppError("bad_request", `name: ${error.message}`);
    }
    throw error;
  }
}

/** The project named when a call names none. */
export const DEFAULT_PROJECT = "default";

/**
 * The project `ref` names, by its id or its name ("default" when it names none), or 404. Every
 * project taken from input (a `project` parameter, a JSON body, a settings form, `--project` of
 * `deno task admin`) resolves here, so a name works wherever an id does.
 */
export async function resolveProject(
  auth: Pick<AuthStore, "findProject">,
  ref: string | undefined,
): Promise<Project> {
  const named = ref ?? DEFAULT_PROJECT;
  const project = await auth.findProject(named);
  if (!project) throw new AppError("not_found", `project "${named}" does not exist`);
  return project;
}

/** The keys of the project `ref` names (an id or a name), or of every project. */
export async function listKeys(
  auth: Pick<AuthStore, "findProject" | "listKeys">,
  ref: string | undefined,
): Promise<PublicKey[]> {
  const project = ref === undefined ? undefined : await resolveProject(auth, ref);
  return await auth.listKeys(project?.id);
}

export async function createKey(
  auth: AuthStore,
  input: z.infer<typeof createKeyInput>,
): Promise<PublicKey & { key: string }> {
  const project = await resolveProject(auth, input.project);
  const { key, secret } = await auth.createKey(project.id, input.kind, input.name ?? "");
  return { ...key, key: secret };
}

/** Revokes a key, or 404. */
export async function revokeKey(auth: AuthStore, id: string): Promise<void> {
  if (!(await auth.revokeKey(id))) throw new AppError("not_found", `key "${id}" does not exist`);
}

/** A project's stored counts, and how many events wait in the buffer (of every project). */
export async function projectStats(
  deps: { auth: AuthStore; buffer: Pick<EventBuffer, "size">; store: Pick<StoreStats, "stats"> },
  ref: string | undefined,
) {
  const project = await resolveProject(deps.auth, ref);
  return {
    project: project.id,
    buffered: await deps.buffer.size(),
    ...(await deps.store.stats(project.id)),
  };
}

/**
 * A new admin token, stored hashed in place of the old one (returned this once). The old token
 * stops working, and every admin session it made ends at once on every instance.
 */
export async function rotateAdminToken(auth: AuthStore): Promise<string> {
  const token = generateSecret(SECRET_PREFIX.admin);
  await auth.setAdminToken(token);
  return token;
}

export interface Bootstrap {
  /** Set only when generated now: print it once. */
  adminToken?: string;
  project: Project;
  /** Set only when the default project was created now: print it once. */
  ingestKey?: string;
}

/** First start: a default project with an ingest key, and an admin token unless configured. */
export async function bootstrap(
  auth: AuthStore,
  adminToken: string | undefined,
  generate: () => string,
): Promise<Bootstrap> {
  const out: Partial<Bootstrap> = {};
  if (adminToken === undefined) {
    const token = generate();
    if (await auth.initAdminToken(token)) out.adminToken = token;
  }
  let project = await auth.findProject(DEFAULT_PROJECT);
  if (!project) {
    try {
      project = await auth.createProject(DEFAULT_PROJECT);
      out.ingestKey = (await auth.createKey(project.id, "ingest", "default")).secret;
    } catch (error) {
      if (!(error instanceof NameTakenError)) throw error;
      project = (await auth.findProject(DEFAULT_PROJECT))!;
    }
  }
  return { ...out, project };
}

export interface DeadLetterStores {
  deadLetters: DeadLetterStore;
  buffer: EventBuffer;
}

/** One dead letter with its events, or 404. */
export async function showDeadLetter(
  deadLetters: DeadLetterStore,
  id: string,
): Promise<DeadLetter> {
  const found = await deadLetters.get(id);
  if (!found) throw new AppError("not_found", `dead letter "${id}" does not exist`);
  return found.letter;
}

export async function dropDeadLetter(deadLetters: DeadLetterStore, id: string): Promise<void> {
  if (!(await deadLetters.remove(id))) {
    throw new AppError("not_found", `dead letter "${id}" does not exist`);
  }
}

/**
 * Puts a dead letter's events back in the buffer, made storable again (U+0000 and unpaired
 * surrogates replaced, numbers brought into range), then removes it. Appended first: a crash in
 * between leaves a dead letter whose events are buffered, and the store ignores the duplicate.
 */
export async function retryDeadLetter(
  stores: DeadLetterStores,
  id: string,
): Promise<{ retried: string; events: number }> {
  const found = await stores.deadLetters.get(id);
  if (!found) throw new AppError("not_found", `dead letter "${id}" does not exist`);
  const events = found.letter.parked;
  if (events === null) {
    throw new AppError(
      "bad_request",
      `dead letter "${id}" holds a buffer chunk that cannot be decoded (${found.letter.error}); drop it`,
    );
  }
  await stores.buffer.append(events.map(storableEvent));
  await stores.deadLetters.remove(id, found.versionstamp);
  return { retried: id, events: events.length };
}

/** Retries every dead letter; those that cannot be retried are listed with the reason. */
export async function retryAllDeadLetters(
  stores: DeadLetterStores,
): Promise<{ retried: string[]; events: number; failed: Array<{ id: string; error: string }> }> {
  const out = {
    retried: [] as string[],
    events: 0,
    failed: [] as Array<{ id: string; error: string }>,
  };
  for (const letter of await stores.deadLetters.list()) {
    try {
      const { events } = await retryDeadLetter(stores, letter.id);
      out.retried.push(letter.id);
      out.events += events;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      out.failed.push({ id: letter.id, error: error.message });
    }
  }
  return out;
}
