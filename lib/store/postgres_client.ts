// SqlClient over postgres.js, for PostgreSQL and TimescaleDB servers.
import postgres from "postgres";
import type { Row, SqlClient, SqlRunner } from "./sql.ts";

export function createPostgresClient(url: string, options: { max?: number } = {}): SqlClient {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    // The planner overestimates jsonb_each_text rows and JIT-compiles rollup reads for ~1 s.
    connection: { jit: "off" },
    types: {
      int8: { to: 20, from: [20], serialize: String, parse: Number },
      numeric: { to: 1700, from: [1700], serialize: String, parse: Number },
    },
  });
  const runner = (s: postgres.Sql | postgres.TransactionSql): SqlRunner => ({
    query: async <T extends Row>(text: string, params: unknown[] = []) =>
      (await s.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as unknown as T[],
    exec: async (text: string) => {
      await s.unsafe(text);
    },
  });
  return {
    engine: "postgres",
    ...runner(sql),
    transaction: <T>(fn: (tx: SqlRunner) => Promise<T>) =>
      sql.begin((tx) => fn(runner(tx))) as Promise<T>,
    snapshot: <T>(fn: (tx: SqlRunner) => Promise<T>) =>
      sql.begin("isolation level repeatable read read only", (tx) => fn(runner(tx))) as Promise<T>,
    close: () => sql.end({ timeout: 5 }),
  };
}
