// Retention of events and rollups: TimescaleDB policies when the extension is there, and the
// DELETE every engine runs so exactly the configured days are kept. Minute rollups are kept only
// ROLLUP_MINUTES_HOURS: reads do not plan older ones (lib/metrics/time_ranges.ts).
import { DAY_MS, minuteRollupsPrunedBefore } from "../metrics/time_ranges.ts";
import type { SqlClient, SqlRunner } from "./sql.ts";
import { dropOldUserRollups } from "./user_rollups.ts";

export interface RetentionResult {
  events: number;
  rollups: number;
}

export interface RetentionDays {
  events: number;
  rollups: number;
  /**
   * Hours minute rollups are kept (ROLLUP_MINUTES_HOURS). Read by configureRetention only: it
   * sets the store's setting, which reads plan by and enforceRetention prunes by.
   */
  minuteRollupHours?: number;
}

/** The store's minute-rollup setting, shared by retention and the read planner. */
export interface MinuteRollupSetting {
  hours: number;
}

export interface Retention {
  /** TimescaleDB: (re)sets retention policies to the configured days. Elsewhere a no-op. */
  configureRetention(days: RetentionDays): Promise<void>;
  enforceRetention(now: number, days: RetentionDays): Promise<RetentionResult>;
}

/** `timescale` answers whether the migrated database has TimescaleDB (known after migrate()). */
export function createRetention(
  client: SqlClient,
  timescale: () => boolean,
  minutes: MinuteRollupSetting,
): Retention {
  return {
    async configureRetention(days) {
      if (days.minuteRollupHours !== undefined) minutes.hours = days.minuteRollupHours;
      if (!timescale()) return;
      const minuteHours = Math.min(minutes.hours, days.rollups * 24);
      for (
        const [table, interval] of [
          ["events", `${days.events} days`],
          ["rollup_1m", `${minuteHours} hours`],
          ["rollup_1h", `${days.rollups} days`],
          // A day row is dropped once all of its day is older than the rollups' days.
          ["rollup_1d", `${days.rollups + 1} days`],
        ] as const
      ) {
        await client.query("SELECT remove_retention_policy($1::regclass, if_exists => TRUE)", [
          table,
        ]);
        await client.query(
          "SELECT add_retention_policy($1::regclass, drop_after => $2::interval)",
          [table, interval],
        );
      }
    },

    async enforceRetention(now, days) {
      const eventsBefore = new Date(now - days.events * 86_400_000).toISOString();
      const rollupsMs = now - days.rollups * DAY_MS;
      const rollupsBefore = new Date(rollupsMs).toISOString();
      const before: Record<string, string> = {
        rollup_1m: iso(Math.max(minuteRollupsPrunedBefore(now, minutes.hours), rollupsMs)),
        rollup_1h: rollupsBefore,
        // Days that ended at or before the cutoff: a partly kept day stays whole.
        rollup_1d: iso(Math.floor(rollupsMs / DAY_MS) * DAY_MS),
      };
      return await client.transaction(async (tx) => {
        await tx.query("DELETE FROM event_ids WHERE ts < $1::timestamptz", [eventsBefore]);
        // TimescaleDB drops whole chunks first (cheap); the DELETE then takes what partly old
        // chunks still hold, so every engine keeps exactly the configured days.
        if (timescale()) await dropChunks(tx, "events", eventsBefore);
        const events = await deleteBefore(tx, "events", "ts", eventsBefore);
        let rollups = 0;
        for (const [table, cutoff] of Object.entries(before)) {
          if (timescale()) await dropChunks(tx, table, cutoff);
          rollups += await deleteBefore(tx, table, "bucket", cutoff);
        }
        await dropOldUserRollups(tx, rollupsBefore);
        return { events, rollups };
      });
    },
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

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
