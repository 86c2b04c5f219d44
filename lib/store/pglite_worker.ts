// Runs PGlite and the event store off the HTTP thread: PGlite executes synchronously on its
// caller's thread, so a large insert here does not stall requests.
/// <reference lib="deno.worker" />
import { PGlite } from "@electric-sql/pglite";
import { createEventStore, type EventStore } from "./event_store.ts";
import { createPgliteClient, pgliteParsers } from "./pglite_client.ts";
import type { WorkerRequest, WorkerResponse } from "./worker_protocol.ts";

let store: EventStore | undefined;

self.onmessage = async (message: MessageEvent<WorkerRequest>) => {
  const { id, method, args } = message.data;
  let response: WorkerResponse;
  try {
    if (method === "open") {
      const dataDir = args[0] as string | undefined;
      const db = await PGlite.create(dataDir, { parsers: pgliteParsers });
      store = createEventStore(createPgliteClient(db));
      response = { id, result: null };
    } else {
      if (!store) throw new Error("the PGlite worker was used before it was opened");
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
};
