// A few workers that decode OTLP exports (decode_worker.ts), a bounded queue in front of them and a
// time budget per decode: a large export never stalls the HTTP thread, an overload is a retryable
// 503 and an export too costly to decode is a 413. Workers start on first use and are replaced
// after a timeout or a crash.
import { AppError } from "../errors.ts";
import type { OtlpFormat } from "./codec.ts";
import type { DecodeOptions, DecodeReply, DecodeRequest } from "./_decode_messages.ts";
import type { DecodedTraces } from "./traces_to_events.ts";

export type { DecodeOptions } from "./_decode_messages.ts";

export interface DecoderPoolOptions {
  /** Workers decoding at once. */
  workers: number;
  /** Requests that may wait for a worker; past them the answer is a 503. */
  queueMax: number;
  /** Longest one decode may run; its worker is then terminated and the request answered 413. */
  timeoutMs: number;
  /** The worker module (tests pass their own). */
  workerUrl?: URL;
}

interface Job {
  id: number;
  request: DecodeRequest;
  done: PromiseWithResolvers<DecodedTraces>;
}

interface Slot {
  worker: Worker | undefined;
  ready: boolean;
  job: Job | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const RETRY_AFTER_S = 1;

export class OtlpDecoderPool {
  readonly #options: Required<DecoderPoolOptions>;
  readonly #slots: Slot[];
  readonly #queue: Job[] = [];
  #nextId = 1;
  #closed = false;
  #timedOut = 0;
  #started = 0;

  constructor(options: DecoderPoolOptions) {
    this.#options = {
      workerUrl: new URL("./decode_worker.ts", import.meta.url),
      ...options,
    };
    this.#slots = Array.from({ length: options.workers }, () => ({
      worker: undefined,
      ready: false,
      job: undefined,
      timer: undefined,
    }));
  }

  /** Decodes running now, requests waiting; decodes ended by the budget and workers started so far. */
  stats(): { busy: number; queued: number; timedOut: number; started: number } {
    return {
      busy: this.#slots.filter((s) => s.job !== undefined).length,
      queued: this.#queue.length,
      timedOut: this.#timedOut,
      started: this.#started,
    };
  }

  /** Throws the 503 a decode would get now; lets a route refuse before reading the body. */
  checkCapacity(): void {
    if (this.#closed) {
      throw new AppError("unavailable", "the server is shutting down; retry later", {
        retryAfterS: RETRY_AFTER_S,
      });
    }
    if (this.#idleSlot() === undefined && this.#queue.length >= this.#options.queueMax) {
      throw new AppError(
        "unavailable",
        `OTLP decoding is at capacity (${this.#slots.length} busy, ${this.#queue.length} waiting); retry later`,
        { retryAfterS: RETRY_AFTER_S },
      );
    }
  }

  /** Decodes an export in a worker; the bytes are transferred, so the caller must not reuse them. */
  decode(bytes: Uint8Array, format: OtlpFormat, options: DecodeOptions): Promise<DecodedTraces> {
    this.checkCapacity();
    const id = this.#nextId++;
    const job: Job = {
      id,
      request: { id, bytes, format, options },
      done: Promise.withResolvers<DecodedTraces>(),
    };
    const slot = this.#idleSlot();
    if (slot) this.#dispatch(slot, job);
    else this.#queue.push(job);
    return job.done.promise;
  }

  /** Terminates the workers; decodes running or waiting get a 503. */
  close(): void {
    this.#closed = true;
    const shutdown = () =>
      new AppError("unavailable", "the server is shutting down; retry later", {
        retryAfterS: RETRY_AFTER_S,
      });
    for (const job of this.#queue.splice(0)) job.done.reject(shutdown());
    for (const slot of this.#slots) {
      const job = this.#retire(slot);
      job?.done.reject(shutdown());
    }
  }

  #idleSlot(): Slot | undefined {
    return this.#slots.find((s) => s.job === undefined);
  }

  #dispatch(slot: Slot, job: Job): void {
    slot.job = job;
    if (slot.worker === undefined) this.#spawn(slot);
    else if (slot.ready) this.#post(slot, job);
  }

  #spawn(slot: Slot): void {
    const worker = new Worker(this.#options.workerUrl.href, { type: "module" });
    this.#started++;
    slot.worker = worker;
    slot.ready = false;
    worker.onmessage = (message: MessageEvent<DecodeReply>) => {
      const reply = message.data;
      if ("ready" in reply) {
        slot.ready = true;
        if (slot.job) this.#post(slot, slot.job);
        return;
      }
      if (slot.job?.id !== reply.id) return;
      const job = this.#release(slot);
      if ("result" in reply) job.done.resolve(reply.result);
      else if (reply.error.kind !== null) {
        job.done.reject(new AppError(reply.error.kind, reply.error.message));
      } else {
        job.done.reject(
          new Error(`OTLP decode failed: ${reply.error.name}: ${reply.error.message}`),
        );
      }
      this.#next(slot);
    };
    worker.onerror = (event) => {
      // The worker is gone or unusable: a bug, answered 500 by the app; the next job gets a new one.
      event.preventDefault();
      const job = this.#retire(slot);
      job?.done.reject(new Error(`OTLP decode worker failed: ${event.message}`));
      this.#next(slot);
    };
  }

  #post(slot: Slot, job: Job): void {
    const bytes = job.request.bytes;
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength &&
      bytes.buffer instanceof ArrayBuffer;
    slot.timer = setTimeout(() => this.#timeout(slot), this.#options.timeoutMs);
    slot.worker!.postMessage(
      whole ? job.request : { ...job.request, bytes: bytes.slice() },
      whole ? [bytes.buffer as ArrayBuffer] : [],
    );
  }

  #timeout(slot: Slot): void {
    this.#timedOut++;
    const job = this.#retire(slot);
    job?.done.reject(
      new AppError(
        "too_large",
        `decoding the request took longer than ${this.#options.timeoutMs} ms (OTLP_DECODE_TIMEOUT_MS): send smaller batches`,
      ),
    );
    this.#next(slot);
  }

  /** The slot's job, the slot made free. */
  #release(slot: Slot): Job {
    clearTimeout(slot.timer);
    slot.timer = undefined;
    const job = slot.job!;
    slot.job = undefined;
    return job;
  }

  /** Terminates the slot's worker; returns the job it was running, if any. */
  #retire(slot: Slot): Job | undefined {
    clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.worker?.terminate();
    slot.worker = undefined;
    slot.ready = false;
    const job = slot.job;
    slot.job = undefined;
    return job;
  }

  #next(slot: Slot): void {
    const job = this.#queue.shift();
    if (job) this.#dispatch(slot, job);
  }
}
