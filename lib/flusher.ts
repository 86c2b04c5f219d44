// Moves buffered events from KV into the database. Chunks are removed from KV only after the
// database commit, and the database ignores ids it has seen, so a crash at any point neither
// loses nor double-counts an event. One instance flushes at a time (a KV lease).
import type { Logger } from "./log.ts";
import { pruneRateCounters } from "./rate_limit.ts";
import type { EventBuffer } from "./store/buffer.ts";
import type { EventStore } from "./store/event_store.ts";
import { kvKeys } from "./store/kv_keys.ts";

export interface FlusherOptions {
  intervalMs: number;
  batchSize: number;
  retentionDays: { events: number; rollups: number };
  /** How often retention runs (across all instances). */
  retentionEveryMs?: number;
  now?: () => number;
}

interface Lease {
  holder: string;
  until: number;
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
    const lease = await this.kv.get<Lease>(kvKeys.lease("flusher"));
    if (lease.value?.holder === this.#id) {
      await this.kv.atomic().check(lease).delete(lease.key).commit();
    }
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
        if (await this.#acquire("flusher", this.#leaseMs())) {
          this.#sinceFlush = 0;
          while (this.#running && (await this.flushOnce()) >= this.options.batchSize) {
            await this.#acquire("flusher", this.#leaseMs());
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

  /** Takes or renews a lease; false when another live instance holds it. */
  async #acquire(name: string, ttlMs: number): Promise<boolean> {
    const key = kvKeys.lease(name);
    const current = await this.kv.get<Lease>(key);
    const now = this.#now();
    if (current.value && current.value.holder !== this.#id && current.value.until > now) {
      return false;
    }
    const lease: Lease = { holder: this.#id, until: now + ttlMs };
    const result = await this.kv.atomic().check(current).set(key, lease, { expireIn: ttlMs })
      .commit();
    return result.ok;
  }

  async #maybeEnforceRetention(): Promise<void> {
    const every = this.options.retentionEveryMs ?? 3_600_000;
    const key = kvKeys.lease("retention");
    const last = await this.kv.get<Lease>(key);
    if (last.value && last.value.until > this.#now()) return;
    const marker: Lease = { holder: this.#id, until: this.#now() + every };
    if (!(await this.kv.atomic().check(last).set(key, marker, { expireIn: every }).commit()).ok) {
      return;
    }
    const removed = await this.store.enforceRetention(this.#now(), this.options.retentionDays);
    const counters = await pruneRateCounters(this.kv, this.#now());
    this.log.info("retention enforced", { ...removed, rate_counters: counters });
  }
}
