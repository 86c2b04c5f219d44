// The baseline: the same rows inserted straight into the same engine with a plain multi-row
// `INSERT … VALUES … ON CONFLICT DO NOTHING`, one statement per batch, into a copy of the
// `events` table (same columns, indexes and unique key) in a schema of its own.
import postgres from "postgres";
import type { StoredEvent } from "../lib/ingest/event.ts";
import { type PathResult, pathResult, runPool } from "./_ingest_stats.ts";
import type { SqlWorkerRequest, SqlWorkerResponse } from "./_ingest_sql_worker.ts";

type Row = Record<string, unknown>;
type WithoutId<T> = T extends unknown ? Omit<T, "id"> : never;

/** A raw connection to the database engine under test, outside the monitor. */
export interface RawDb {
  query(sql: string, params?: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

/** The baseline's copy of `events` and its plain INSERT. */
export interface BaselineTable {
  /** The columns filled: every column of `events` that a stored event has, in table order. */
  columns: string[];
  /** `INSERT INTO schema.events (…) VALUES ($1, …), (…) ON CONFLICT DO NOTHING` for n rows. */
  insertSql(rows: number): string;
  /** One batch's flat parameter list: times as RFC 3339 text, JSON columns as JSON text. */
  params(events: StoredEvent[]): unknown[];
  count(): Promise<number>;
}

/** Drops the baseline's schema (and its table) if it was created. */
export async function dropBaselineSchema(db: RawDb, schema: string): Promise<void> {
  await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
}

/**
 * Creates `schema.events` LIKE the monitor's migrated `public.events` (INCLUDING ALL: columns,
 * defaults, indexes, the unique key ON CONFLICT uses). Its columns are read from the database,
 * so the baseline follows the schema as migrations add to it.
 */
export async function createBaselineTable(
  db: RawDb,
  schema: string,
  sample: StoredEvent,
): Promise<BaselineTable> {
  await db.query(`CREATE SCHEMA ${schema}`);
  await db.query(`CREATE TABLE ${schema}.events (LIKE public.events INCLUDING ALL)`);
  const described = await db.query(
    `SELECT column_name AS name, data_type AS type FROM information_schema.columns
     WHERE table_schema = $1 AND table_name = 'events' ORDER BY ordinal_position`,
    [schema],
  ) as Array<{ name: string; type: string }>;
  const used = described.filter((c) => c.name in sample);
  const columns = used.map((c) => c.name as keyof StoredEvent);
  const convert = used.map((c) =>
    c.type.startsWith("timestamp")
      ? (v: unknown) => (v === null ? null : new Date(v as number).toISOString())
      : c.type === "jsonb" || c.type === "json"
      ? (v: unknown) => (v === null ? null : JSON.stringify(v))
      : (v: unknown) => v
  );
  return {
    columns,
    insertSql(rows) {
      const width = columns.length;
      const tuples = Array.from(
        { length: rows },
        (_, r) => `(${columns.map((_, c) => `$${r * width + c + 1}`).join(", ")})`,
      );
      return `INSERT INTO ${schema}.events (${columns.join(", ")}) VALUES ${
        tuples.join(", ")
      } ON CONFLICT DO NOTHING`;
    },
    params: (events) => events.flatMap((e) => columns.map((c, i) => convert[i]!(e[c]))),
    async count() {
      const [row] = await db.query(`SELECT count(*)::int4 AS n FROM ${schema}.events`);
      return Number(row?.n);
    },
  };
}

export function openPostgresRaw(url: string, max: number): RawDb {
  const sql = postgres(url, { max, onnotice: () => {} });
  return {
    query: async (text, params = []) =>
      [...await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[])] as Row[],
    close: () => sql.end({ timeout: 5 }),
  };
}

/** A separate PGlite (own data directory) in its own worker, as the monitor runs its PGlite. */
export async function openPgliteRaw(dataDir: string): Promise<RawDb> {
  const worker = new Worker(new URL("./_ingest_sql_worker.ts", import.meta.url).href, {
    type: "module",
  });
  const pending = new Map<number, PromiseWithResolvers<Row[]>>();
  let nextId = 1;
  worker.onmessage = (message: MessageEvent<SqlWorkerResponse>) => {
    const response = message.data;
    const call = pending.get(response.id);
    pending.delete(response.id);
    if ("error" in response) call?.reject(new Error(`baseline PGlite: ${response.error}`));
    else call?.resolve(response.rows);
  };
  const send = (request: WithoutId<SqlWorkerRequest>): Promise<Row[]> => {
    const id = nextId++;
    const deferred = Promise.withResolvers<Row[]>();
    pending.set(id, deferred);
    worker.postMessage({ ...request, id } as SqlWorkerRequest);
    return deferred.promise;
  };
  await send({ op: "open", dataDir });
  return {
    query: (sql, params = []) => send({ op: "query", sql, params }),
    close: async () => {
      try {
        await send({ op: "close" });
      } finally {
        worker.terminate();
      }
    },
  };
}

/**
 * Inserts every batch (warm-up batches first, untimed) with `concurrency` statements in flight;
 * per-batch latency is the statement's round trip (one implicit transaction each).
 */
export async function runBaseline(
  db: RawDb,
  table: BaselineTable,
  options: {
    warmup: StoredEvent[][];
    batches: StoredEvent[][];
    concurrency: number;
    onProgress: (done: number) => void;
  },
): Promise<PathResult> {
  const warmup = options.warmup.map(table.params);
  const batches = options.batches.map(table.params);
  const sqlFor = new Map<number, string>();
  const statement = (rows: number) => {
    if (!sqlFor.has(rows)) sqlFor.set(rows, table.insertSql(rows));
    return sqlFor.get(rows)!;
  };
  await runPool(warmup.length, options.concurrency, async (i) => {
    await db.query(statement(options.warmup[i]!.length), warmup[i]);
  });
  const latencies: number[] = [];
  let rows = 0;
  const started = performance.now();
  await runPool(batches.length, options.concurrency, async (i) => {
    const t = performance.now();
    await db.query(statement(options.batches[i]!.length), batches[i]);
    latencies.push(performance.now() - t);
    rows += options.batches[i]!.length;
    options.onProgress(rows);
  });
  const elapsed = performance.now() - started;
  const count = await table.count();
  const expected = [...options.warmup, ...options.batches].reduce((s, b) => s + b.length, 0);
  if (count !== expected) {
    throw new Error(`baseline table holds ${count} rows, expected ${expected}`);
  }
  return pathResult(rows, elapsed, latencies);
}
