// A bare PGlite in a worker for the baseline: the same engine, build and thread layout as the
// monitor's PGlite worker, but it runs the SQL it is sent instead of the event store's calls.
/// <reference lib="deno.worker" />
import { PGlite } from "@electric-sql/pglite";
import { createEventStore } from "../lib/store/event_store.ts";
import { createPgliteClient, pgliteParsers } from "../lib/store/pglite_client.ts";

export type SqlWorkerRequest =
  | { id: number; op: "open"; dataDir: string }
  | { id: number; op: "query"; sql: string; params: unknown[] }
  | { id: number; op: "close" };

export type SqlWorkerResponse =
  | { id: number; rows: Record<string, unknown>[] }
  | { id: number; error: string };

let db: PGlite | undefined;

self.onmessage = async (message: MessageEvent<SqlWorkerRequest>) => {
  const request = message.data;
  let response: SqlWorkerResponse;
  try {
    if (request.op === "open") {
      db = await PGlite.create(request.dataDir, { parsers: pgliteParsers });
      // The monitor's own migrations, so the baseline table is shaped like `events`.
      await createEventStore(createPgliteClient(db)).migrate();
      response = { id: request.id, rows: [] };
    } else if (!db) {
      throw new Error("the baseline PGlite worker was used before it was opened");
    } else if (request.op === "query") {
      response = {
        id: request.id,
        rows: (await db.query<Record<string, unknown>>(request.sql, request.params)).rows,
      };
    } else {
      await db.close();
      response = { id: request.id, rows: [] };
    }
  } catch (error) {
    response = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(response);
};
