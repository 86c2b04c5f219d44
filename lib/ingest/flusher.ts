// Moves buffered events from KV into the database. Chunks are removed from KV only after the
// database commit, and the database ignores ids it has seen, so a crash at any point neither
// loses nor double-counts an event. One instance flushes at a time (a KV lease).
// A batch the database refuses for its data (not an outage) is split in halves until the refused
// events are alone; those are parked as dead letters, the rest is stored, and the drain goes on.
import type { StoredEvent } from "./event.ts";
import type { Logger } from "../log.ts";
import { pruneRateCounters } from "./rate_limit.ts";
import { RateCounterStore } from "../store/rate_counters.ts";
import type { BufferedChunk, EventBuffer } from "../store/buffer.ts";
import { DeadLetterStore, type Refusal } from "../store/dead_letter.ts";
import type { EventStore, InsertResult } from "../store/event_store.ts";
import { isDataError, sqlstateOf } from "../store/sql_errors.ts";
import { acquireLease, claimPeriodic, releaseLease } from "../store/lease.ts";

export interface FlusherOptions {
  intervalMs: number;
  batchSize: number;
  retentionDays: { events: number; rollups: number };
  /** How often retention runs (across all instances). */
  retentionEveryMs?: number;
  now?: () => number;
  /** Where refused events and undecodable chunks go; by default in the same KV. */
  deadLetters?: DeadLetterStore;
}

const MAX_BACKOFF_MS = 30_000;

export class Flusher {
  readonly #id = crypto.randomUUID();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #sinceFlush = 0;
  #failures = 0;
  readonly #now: () => number;
  readonly #deadLetters: DeadLetterStore;

  constructor(
    private readonly kv: Deno.Kv,
    private readonly buffer: EventBuffer,
    private readonly store: EventStore,
    private readonly log: Logger,
    private readonly options: FlusherOptions,
  ) {
    this.#now = options.now ?? Date.now;
    this.#deadLetters = options.deadLetters ?? new DeadLetterStore(kv);
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
    await releaseLease(this.kv, "flusher", this.#id);
  }

  /** Ingest tells the flusher how many events it buffered: the size trigger. */
  notify(events: number): void {
    this.#sinceFlush += events;
    if (this.#sinceFlush >= this.options.batchSize) this.#wake?.();
  }

  /** Moves at most batchSize events; returns how many left the buffer. */
  async flushOnce(): Promise<number> {
    const chunks = await this.buffer.read(this.options.batchSize);
    if (chunks.length === 0) return 0;
    const events = chunks.flatMap((c) => c.events);
    const refused: Refusal[] = [];
    const result = await this.#insertIsolating(events, refused);
    await this.#park(refused, chunks);
    await this.buffer.ack(chunks);
    this.log.debug("flushed", { ...result, parked: refused.length, chunks: chunks.length });
    // An undecodable chunk counts at least one, so drain() goes on past it.
    return chunks.reduce(
      (n, c) => n + (c.undecodable ? Math.max(1, c.undecodable.n) : c.events.length),
      0,
    );
  }

  /**
   * Inserts the events; on a data error, inserts each half on its own, down to single events,
   * which go to `refused`. At most 2n - 1 inserts for n events; an outage error is rethrown.
   */
  async #insertIsolating(events: StoredEvent[], refused: Refusal[]): Promise<InsertResult> {
    if (events.length === 0) return { inserted: 0, duplicates: 0 };
    try {
      return await this.store.insertEvents(events, { now: this.#now() });
    } catch (error) {
      if (!isDataError(error)) throw error;
      if (events.length === 1) {
        const message = error instanceof Error ? error.message : String(error);
        refused.push({ event: events[0]!, error: message, sqlstate: sqlstateOf(error) });
        return { inserted: 0, duplicates: 0 };
      }
      const mid = Math.ceil(events.length / 2);
      const a = await this.#insertIsolating(events.slice(0, mid), refused);
      const b = await this.#insertIsolating(events.slice(mid), refused);
      return { inserted: a.inserted + b.inserted, duplicates: a.duplicates + b.duplicates };
    }
  }

  /** Dead letters are written before the chunks leave KV: a crash between parks them again. */
  async #park(refused: Refusal[], chunks: BufferedChunk[]): Promise<void> {
    const now = this.#now();
    for (const r of refused) {
      this.log.warn("the database refused an event; parked as a dead letter", {
        project: r.event.project_id,
        event: r.event.id,
        sqlstate: r.sqlstate,
        error: r.error,
      });
    }
    if (refused.length > 0) await this.#deadLetters.park(refused, now);
    for (const c of chunks) {
      if (!c.undecodable) continue;
      this.log.warn("a buffer chunk cannot be decoded; parked as a dead letter", {
        chunk: c.id,
        events: c.undecodable.n,
        error: c.undecodable.error,
      });
      await this.#deadLetters.parkChunk({ id: c.id, ...c.undecodable }, now);
    }
  }

  /** Flushes until the buffer is empty (start-up drain, shutdown, tests). */
  async drain(): Promise<number> {
    let total = 0;
    for (let n = await this.flushOnce(); n > 0; n = await this.flushOnce()) total += n;
    return total;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      try {
        if (await this.#acquire()) {
          this.#sinceFlush = 0;
          while (this.#running && (await this.flushOnce()) >= this.options.batchSize) {
            await this.#acquire();
          }
          await this.#maybeEnforceRetention();
        }
        if (this.#failures > 0) this.log.info("database reachable again; buffer draining");
        this.#failures = 0;
      } catch (error) {
        this.#failures++;
        this.log.warn("flush failed; events stay buffered and will be retried", {
          error,
          attempt: this.#failures,
        });
      }
      await this.#sleep(this.#delayMs());
    }
  }

  #delayMs(): number {
    if (this.#failures === 0) return this.options.intervalMs;
    const backoff = Math.min(MAX_BACKOFF_MS, this.options.intervalMs * 2 ** this.#failures);
    return backoff / 2 + Math.random() * (backoff / 2);
  }

  #leaseMs(): number {
    return Math.max(5_000, this.options.intervalMs * 5);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = () => {
        clearTimeout(this.#timer);
        this.#wake = undefined;
        resolve();
      };
      this.#timer = setTimeout(() => this.#wake?.(), ms);
    });
  }

  #acquire(): Promise<boolean> {
    return acquireLease(this.kv, "flusher", this.#id, this.#leaseMs(), this.#now());
  }

  async #maybeEnforceRetention(): Promise<void> {
    const every = this.options.retentionEveryMs ?? 3_600_000;
    if (!(await claimPeriodic(this.kv, "retention", this.#id, every, this.#now()))) return;
    const removed = await this.store.enforceRetention(this.#now(), this.options.retentionDays);
    const counters = await pruneRateCounters(new RateCounterStore(this.kv), this.#now());
    this.log.info("retention enforced", { ...removed, rate_counters: counters });
  }
}
