// Moves buffered events from KV into the database. Chunks are removed from KV only after the
// database commit, and the database ignores ids it has seen, so a crash at any point neither
// loses nor double-counts an event. One instance flushes at a time (a KV lease).
import type { Logger } from "./log.ts";
import { pruneRateCounters } from "./rate_limit.ts";
import type { EventBuffer } from "./store/buffer.ts";
import type { EventStore } from "./store/event_store.ts";
import { bumpEpochs, lateProjects } from "./hour_cache.ts";
import { acquireLease, claimPeriodic, releaseLease } from "./lease.ts";

export interface FlusherOptions {
  intervalMs: number;
  batchSize: number;
  retentionDays: { events: number; rollups: number };
  /** How often retention runs (across all instances). */
  retentionEveryMs?: number;
  now?: () => number;
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

  constructor(
    private readonly kv: Deno.Kv,
    private readonly buffer: EventBuffer,
    private readonly store: EventStore,
    private readonly log: Logger,
    private readonly options: FlusherOptions,
  ) {
    this.#now = options.now ?? Date.now;
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
    const result = await this.store.insertEvents(events);
    await bumpEpochs(this.kv, lateProjects(events, this.#now()));
    await this.buffer.ack(chunks);
    this.log.debug("flushed", { ...result, chunks: chunks.length });
    return events.length;
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
    const counters = await pruneRateCounters(this.kv, this.#now());
    this.log.info("retention enforced", { ...removed, rate_counters: counters });
  }
}
