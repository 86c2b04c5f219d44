// One LLM call being timed: started, maybe a first token, then ended or failed, recorded once.
import { errorFields } from "./error_fields.ts";
import { monotonicMs } from "./runtime.ts";
import type { LlmEvent } from "./types.ts";

export type CallFields = Partial<LlmEvent>;

export class LlmCall {
  readonly #record: (event: LlmEvent) => void;
  readonly #fields: CallFields;
  readonly #startedMs = monotonicMs();
  #firstTokenMs: number | null = null;
  #done = false;

  constructor(record: (event: LlmEvent) => void, fields: CallFields) {
    this.#record = record;
    this.#fields = { ...fields, timestamp: fields.timestamp ?? Date.now() };
  }

  /** True once end() or fail() has recorded the call. */
  get done(): boolean {
    return this.#done;
  }

  /** Marks the first token of a stream; later calls do nothing. */
  firstToken(): void {
    this.#firstTokenMs ??= monotonicMs();
  }

  /** Records the call as finished (status `success` unless the fields say otherwise). */
  end(fields: CallFields = {}): void {
    this.#finish({ status: "success", ...fields });
  }

  /** Records the call as failed: `error` or `timeout`, with the error's type, message and code. */
  fail(error: unknown, fields: CallFields = {}): void {
    this.#finish({ ...fields, ...errorFields(error) });
  }

  #finish(fields: CallFields): void {
    if (this.#done) return;
    this.#done = true;
    const now = monotonicMs();
    const event = {
      latency_ms: round(now - this.#startedMs),
      ...this.#fields,
      ...withoutUndefined(fields),
    } as LlmEvent;
    if (this.#firstTokenMs !== null) {
      event.time_to_first_token_ms ??= round(this.#firstTokenMs - this.#startedMs);
    }
    this.#record(event);
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function withoutUndefined(fields: CallFields): CallFields {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out as CallFields;
}
