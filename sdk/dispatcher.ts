// The queue between track() and the monitor: batches by size and time, one batch in flight
// (delivery.ts retries it with backoff and splits it on 413), drops the oldest when full, flushes
// on demand.
import {
  type Batch,
  envelope,
  KEEPALIVE_BYTES,
  MAX_BATCH_BYTES,
  serialise,
  utf8Estimate,
} from "./batch.ts";
import { deliver, type DeliveryOptions, type DeliveryReport } from "./delivery.ts";
import { BoundedQueue } from "./queue.ts";
import { beaconSender, hasKeepalive, setUnrefTimeout } from "./runtime.ts";
import { type LlmEvent, MonitorError, type MonitorErrorKind, type MonitorStats } from "./types.ts";

export interface DispatcherOptions extends DeliveryOptions {
  batchSize: number;
  flushIntervalMs: number;
  maxQueueSize: number;
  beaconUrl?: string;
  onError: (error: MonitorError) => void;
}

export class Dispatcher {
  readonly #o: DispatcherOptions;
  readonly #queue: BoundedQueue<LlmEvent>;
  readonly #abort = new AbortController();
  readonly #inFlight = new Set<Batch>();
  #waiters: { seq: number; resolve: () => void }[] = [];
  /** Events ever queued: the sequence number of the newest one. */
  #pushed = 0;
  /** Events up to this sequence number are due now (timer, flush, shutdown). */
  #dueThrough = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #running: Promise<void> | null = null;
  #closing = false;
  #closed: Promise<MonitorStats> | null = null;
  /** shutdown() gave up: what is still in flight was counted as dropped; later reports of it
   * (a fetch that ignored its abort signal) change nothing. */
  #gaveUp = false;
  #dropWarned = false;
  #stats = { sent: 0, dropped: 0, failed: 0, retries: 0 };

  constructor(options: DispatcherOptions) {
    this.#o = options;
    this.#queue = new BoundedQueue(options.maxQueueSize);
  }

