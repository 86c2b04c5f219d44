// Upkeep a PostgreSQL server does by itself but PGlite, in single-user mode with no background
// processes, does not: checkpoints (without them the WAL grows with every write: 2 GB for a
// million events) and statistics for the planner (no autovacuum runs ANALYZE).
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";

/** WAL written between checkpoints; pg_wal stays about this size (plus min_wal_size recycled). */
export const WAL_CHECKPOINT_BYTES = 64 * 1024 * 1024;
/** ANALYZE after this many new events, or a fifth of those there were at the last one. */
const ANALYZE_MIN_EVENTS = 50_000;
const ANALYZE_GROWTH = 0.2;

const defaults = (PGlite as unknown as { defaultStartParams?: string[] }).defaultStartParams ?? [];

/** PGlite's own start parameters, with no WAL for replication and a small WAL kept. */
export const pgliteStartOptions: Pick<PGliteOptions, "startParams"> = {
  startParams: [
    ...defaults,
    ...["-c", "wal_level=minimal", "-c", "max_wal_senders=0"],
    ...["-c", "max_wal_size=64MB", "-c", "min_wal_size=32MB"],
  ],
};

/** A function to call after writes: it checkpoints once `limitBytes` of WAL were written. */
export function walCheckpointer(
  db: PGlite,
  limitBytes = WAL_CHECKPOINT_BYTES,
): () => Promise<boolean> {
  let since: string | null = null;
  return async () => {
    const rows = (await db.query<{ lsn: string; written: number | null }>(
      `SELECT pg_current_wal_insert_lsn()::text AS lsn,
              pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1::pg_lsn)::float8 AS written`,
      [since ?? "0/0"],
    )).rows[0]!;
    const due = since !== null && (rows.written ?? 0) >= limitBytes;
    if (due) await db.exec("CHECKPOINT");
    if (due || since === null) since = rows.lsn;
    return due;
  };
}

/** Counts inserted events and runs ANALYZE when enough arrived since the last one. */
export function analyzer(db: PGlite): (inserted: number) => Promise<boolean> {
  let pending = 0;
  let base = 0;
  return async (inserted) => {
    pending += inserted;
    if (pending < Math.max(ANALYZE_MIN_EVENTS, base * ANALYZE_GROWTH)) return false;
    await db.exec("ANALYZE");
    base += pending;
    pending = 0;
    return true;
  };
}
