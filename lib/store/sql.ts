// One small SQL interface over postgres.js and PGlite, so every query is written once.

export type Row = Record<string, unknown>;

export interface SqlRunner {
  /** A parameterised statement ($1, $2, …); rows as objects. */
  query<T extends Row = Row>(text: string, params?: unknown[]): Promise<T[]>;
  /** Several statements at once, no parameters (migrations). */
  exec(text: string): Promise<void>;
}

export interface SqlClient extends SqlRunner {
  readonly engine: "postgres" | "pglite";
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
  /** Read-only statements that all see one snapshot of the database (REPEATABLE READ). */
  snapshot<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Type OIDs parsed to JS numbers on both engines: int8, numeric. */
export const NUMBER_OIDS = [20, 1700] as const;
