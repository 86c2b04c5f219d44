// Chooses the engine from the config: PostgreSQL/TimescaleDB for DATABASE_URL, else PGlite.
import { PGlite } from "@electric-sql/pglite";
import type { Config } from "../config.ts";
import { createEventStore, type EventStore } from "./event_store.ts";
import { createPgliteClient, pgliteParsers } from "./pglite_client.ts";
import { pgliteStartOptions } from "./pglite_upkeep.ts";
import { createPostgresClient } from "./postgres_client.ts";
import { createWorkerEventStore } from "./worker_event_store.ts";

export type StoreOptions =
  & Pick<
    Config,
    | "DATABASE_URL"
    | "DATA_DIR"
    | "PGLITE_WORKER"
    | "RETENTION_EVENTS_DAYS"
    | "RETENTION_ROLLUPS_DAYS"
  >
  & Partial<Pick<Config, "ROLLUP_MINUTES_HOURS">>
  & {
    /** In-memory PGlite (tests). */
    memory?: boolean;
  };

/** Opens and migrates the event store. */
export async function openEventStore(options: StoreOptions): Promise<EventStore> {
  const dataDir = options.memory ? undefined : `${options.DATA_DIR}/pg`;
  let store: EventStore;
  if (options.DATABASE_URL) {
    store = createEventStore(createPostgresClient(options.DATABASE_URL));
  } else if (options.PGLITE_WORKER) {
    if (dataDir) await Deno.mkdir(dataDir, { recursive: true });
    store = await createWorkerEventStore(dataDir);
  } else {
    if (dataDir) await Deno.mkdir(dataDir, { recursive: true });
    const db = await PGlite.create(dataDir, { parsers: pgliteParsers, ...pgliteStartOptions });
    store = createEventStore(createPgliteClient(db));
  }
  await store.migrate();
  await store.configureRetention({
    events: options.RETENTION_EVENTS_DAYS,
    rollups: options.RETENTION_ROLLUPS_DAYS,
    minuteRollupHours: options.ROLLUP_MINUTES_HOURS,
  });
  return store;
}
