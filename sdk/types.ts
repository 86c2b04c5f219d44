// The public types of the SDK: an event as POST /v1/events takes it, context, options, stats.

export type CallStatus = "success" | "error" | "timeout";

/** Custom tags: a flat object of strings, numbers and booleans (at most 4 KiB as JSON). */
export type Metadata = Record<string, string | number | boolean>;

/** Where a call came from. Set per monitor, per `withContext()` scope, or per call. */
export interface EventContext {
  /** The app feature or route that made the call (default on the server: `default`). */
  endpoint?: string;
  application?: string;
  user_id?: string;
  session_id?: string;
  trace_id?: string;
  /** Merged key by key: a call's metadata adds to (and overrides) its scope's. */
  metadata?: Metadata;
}

/** One LLM call, in the field names of the ingest contract (snake_case). */
export interface LlmEvent extends EventContext {
  /** Idempotency key; assigned at track time when absent. */
  id?: string;
  /** Epoch ms or RFC 3339; set at track time when absent. */
  timestamp?: number | string;
  model: string;
  provider?: string;
  status?: CallStatus;
  input_tokens?: number;
  output_tokens?: number;
  cached_input_tokens?: number;
  reasoning_tokens?: number;
  latency_ms?: number;
  time_to_first_token_ms?: number;
  cost_usd?: number;
  status_code?: number;
  error_type?: string;
  error_message?: string;
  /** Prompt and completion: only sent when `captureContent` is on (or set by hand). */
  input?: string;
  output?: string;
}

/** Counts since the monitor was created. */
export interface MonitorStats {
  /** Events the monitor accepted (202). */
  sent: number;
  /** Events evicted because the queue was full, tracked after shutdown, or not yet sent when
   * shutdown's deadline passed. */
  dropped: number;
  /** Events the monitor refused (invalid, 401/403, …) or that ran out of retries. */
  failed: number;
  /** Events waiting in memory, the batch in flight included. */
  queued: number;
  /** Requests sent again after a 429, 5xx or network error. */
  retries: number;
}

export type MonitorErrorKind = "rejected" | "refused" | "undeliverable" | "dropped";

/** What `onError` is told: events the monitor refused, could not reach, or had to drop. */
export class MonitorError extends Error {
  override name = "MonitorError";
  constructor(
    /** rejected: invalid events (per-event errors); refused: a 4xx for the whole batch;
     * undeliverable: out of retries; dropped: the queue was full. */
    readonly kind: MonitorErrorKind,
    message: string,
    readonly events: number,
    readonly status?: number,
  ) {
    super(message);
  }
}

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface MonitorOptions {
  /** The monitor's base URL, e.g. `http://localhost:8000`; events go to `/v1/events` under it. */
  endpoint: string;
  /** An ingest key (`Authorization: Bearer …`). */
  apiKey: string;
  /** Context every event gets unless a scope or call says otherwise. */
  context?: EventContext;
  /** Record prompts and completions as `input`/`output`. Default false. */
  captureContent?: boolean;
  /** Longest captured `input`/`output`, in characters; longer ones are cut. Default 20000. */
  maxContentChars?: number;
  /** Send as soon as this many events are queued (at most 1000). Default 100. */
  batchSize?: number;
  /** Send queued events at least this often, in ms. Default 1000. */
  flushIntervalMs?: number;
  /** Events held in memory; past it the oldest are dropped and counted. Default 10000. */
  maxQueueSize?: number;
  /** Retries of a batch after 429, 5xx or network errors before it counts as failed. Default 8. */
  maxRetries?: number;
  /** First retry delay in ms; doubles per retry, with full jitter. Default 500. */
  retryBaseMs?: number;
  /** Longest wait between two tries in ms, `Retry-After` included. Default 30000. */
  retryMaxMs?: number;
  /** Timeout of one request to the monitor, in ms. Default 10000. */
  timeoutMs?: number;
  /** Longest wait of `shutdown()` (and of the flush at exit), in ms: then requests are aborted
   * and what was not sent counts as dropped. Default 5000. */
  shutdownTimeoutMs?: number;
  /** gzip bodies over 1 KiB where `CompressionStream` exists. Default true. */
  compress?: boolean;
  /** Flush when the program or page ends (`beforeExit`, `beforeunload`, `pagehide`). Default true. */
  flushOnExit?: boolean;
  /** When false nothing is recorded; wrapped clients still work unchanged. Default true. */
  enabled?: boolean;
  /** Changes an event, or drops it by returning null, before it is queued. */
  beforeSend?: (event: LlmEvent) => LlmEvent | null;
  /** Told when events are refused, undeliverable or dropped. Default: one console.warn line. */
  onError?: (error: MonitorError) => void;
  /** The fetch used to reach the monitor. Default `globalThis.fetch`. */
  fetch?: FetchLike;
  /** Browsers without `fetch` keepalive: a same-origin URL that relays beacons to the monitor,
   * adding the key (sendBeacon cannot send an Authorization header). */
  beaconUrl?: string;
}
