// Writes events and their rollups exactly once; assembles the reads, retention and counts of
// lib/store/ into the one EventStore. The same statements run on every engine.
import type { StoredEvent } from "../ingest/event.ts";
import { GRANULARITIES, type Granularity, rollUp } from "../metrics/rollup.ts";
import { DEFAULT_MINUTE_ROLLUP_HOURS, minuteRollupsFrom } from "../metrics/time_ranges.ts";
import { migrate, type MigrationResult, readMigrations } from "./migrate.ts";
import { type CostQueries, createCostQueries } from "./cost_queries.ts";
import { createReadQueries, type ReadQueries } from "./read_queries.ts";
import { type BreakdownQueries, createBreakdownQueries } from "./breakdown_queries.ts";
import { addUserRollups } from "./user_rollups.ts";
import { bumpEpochs, createLiveReads, type LiveReads } from "./live_reads.ts";
import { createRetention, type MinuteRollupSetting, type Retention } from "./retention.ts";
import { upsertRollups } from "./rollup_writes.ts";
import { createStoreStats, type StoreStats } from "./store_stats.ts";
import type { SqlClient, SqlRunner } from "./sql.ts";

export interface InsertResult {
  inserted: number;
  duplicates: number;
}

/** Events older than this when flushed land in hours a cache may hold (lib/metrics/hour_cache.ts). */
export const SETTLE_MS = 5 * 60_000;

export interface InsertOptions {
  /** The flusher's clock: events older than now - SETTLE_MS bump their project's rollup epoch. */
  now?: number;
}

/** What the rest of the app sees of the database. Arguments and results are plain data. */
export interface EventStore
  extends ReadQueries, BreakdownQueries, LiveReads, CostQueries, Retention, StoreStats {
  migrate(): Promise<MigrationResult>;
  insertEvents(events: StoredEvent[], options?: InsertOptions): Promise<InsertResult>;
  close(): Promise<void>;
}

const EVENT_COLUMNS = [
  ["project_id", "text"],
  ["id", "text"],
  ["ts", "float8"],
  ["received_at", "float8"],
  ["model", "text"],
  ["provider", "text"],
  ["status", "text"],
  ["endpoint", "text"],
  ["application", "text"],
  ["user_id", "text"],
  ["session_id", "text"],
  ["trace_id", "text"],
  ["input_tokens", "int8"],
  ["output_tokens", "int8"],
  ["cached_input_tokens", "int8"],
  ["reasoning_tokens", "int8"],
  ["latency_ms", "float8"],
  ["time_to_first_token_ms", "float8"],
  ["cost_usd", "float8"],
  ["cost_source", "text"],
  ["input_cost_usd", "float8"],
  ["output_cost_usd", "float8"],
  ["cache_savings_usd", "float8"],
  ["price_version", "text"],
  ["status_code", "int4"],
  ["error_type", "text"],
  ["error_message", "text"],
  ["input", "text"],
  ["output", "text"],
  ["metadata", "text"],
] as const satisfies ReadonlyArray<readonly [keyof StoredEvent, string]>;

const TIME_COLUMNS = new Set(["ts", "received_at"]);
const JSON_COLUMNS = new Set(["metadata"]);

const INSERT_EVENTS_SQL = (() => {
  const names = EVENT_COLUMNS.map(([n]) => n);
  const arrays = EVENT_COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`);
  const select = names.map((n) =>
    TIME_COLUMNS.has(n)
      ? `to_timestamp(u.${n} / 1000.0)`
      : JSON_COLUMNS.has(n)
      ? `u.${n}::jsonb`
      : `u.${n}`
  );
  return `INSERT INTO events (${names.join(", ")})
    SELECT ${select.join(", ")} FROM unnest(${arrays.join(", ")}) AS u(${names.join(", ")})`;
})();

function eventParams(events: StoredEvent[]): unknown[] {
  return EVENT_COLUMNS.map(([name]) =>
    events.map((
      e,
    ) => (JSON_COLUMNS.has(name) && e[name] !== null ? JSON.stringify(e[name]) : e[name]))
  );
}

/** Keeps the first occurrence of each (project, id) the ledger reported as new. */
async function claimNew(tx: SqlRunner, events: StoredEvent[]): Promise<StoredEvent[]> {
  const fresh = await tx.query<{ project_id: string; id: string }>(
    `INSERT INTO event_ids (project_id, id, ts)
     SELECT p, i, to_timestamp(t / 1000.0) FROM unnest($1::text[], $2::text[], $3::float8[]) AS u(p, i, t)
     ON CONFLICT DO NOTHING RETURNING project_id, id`,
    [events.map((e) => e.project_id), events.map((e) => e.id), events.map((e) => e.ts)],
  );
  const wanted = new Set(fresh.map((r) => JSON.stringify([r.project_id, r.id])));
  return events.filter((e) => wanted.delete(JSON.stringify([e.project_id, e.id])));
}

export interface EventStoreOptions {
  timescale?: boolean;
  /** The clock reads plan minute rollups by (tests); Date.now by default. */
  now?: () => number;
}

export function createEventStore(client: SqlClient, options: EventStoreOptions = {}): EventStore {
  let timescale = false;
  const hasTimescale = () => timescale;
  // Hours minute rollups are kept: set by configureRetention, read by retention and every read.
  const minutes: MinuteRollupSetting = { hours: DEFAULT_MINUTE_ROLLUP_HOURS };
  const now = options.now ?? Date.now;
  const minutesFrom = () => minuteRollupsFrom(now(), minutes.hours);
  return {
    ...createReadQueries(client, minutesFrom),
    ...createBreakdownQueries(client, minutesFrom),
    ...createLiveReads(client, minutesFrom),
    ...createCostQueries(client, (c) => createLiveReads(c, minutesFrom)),
    ...createRetention(client, hasTimescale, minutes),
    ...createStoreStats(client, hasTimescale),

    async migrate() {
      const result = await migrate(client, await readMigrations(), options);
      timescale = result.timescale;
      return result;
    },

    insertEvents: (events, insertOptions = {}) =>
      client.transaction(async (tx) => {
        if (events.length === 0) return { inserted: 0, duplicates: 0 };
        const fresh = await claimNew(tx, events);
        if (fresh.length > 0) {
          await tx.query(INSERT_EVENTS_SQL, eventParams(fresh));
          for (const [name, ms] of Object.entries(GRANULARITIES) as [Granularity, number][]) {
            await upsertRollups(tx, name, rollUp(fresh, ms));
          }
          await addUserRollups(tx, fresh);
          const settled = (insertOptions.now ?? Date.now()) - SETTLE_MS;
          await bumpEpochs(tx, fresh.filter((e) => e.ts < settled).map((e) => e.project_id));
        }
        return { inserted: fresh.length, duplicates: events.length - fresh.length };
      }),

    close: () => client.close(),
  };
}
