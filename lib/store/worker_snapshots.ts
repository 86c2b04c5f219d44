// Snapshot sessions in the PGlite worker: store.liveSnapshot(fn) takes a function, which cannot
// cross to the worker. The main thread opens a session (the worker starts the snapshot and holds
// it), sends each live read of fn with the session's id, and closes it. A session left open too
// long is closed by the worker, so a lost caller never holds the database from the flusher.
import type { EventStore } from "./event_store.ts";
import type { LiveReads } from "./live_reads.ts";

/** A session longer than this is ended by the worker; its later reads fail. */
export const SNAPSHOT_MAX_MS = 30_000;

export const LIVE_READS = ["liveAggregate", "liveHistory", "liveBreakdown"] as const;
export type LiveReadName = typeof LIVE_READS[number];

interface Session {
  reads: LiveReads;
  end: () => void;
  ended: Promise<unknown>;
  timer: ReturnType<typeof setTimeout>;
}

export class SnapshotSessions {
  readonly #sessions = new Map<number, Session>();
  #next = 1;

  constructor(private readonly store: () => EventStore) {}

  /** Starts a snapshot and answers once its reads can run. */
  async open(): Promise<number> {
    const id = this.#next++;
    const ready = Promise.withResolvers<LiveReads>();
    const done = Promise.withResolvers<void>();
    const ended = this.store().liveSnapshot((reads) => {
      ready.resolve(reads);
      return done.promise;
    });
    ended.catch((error) => ready.reject(error));
    const reads = await ready.promise;
    const timer = setTimeout(() => this.close(id), SNAPSHOT_MAX_MS);
    this.#sessions.set(id, { reads, end: done.resolve, ended, timer });
    return id;
  }

  read(id: number, name: LiveReadName, args: unknown[]): Promise<unknown> {
    const session = this.#sessions.get(id);
    if (!session) throw new Error(`snapshot ${id} is closed (over ${SNAPSHOT_MAX_MS} ms?)`);
    if (!LIVE_READS.includes(name)) throw new Error(`${name} is not a live read`);
    const fn = session.reads[name] as (...a: unknown[]) => Promise<unknown>;
    return fn(...args);
  }

  async close(id: number): Promise<void> {
    const session = this.#sessions.get(id);
    if (!session) return;
    this.#sessions.delete(id);
    clearTimeout(session.timer);
    session.end();
    await session.ended;
  }
}