  stats(): MonitorStats {
    return { ...this.#stats, queued: this.#queue.size + this.#unsettledInFlight() };
  }

  enqueue(event: LlmEvent): void {
    if (this.#closing) {
      this.#drop(1, "the monitor was shut down; event dropped");
      return;
    }
    this.#pushed++;
    if (this.#queue.push(event) !== undefined) {
      this.#drop(1, `the queue is full (${this.#o.maxQueueSize} events); dropping the oldest`);
    }
    if (this.#queue.size >= this.#o.batchSize) this.#kick();
    else this.#arm();
  }

  /** Counts an event that could not even be queued (track() was given something unusable). */
  reject(message: string): void {
    this.#fail("rejected", message, 1);
  }

  /** Resolves once every event queued before the call is sent or given up (or at the timeout). */
  flush(timeoutMs?: number): Promise<void> {
    const seq = this.#pushed;
    if (this.#settledThrough() >= seq) return Promise.resolve();
    // Someone awaits this: keep a Node/Deno process alive until it settles, retry waits included.
    const hold = setTimeout(() => {}, 2 ** 31 - 1);
    const waiter = { seq, resolve: () => {} };
    const done = new Promise<void>((resolve) => (waiter.resolve = resolve))
      .finally(() => clearTimeout(hold));
    this.#waiters.push(waiter);
    this.#dueThrough = Math.max(this.#dueThrough, seq);
    this.#kick();
    if (timeoutMs === undefined) return done;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<void>((resolve) => {
      timer = setUnrefTimeout(resolve, timeoutMs); // `hold` keeps the process alive until then
    });
    return Promise.race([done, expired]).finally(() => {
      clearTimeout(timer);
      clearTimeout(hold);
      this.#waiters = this.#waiters.filter((w) => w !== waiter);
    });
  }

  /** Flushes for up to timeoutMs, then stops: what is left is dropped and counted. Resolves with
   * the final counts by the deadline, whatever the network or the fetch does. */
  shutdown(timeoutMs: number): Promise<MonitorStats> {
    this.#closed ??= this.#close(timeoutMs);
    return this.#closed;
  }

  /** The page is going away: start one keepalive request now, with what fits in its budget. */
  flushNow(): void {
    if (this.#closing || this.#queue.size === 0) return;
    const keepalive = hasKeepalive();
    const beacon = keepalive ? null : beaconSender();
    if (!keepalive && !(beacon && this.#o.beaconUrl)) {
      this.#dueThrough = this.#pushed;
      this.#kick();
      return;
    }
    const batch = this.#take(KEEPALIVE_BYTES);
    if (batch.parts.length === 0) {
      this.#inFlight.delete(batch);
    } else if (beacon && this.#o.beaconUrl) {
      const body = new Blob([envelope(batch.parts)], { type: "application/json" });
      if (beacon(this.#o.beaconUrl, body)) this.#stats.sent += batch.parts.length;
      else this.#fail("undeliverable", "sendBeacon refused the batch", batch.parts.length);
      this.#inFlight.delete(batch);
      this.#settle();
    } else {
      void this.#deliver(batch, true); // shutdown() gives up on it at the deadline if need be
    }
    this.#dueThrough = this.#pushed;
    this.#kick();
  }

  async #close(timeoutMs: number): Promise<MonitorStats> {
    const drained = this.flush();
    this.#closing = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<"late">((resolve) => {
      timer = setUnrefTimeout(() => resolve("late"), timeoutMs); // flush()'s `hold` keeps us alive
    });
    const result = await Promise.race([drained, late]);
    clearTimeout(timer);
    if (result === "late") this.#giveUp();
    this.#clearTimer();
    this.#settle();
    return this.stats();
  }

  /** The shutdown deadline passed: abort the requests and retry waits, count every event not
   * yet accepted or failed as dropped, and release every flush() waiting (and its hold on the
   * process). Never waits for the aborted requests: a fetch may ignore its signal. */
  #giveUp(): void {
    this.#abort.abort(new Error("shutdown timed out"));
    const left = this.#queue.clear().length + this.#unsettledInFlight();
    this.#gaveUp = true;
    this.#inFlight.clear();
    if (left > 0) this.#drop(left, `shutdown timed out; ${left} unsent events dropped`);
  }

  /** Events of the batches in flight that are not yet accepted, failed or dropped. */
  #unsettledInFlight(): number {
    let events = 0;
    for (const batch of this.#inFlight) events += Math.max(0, batch.parts.length - batch.settled);
    return events;
  }

  #settledThrough(): number {
    let seq = this.#pushed - this.#queue.size;
    for (const batch of this.#inFlight) seq = Math.min(seq, batch.firstSeq - 1);
    return seq;
  }

  #settle(): void {
    const through = this.#settledThrough();
    const done = this.#waiters.filter((w) => w.seq <= through);
    if (done.length === 0) return;
    this.#waiters = this.#waiters.filter((w) => w.seq > through);
    for (const w of done) w.resolve();
  }

  #arm(): void {
    if (this.#timer !== null || this.#running) return;
    this.#timer = setUnrefTimeout(() => {
      this.#timer = null;
      this.#dueThrough = this.#pushed;
      this.#kick();
    }, this.#o.flushIntervalMs);
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #kick(): void {
    if (this.#running) return;
    this.#clearTimer();
    this.#running = this.#run().finally(() => {
      this.#running = null;
      if (this.#queue.size > 0 && !this.#abort.signal.aborted) this.#arm();
    });
  }

  async #run(): Promise<void> {
    while (this.#queue.size > 0 && !this.#abort.signal.aborted) {
      const frontSeq = this.#pushed - this.#queue.size + 1;
      if (frontSeq > this.#dueThrough && this.#queue.size < this.#o.batchSize) break;
      await this.#deliver(this.#take(MAX_BATCH_BYTES), false);
    }
    this.#settle();
  }

  /** Takes up to batchSize events, within maxBytes (at least one event). */
  #take(maxBytes: number): Batch {
    const batch: Batch = { firstSeq: this.#pushed - this.#queue.size + 1, parts: [], settled: 0 };
    let bytes = 16;
    while (batch.parts.length < this.#o.batchSize && this.#queue.size > 0) {
      const part = serialise(this.#queue.peek());
      if (part === null) {
        this.#queue.shift();
        if (batch.parts.length === 0) batch.firstSeq++;
        this.#fail("rejected", "an event could not be serialised (cyclic or BigInt value)", 1);
        continue;
      }
      bytes += utf8Estimate(part) + 1;
      if (bytes > maxBytes && batch.parts.length > 0) break;
      this.#queue.shift();
      batch.parts.push(part);
    }
    this.#inFlight.add(batch);
    return batch;
  }

  async #deliver(batch: Batch, keepalive: boolean): Promise<void> {
    try {
      await deliver(batch.parts, keepalive, this.#o, this.#abort.signal, this.#reportFor(batch));
    } finally {
      this.#inFlight.delete(batch);
      this.#settle();
    }
  }

  /** Counts what became of a batch's events, unless shutdown already counted them as dropped. */
  #reportFor(batch: Batch): DeliveryReport {
    const settle = (events: number) => {
      batch.settled += events;
      return !this.#gaveUp;
    };
    return {
      accepted: (events) => {
        if (!settle(events)) return;
        this.#stats.sent += events;
        this.#dropWarned = false;
      },
      failed: (kind, message, events, status) => {
        if (settle(events)) this.#fail(kind, message, events, status);
      },
      dropped: (events) => {
        if (settle(events)) this.#drop(events);
      },
      retrying: () => {
        if (!this.#gaveUp) this.#stats.retries++;
      },
    };
  }

  #fail(kind: MonitorErrorKind, message: string, events: number, status?: number): void {
    this.#stats.failed += events;
    this.#report(new MonitorError(kind, message, events, status));
  }

  #drop(events: number, message?: string): void {
    this.#stats.dropped += events;
    if (message === undefined || this.#dropWarned) return;
    this.#dropWarned = true;
    this.#report(new MonitorError("dropped", message, events));
  }

  #report(error: MonitorError): void {
    try {
      this.#o.onError(error);
    } catch (_) {
      // A failing onError must not stop delivery.
    }
  }
}
