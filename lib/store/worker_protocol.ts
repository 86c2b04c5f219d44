// Messages between the main thread and the PGlite worker.
import type { EventStore } from "./event_store.ts";

export type StoreMethod =
  | keyof EventStore
  | "open"
  | "openSnapshot"
  | "snapshotRead"
  | "closeSnapshot";

export interface WorkerRequest {
  id: number;
  method: StoreMethod;
  args: unknown[];
}

export type WorkerResponse =
  | { id: number; result: unknown }
  | { id: number; error: WorkerError };

/** An error thrown in the worker; `code` is the SQLSTATE of a database error, kept for retries. */
export interface WorkerError {
  name: string;
  message: string;
  code?: string;
}
