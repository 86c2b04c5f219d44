// SqlClient over an in-process PGlite instance (any PGlite build: the runtime one or a test one).
import type { Row, SqlClient, SqlRunner } from "./sql.ts";
import { NUMBER_OIDS } from "./sql.ts";

interface PgliteRunner {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(text: string): Promise<unknown>;
}

/** The part of PGlite's API this client uses; satisfied by @electric-sql/pglite and its forks. */
export interface PgliteLike extends PgliteRunner {
  transaction<T>(fn: (tx: PgliteRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Parsers that make int8 and numeric plain numbers, as postgres_client does. */
export const pgliteParsers: Record<number, (value: string) => number> = Object.fromEntries(
  NUMBER_OIDS.map((oid) => [oid, Number]),
);

export function createPgliteClient(db: PgliteLike): SqlClient {
  const runner = (r: PgliteRunner): SqlRunner => ({
    query: async <T extends Row>(text: string, params: unknown[] = []) =>
      (await r.query<T>(text, params)).rows,
    exec: async (text: string) => {
      await r.exec(text);
    },
  });
  return {
    engine: "pglite",
    ...runner(db),
    transaction: (fn) => db.transaction((tx) => fn(runner(tx))),
    // PGlite has one connection and a transaction holds it: every transaction is a snapshot.
    snapshot: (fn) => db.transaction((tx) => fn(runner(tx))),
    close: () => db.close(),
  };
}
