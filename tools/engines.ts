// The storage engines tests, benchmarks and fuzz campaigns run on. PostgreSQL runs when TEST_DATABASE_URL is set;
// TimescaleDB runs on a PGlite build with the extension compiled in (test-only, pinned).
import { PGlite } from "@electric-sql/pglite";
import { PGlite as TimescalePGlite } from "pglite-timescaledb";
import { timescaledb } from "pglite-timescaledb/timescaledb";
import { createEventStore, type EventStore } from "../lib/store/event_store.ts";
import { createPgliteClient, pgliteParsers } from "../lib/store/pglite_client.ts";
import { createPostgresClient } from "../lib/store/postgres_client.ts";

export const TEST_DATABASE_URL = Deno.env.get("TEST_DATABASE_URL");

export interface Engine {
  name: string;
  /** Set when the engine cannot run here; the suite is reported as ignored. */
  ignore: boolean;
  open(): Promise<EventStore>;
}

async function migrated(store: EventStore): Promise<EventStore> {
  await store.migrate();
  await store.configureRetention({ events: 30, rollups: 400 });
  return store;
}

export const ENGINES: Engine[] = [
  {
    name: "pglite",
    ignore: false,
    open: async () =>
      migrated(
        createEventStore(createPgliteClient(await PGlite.create({ parsers: pgliteParsers }))),
      ),
  },
  {
    name: "postgres",
    ignore: TEST_DATABASE_URL === undefined,
    open: () => migrated(createEventStore(createPostgresClient(TEST_DATABASE_URL!, { max: 4 }))),
  },
  {
    name: "timescaledb",
    ignore: false,
    open: async () => {
      const db = await TimescalePGlite.create({
        extensions: { timescaledb },
        parsers: pgliteParsers,
      });
      await db.exec("CREATE EXTENSION IF NOT EXISTS timescaledb; LOAD 'timescaledb';");
      return migrated(createEventStore(createPgliteClient(db)));
    },
  },
];
