// An EventStore whose calls run in the PGlite worker; same interface as the in-process one.
import type { EventStore } from "./event_store.ts";
import type { LiveReads } from "./live_reads.ts";
import type { StoreMethod, WorkerRequest, WorkerResponse } from "./worker_protocol.ts";
import { LIVE_READS } from "./worker_snapshots.ts";

export class StoreWorkerError extends Error {
  override name = "StoreWorkerError";
  /** The SQLSTATE of the database error in the worker (e.g. 22021), when it had one. */
  readonly code: string | undefined;
  constructor(message: string, code?: string) {
    super(message);
    this.code = code;
  }
}

export async function createWorkerEventStore(dataDir: string | undefined): Promise<EventStore> {
  const worker = new Worker(new URL("./pglite_worker.ts", import.meta.url).href, {
    type: "module",
  });
  const pending = new Map<number, PromiseWithResolvers<unknown>>();
  let nextId = 1;
  worker.onmessage = (message: MessageEvent<WorkerResponse>) => {
    const response = message.data;
    const call = pending.get(response.id);
    if (!call) return;
    pending.delete(response.id);
    if ("error" in response) {
      const { name, message, code } = response.error;
      call.reject(new StoreWorkerError(`${name}: ${message}`, code));
    } else call.resolve(response.result);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    for (const call of pending.values()) call.reject(new StoreWorkerError(event.message));
    pending.clear();
  };
  const call = <T>(method: StoreMethod, ...args: unknown[]): Promise<T> => {
    const id = nextId++;
    const deferred = Promise.withResolvers<unknown>();
    pending.set(id, deferred);
    worker.postMessage({ id, method, args } satisfies WorkerRequest);
    return deferred.promise as Promise<T>;
  };
  await call("open", dataDir);
  const close = async () => {
    try {
      await call("close");
    } finally {
      worker.terminate();
    }
  };
  // A snapshot's function stays here; its reads run in a session the worker holds open.
  const liveSnapshot: EventStore["liveSnapshot"] = async (fn) => {
    const session = await call<number>("openSnapshot");
    try {
      const reads = Object.fromEntries(
        LIVE_READS.map((name) => [
          name,
          (...args: unknown[]) => call("snapshotRead", session, name, args),
        ]),
      ) as unknown as LiveReads;
      return await fn(reads);
    } finally {
      await call("closeSnapshot", session);
    }
  };
  const local: Record<string, unknown> = { close, liveSnapshot };
  // Every other method is forwarded by name to the store inside the worker.
  return new Proxy({ close } as unknown as EventStore, {
    get: (_target, name) =>
      typeof name === "string" && name in local
        ? local[name]
        : typeof name === "string" && name !== "then"
        ? (...args: unknown[]) => call(name as StoreMethod, ...args)
        : undefined,
  });
}
