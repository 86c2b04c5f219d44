// Retention of events and rollups: TimescaleDB policies when the extension is there, and the
// DELETE every engine runs so exactly the configured days are kept.
import type { SqlClient, SqlRunner } from "./sql.ts";

export interface RetentionResult {
  events: number;
  rollups: number;
}

export interface RetentionDays {
  events: number;
  rollups: number;
}

export interface Retention {
  /** TimescaleDB: (re)sets retention policies to the configured days. Elsewhere a no-op. */
  configureRetention(days: RetentionDays): Promise<void>;
  enforceRetention(now: number, days: RetentionDays): Promise<RetentionResult>;
}

/** `timescale` answers whether the migrated database has TimescaleDB (known after migrate()). */
export function createRetention(client: SqlClient, timescale: () => boolean): Retention {
  return {
    async configureRetention(days) {
      if (!timescale()) return;
      for (
        const [table, n] of [["events", days.events], ["rollup_1m", days.rollups], [
          "rollup_1h",
          days.rollups,
        ]] as const
      ) {
        await client.query("SELECT remove_retention_policy($1::regclass, if_exists => TRUE)", [
          table,
        ]);
        await client.query(
          "SELECT add_retention_policy($1::regclass, drop_after => $2::interval)",
          [
            table,
            `${n} days`,
          ],
        );
      }
    },

    async enforceRetention(now, days) {
      const eventsBefore = new Date(now - days.events * 86_400_000).toISOString();
      const rollupsBefore = new Date(now - days.rollups * 86_400_000).toISOString();
      return await client.transaction(async (tx) => {
        await tx.query("DELETE FROM event_ids WHERE ts < $1::timestamptz", [eventsBefore]);
        // TimescaleDB drops whole chunks first (cheap); the DELETE then takes what partly old
        // chunks still hold, so every engine keeps exactly the configured days.
        if (timescale()) await dropChunks(tx, "events", eventsBefore);
        const events = await deleteBefore(tx, "events", "ts", eventsBefore);
        let rollups = 0;
        for (const table of ["rollup_1m", "rollup_1h"]) {
          if (timescale()) await dropChunks(tx, table, rollupsBefore);
          rollups += await deleteBefore(tx, table, "bucket", rollupsBefore);
        }
        return { events, rollups };
      });
    },
  };
}

async function deleteBefore(
  tx: SqlRunner,
  table: string,
  column: string,
  before: string,
): Promise<number> {
  const rows = await tx.query<{ n: number }>(
    `WITH gone AS (DELETE FROM ${table} WHERE ${column} < $1::timestamptz RETURNING 1)
     SELECT count(*)::int8 AS n FROM gone`,
    [before],
  );
  return rows[0]?.n ?? 0;
}

async function dropChunks(tx: SqlRunner, table: string, before: string): Promise<void> {
  await tx.query("SELECT drop_chunks($1::regclass, older_than => $2::timestamptz)", [
    table,
    before,
  ]);
}
