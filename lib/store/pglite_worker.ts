// Runs PGlite and the event store off the HTTP thread: PGlite executes synchronously on its
// caller's thread, so a large insert here does not stall requests.
/// <reference lib="deno.worker" />
import { PGlite } from "@electric-sql/pglite";
import { createEventStore, type EventStore } from "./event_store.ts";
import { createPgliteClient, pgliteParsers } from "./pglite_client.ts";
import { analyzer, pgliteStartOptions, walCheckpointer } from "./pglite_upkeep.ts";
import type { WorkerRequest, WorkerResponse } from "./worker_protocol.ts";
import { type LiveReadName, SnapshotSessions } from "./worker_snapshots.ts";
import { createLogger } from "../log.ts";

const log = createLogger();

let store: EventStore | undefined;
const snapshots = new SnapshotSessions(() => store!);
let checkpoint: (() => Promise<boolean>) | undefined;
let analyze: ((inserted: number) => Promise<boolean>) | undefined;
/** The WAL is checked after a call at most this often (a check is one small query). */
const WAL_CHECK_MS = 1_000;
let checkedAt = 0;

self.onmessage = async (message: MessageEvent<WorkerRequest>) => {
  const { id, method, args } = message.data;
  let response: WorkerResponse;
  try {
    if (method === "open") {
      const dataDir = args[0] as string | undefined;
      const db = await PGlite.create(dataDir, { parsers: pgliteParsers, ...pgliteStartOptions });
      store = createEventStore(createPgliteClient(db));
      if (dataDir) checkpoint = walCheckpointer(db);
      analyze = analyzer(db);
      response = { id, result: null };
    } else if (!store) {
      throw new Error("the PGlite worker was used before it was opened");
    } else if (method === "openSnapshot") {
      response = { id, result: await snapshots.open() };
    } else if (method === "snapshotRead") {
      const [session, name, readArgs] = args as [number, LiveReadName, unknown[]];
      response = { id, result: await snapshots.read(session, name, readArgs) };
    } else if (method === "closeSnapshot") {
      response = { id, result: await snapshots.close(args[0] as number) };
    } else {
      const fn = store[method] as (...a: unknown[]) => Promise<unknown>;
      response = { id, result: await fn(...args) };
    }
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    const code = (e as { code?: unknown }).code;
    response = {
      id,
      error: { name: e.name, message: e.message, ...(typeof code === "string" ? { code } : {}) },
    };
  }
  self.postMessage(response);
  const inserted = method === "insertEvents" && "result" in response
    ? (response.result as { inserted: number }).inserted
    : 0;
  if (inserted > 0) {
    await analyze?.(inserted).catch((error) => log.warn("PGlite ANALYZE failed", { error }));
  }
  if (checkpoint && Date.now() - checkedAt >= WAL_CHECK_MS) {
    checkedAt = Date.now();
    // A failed checkpoint loses nothing (the WAL stays); the next check tries again.
    await checkpoint().catch((error) => log.warn("PGlite checkpoint failed", { error }));
  }
};
