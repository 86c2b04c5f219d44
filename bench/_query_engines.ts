// The databases the query benchmark loads: an in-process, file-backed PGlite in a temporary
// directory, and PostgreSQL in a database created for the run on the given server and dropped
// after it. Each is an EventStore (the code under test) plus a raw SqlClient (loading, counts).
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { createEventStore, type EventStore } from "../lib/store/event_store.ts";
import { createPgliteClient, pgliteParsers } from "../lib/store/pglite_client.ts";
import { createPostgresClient } from "../lib/store/postgres_client.ts";
import type { SqlClient } from "../lib/store/sql.ts";

export type EngineName = "pglite" | "postgres";

export interface BenchDb extends AsyncDisposable {
  engine: EngineName;
  /** Where the data lives: a directory or a database name (for the report). */
  location: string;
  store: EventStore;
  sql: SqlClient;
  /** The same data through other client settings, timed as well (a proposed fix). */
  variants: Array<{ name: string; store: EventStore }>;
}

/**
 * PGlite on `dir` (created when missing, migrated); on dispose it is closed and, when `remove`,
 * the directory deleted. The bench loads a directory in a worker, then reopens it here.
 */
export async function openPgliteDb(dir: string, options: { remove: boolean }): Promise<BenchDb> {
  await Deno.mkdir(dir, { recursive: true });
  const sql = createPgliteClient(await PGlite.create(dir, { parsers: pgliteParsers }));
  const store = createEventStore(sql);
  await store.migrate();
  return {
    engine: "pglite",
    location: dir,
    store,
    sql,
    variants: [],
    [Symbol.asyncDispose]: async () => {
      await store.close();
      if (options.remove) await Deno.remove(dir, { recursive: true });
    },
  };
}

/**
 * CREATE DATABASE `name` on the server of `serverUrl`, migrated; DROP DATABASE on dispose.
 * `name` must be a plain lower-case identifier (the caller builds it). Variant "jit=off": a second
 * client whose sessions start with jit=off (postgres.js sends unknown URL parameters as startup
 * parameters), i.e. what `DATABASE_URL=…?jit=off` gives the monitor today.
 */
export async function openPostgresDb(serverUrl: string, name: string): Promise<BenchDb> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe database name "${name}"`);
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const sql = createPostgresClient(url.href, { max: 4 });
  const store = createEventStore(sql);
  const drop = async () => {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await admin.end({ timeout: 5 });
    }
  };
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    await drop();
    throw error;
  }
  const noJitUrl = new URL(url);
  noJitUrl.searchParams.set("jit", "off");
  const noJit = createEventStore(createPostgresClient(noJitUrl.href, { max: 4 }));
  return {
    engine: "postgres",
    location: `database ${name} on ${url.host}`,
    store,
    sql,
    variants: [{ name: "jit=off", store: noJit }],
    [Symbol.asyncDispose]: async () => {
      await noJit.close();
      await store.close();
      await drop();
    },
  };
}
