// createMonitor(): the SDK's entry point. A Monitor records events (track, observe, startCall,
// wrapped clients) into one shared queue; withContext() gives a view with more context.
import { type CallFields, LlmCall } from "./call.ts";
import { Dispatcher } from "./dispatcher.ts";
import { buildEvent, mergeContext } from "./event.ts";
import { addExitHooks } from "./runtime.ts";
import type {
  EventContext,
  FetchLike,
  LlmEvent,
  MonitorErrorKind,
  MonitorOptions,
  MonitorStats,
} from "./types.ts";
import { MonitorError } from "./types.ts";
import { messagesAdapter } from "./wrap/anthropic.ts";
import { type FetchWrapOptions, instrumentFetch } from "./wrap/fetch.ts";
import { genericAdapter } from "./wrap/generic.ts";
import { instrumentClient, isAsyncIterable, watchStream } from "./wrap/instrument.ts";
import { chatCompletionsAdapter, embeddingsAdapter, responsesAdapter } from "./wrap/openai.ts";

/** The fields of observe(): the call's fields, and how to read the result. */
export type ObserveFields<T> = CallFields & {
  model: string;
  /** Fields from the result (tokens, output); default: a usage block found in it. */
  fromResult?: (result: T) => CallFields;
};

export interface WrapOpenAIOptions {
  /** Default `openai` (`azure` for AzureOpenAI); set it for OpenAI-compatible providers. */
  provider?: string;
  /** Ask chat streams for usage when the caller did not (the extra chunk is hidden). Default true. */
  includeStreamUsage?: boolean;
}

export interface Monitor {
  /** Queues one event; returns its id, or null when nothing was queued. Never throws. */
  track(event: LlmEvent): string | null;
  /** A view of this monitor whose events get more context (same queue, same stats). */
  withContext(context: EventContext): Monitor;
  /** Starts timing a call by hand: `firstToken()`, then `end(fields)` or `fail(error)`. */
  startCall(fields: CallFields & { model: string }): LlmCall;
  /** Runs fn and records it: latency, status, errors (re-thrown), usage found in the result. */
  observe<T>(fn: () => T | PromiseLike<T>, fields: ObserveFields<T>): Promise<T>;
  /** The same client, with chat.completions, responses and embeddings recorded. */
  wrapOpenAI<T extends object>(client: T, options?: WrapOpenAIOptions): T;
  /** The same client, with messages (and beta.messages) recorded, `stream()` included. */
  wrapAnthropic<T extends object>(client: T, options?: { provider?: string }): T;
  /** A fetch that records LLM calls made through it (defaults to the global fetch). */
  wrapFetch(fetchImpl?: FetchLike, options?: FetchWrapOptions): typeof fetch;
  /** Resolves when events queued so far are sent or given up; never rejects. */
  flush(options?: { timeoutMs?: number }): Promise<void>;
  /** Flushes for up to timeoutMs (default: the `shutdownTimeoutMs` option, 5000) and stops:
   * at the deadline requests are aborted, retries end, and what was not sent counts as dropped.
   * Resolves by then with the final stats(); never rejects. Later events are dropped. */
  shutdown(options?: { timeoutMs?: number }): Promise<MonitorStats>;
  stats(): MonitorStats;
}

const DEFAULTS = {
  captureContent: false,
  maxContentChars: 20_000,
  batchSize: 100,
  flushIntervalMs: 1_000,
  maxQueueSize: 10_000,
  maxRetries: 8,
  retryBaseMs: 500,
  retryMaxMs: 30_000,
  timeoutMs: 10_000,
  shutdownTimeoutMs: 5_000,
  compress: true,
  flushOnExit: true,
  enabled: true,
} satisfies Partial<MonitorOptions>;

interface Core {
  dispatcher: Dispatcher | null;
  shutdownTimeoutMs: number;
  captureContent: boolean;
  maxContentChars: number;
  beforeSend?: (event: LlmEvent) => LlmEvent | null;
  onError: (error: MonitorError) => void;
  removeExitHooks: () => void;
}

export function createMonitor(options: MonitorOptions): Monitor {
  const o = { ...DEFAULTS, ...withoutUndefined(options) };
  const onError = o.onError ?? warn;
  const problem = !o.endpoint
    ? "no endpoint given"
    : !o.apiKey
    ? "no apiKey given"
    : typeof (o.fetch ?? globalThis.fetch) !== "function"
    ? "no fetch in this runtime; pass one as the fetch option"
    : null;
  if (problem && o.enabled) report(onError, "refused", `${problem}: recording nothing`);
  const dispatcher = o.enabled && !problem
    ? new Dispatcher({
      url: new URL("v1/events", o.endpoint.endsWith("/") ? o.endpoint : `${o.endpoint}/`).href,
      apiKey: o.apiKey,
      fetch: o.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      timeoutMs: o.timeoutMs,
      compress: o.compress,
      batchSize: clamp(o.batchSize, 1, 1_000),
      flushIntervalMs: Math.max(0, o.flushIntervalMs),
      maxQueueSize: Math.max(1, Math.floor(o.maxQueueSize)),
      maxRetries: Math.max(0, o.maxRetries),
      retryBaseMs: Math.max(0, o.retryBaseMs),
      retryMaxMs: Math.max(0, o.retryMaxMs),
      beaconUrl: o.beaconUrl,
      onError,
    })
    : null;
  const core: Core = {
    dispatcher,
    shutdownTimeoutMs: Math.max(0, o.shutdownTimeoutMs),
    captureContent: o.captureContent,
    maxContentChars: o.maxContentChars,
    beforeSend: o.beforeSend,
    onError,
    removeExitHooks: () => {},
  };
  const monitor = new ScopedMonitor(core, o.context ?? {});
  if (dispatcher && o.flushOnExit) {
    core.removeExitHooks = addExitHooks({
      onExit: () => {
        const waiting = dispatcher.stats().queued > 0;
        void monitor.shutdown();
        return waiting;
      },
      onPageHide: () => dispatcher.flushNow(),
    });
  }
  return monitor;
}

class ScopedMonitor implements Monitor {
  readonly #core: Core;
  readonly #context: EventContext;
  readonly #start = (fields: CallFields): LlmCall | null =>
    this.#core.dispatcher ? new LlmCall((event) => this.track(event), fields) : null;

  constructor(core: Core, context: EventContext) {
    this.#core = core;
    this.#context = context;
  }

  track(fields: LlmEvent): string | null {
    const core = this.#core;
    if (!core.dispatcher) return null;
    try {
      let event: LlmEvent | null = buildEvent(fields, this.#context, core.maxContentChars);
      if (core.beforeSend) event = core.beforeSend(event);
      if (!event) return null;
      core.dispatcher.enqueue(event);
      return event.id ?? null;
    } catch (error) {
      core.dispatcher.reject(`track() could not record an event: ${error}`);
      return null;
    }
  }

  withContext(context: EventContext): Monitor {
    return new ScopedMonitor(this.#core, mergeContext(this.#context, context));
  }

  startCall(fields: CallFields & { model: string }): LlmCall {
    return this.#start(fields) ?? new LlmCall(() => {}, fields);
  }

  async observe<T>(fn: () => T | PromiseLike<T>, fields: ObserveFields<T>): Promise<T> {
    const { fromResult, ...start } = fields;
    const call = this.startCall(start);
    let result: T;
    try {
      result = await fn();
    } catch (error) {
      call.fail(error);
      throw error;
    }
    try {
      const adapter = genericAdapter(start.provider);
      if (!fromResult && isAsyncIterable(result)) {
        watchStream(result, call, adapter.stream(adapter.prepare({}, false), this.#capture));
      } else call.end(fromResult ? fromResult(result) : adapter.result(result, this.#capture));
    } catch (_) {
      call.end(); // fromResult threw: the call itself still succeeded
    }
    return result;
  }

  wrapOpenAI<T extends object>(client: T, options: WrapOpenAIOptions = {}): T {
    const o = {
      provider: options.provider ?? providerOf(client, "openai"),
      includeStreamUsage: options.includeStreamUsage ?? true,
    };
    const resources = {
      "chat.completions": chatCompletionsAdapter(o),
      responses: responsesAdapter(o),
      embeddings: embeddingsAdapter(o),
    };
    return instrumentClient(client, resources, this.#start, this.#capture);
  }

  wrapAnthropic<T extends object>(client: T, options: { provider?: string } = {}): T {
    const adapter = messagesAdapter(options.provider ?? providerOf(client, "anthropic"));
    const resources = { messages: adapter, "beta.messages": adapter };
    return instrumentClient(client, resources, this.#start, this.#capture);
  }

  wrapFetch(fetchImpl?: FetchLike, options?: FetchWrapOptions): typeof fetch {
    const base = fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
    return instrumentFetch(base, this.#start, this.#capture, options);
  }

  flush(options: { timeoutMs?: number } = {}): Promise<void> {
    return this.#core.dispatcher?.flush(options.timeoutMs) ?? Promise.resolve();
  }

  shutdown(options: { timeoutMs?: number } = {}): Promise<MonitorStats> {
    const core = this.#core;
    core.removeExitHooks();
    const timeoutMs = Math.max(0, options.timeoutMs ?? core.shutdownTimeoutMs);
    return core.dispatcher?.shutdown(timeoutMs) ?? Promise.resolve(this.stats());
  }

  stats(): MonitorStats {
    return this.#core.dispatcher?.stats() ??
      { sent: 0, dropped: 0, failed: 0, queued: 0, retries: 0 };
  }

  get #capture(): boolean {
    return this.#core.captureContent;
  }
}

/** Known wrappers of the same SDKs: AzureOpenAI, AnthropicBedrock, AnthropicVertex. */
function providerOf(client: object, fallback: string): string {
  const name = client.constructor?.name ?? "";
  if (name.includes("Azure")) return "azure";
  if (name.includes("Bedrock")) return "bedrock";
  if (name.includes("Vertex")) return "vertex";
  return fallback;
}

function report(onError: (e: MonitorError) => void, kind: MonitorErrorKind, message: string) {
  try {
    onError(new MonitorError(kind, message, 0));
  } catch (_) {
    // onError itself failed: nothing more to tell
  }
}

function warn(error: MonitorError): void {
  // deno-lint-ignore no-console
  console.warn(`[llm-monitor] ${error.kind}: ${error.message}`);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(value)));
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
