// Fans live metrics out to stream subscribers: each distinct view is computed once per tick and
// its result sent to every subscriber of it (whatever credential they read with), only when the
// numbers changed. A tick spends at most its time budget, least recently computed views first:
// views it does not reach keep their numbers and go first next tick, so many views slow every
// view a little rather than one credential starving the rest. The hub holds only subscriptions of
// this instance (and its caps count only them); the numbers come from the database and KV, so any
// number of instances agree.
import {
  type CurrentMetrics,
  currentMetrics,
  type LiveMetricsDeps,
  readFresh,
} from "./live_metrics.ts";
import type { Logger } from "../log.ts";
import type { MetricsQuery } from "./query.ts";
import { canonicalFilters, type Filters, type WindowName, WINDOWS } from "../shared/windows.ts";
import { type StreamCaps, StreamLimits, UNCAPPED } from "./stream_limits.ts";

/** A query as subscribed: a sliding window, or a fixed from/to. */
export interface StreamQuery {
  projectId: string;
  window: WindowName | "custom";
  from?: number;
  to?: number;
  filters: Filters;
  /** Also send the previous window's numbers (for trends). */
  previous?: boolean;
}

export type Send = (data: string) => void;

/** One stream's seat in the hub: taken by admit() (which enforces the caps), then started. */
export interface Subscription {
  /** Starts sending to `send`: the current numbers at once (or when first computed), then changes. */
  start(send: Send): void;
  /** Stops sending and gives the seat back; safe to call twice, or without start(). */
  close(): void;
}

interface Topic {
  key: string;
  query: StreamQuery;
  subscribers: Set<Send>;
  /** The last payload sent, without from/to, to tell whether anything changed. */
  fingerprint: string | null;
  lastPayload: string | null;
  /** Order of the last computation (0: never); a tick takes the smallest first. */
  computed: number;
  /** A computation is in flight: the tick skips the view rather than compute it twice. */
  busy: boolean;
}

/** What the last tick did, for tests, health checks and benchmarks. */
export interface TickReport {
  /** Views registered when the tick started. */
  views: number;
  /** Views computed within the budget. */
  computed: number;
  /** Time spent, in ms of the hub's clock. */
  elapsed_ms: number;
}

export interface StreamHubOptions {
  tickMs?: number;
  /** Time one tick may spend computing views (ms of `clock`); default half of tickMs. */
  budgetMs?: number;
  caps?: StreamCaps;
  /** The end of sliding windows (epoch ms). */
  now?: () => number;
  /** Measures a tick's time (ms); default performance.now. */
  clock?: () => number;
  /** Computes one view; default currentMetrics (tests inject a slow one). */
  compute?: typeof currentMetrics;
}

export class StreamHub {
  readonly #topics = new Map<string, Topic>();
  readonly #limits: StreamLimits;
  #timer: ReturnType<typeof setInterval> | undefined;
  #ticking = false;
  #computations = 0;
  #lastTick: TickReport = { views: 0, computed: 0, elapsed_ms: 0 };
  readonly #tickMs: number;
  readonly #budgetMs: number;
  readonly #now: () => number;
  readonly #clock: () => number;
  readonly #compute: typeof currentMetrics;

  constructor(
    private readonly deps: LiveMetricsDeps,
    private readonly log: Logger,
    options: StreamHubOptions = {},
  ) {
    this.#tickMs = options.tickMs ?? 1000;
    this.#budgetMs = options.budgetMs ?? this.#tickMs / 2;
    this.#limits = new StreamLimits(options.caps ?? UNCAPPED);
    this.#now = options.now ?? Date.now;
    this.#clock = options.clock ?? (() => performance.now());
    this.#compute = options.compute ?? currentMetrics;
  }

  /**
   * Takes a seat for one stream of `credential` on `query`; throws a 429 AppError naming the cap
   * it would pass (lib/metrics/stream_limits.ts), before anything is opened or computed.
   */
  admit(query: StreamQuery, credential: string): Subscription {
    const key = topicKey(query);
    const release = this.#limits.admit(credential, key);
    let joined: { topic: Topic; send: Send } | null = null;
    let closed = false;
    return {
      start: (send) => {
        if (joined || closed) return;
        joined = { topic: this.#join(key, query, send), send };
      },
      close: () => {
        if (closed) return;
        closed = true;
        release();
        if (!joined) return;
        const { topic, send } = joined;
        topic.subscribers.delete(send);
        if (topic.subscribers.size === 0 && this.#topics.get(key) === topic) {
          this.#topics.delete(key);
        }
        if (this.#topics.size === 0) this.close();
      },
    };
  }

  /** admit() and start() in one; returns the unsubscribe function. */
  subscribe(query: StreamQuery, credential: string, send: Send): () => void {
    const subscription = this.admit(query, credential);
    subscription.start(send);
    return () => subscription.close();
  }

  /** Distinct queries and subscribers, for health checks and benchmarks. */
  get size(): { topics: number; subscribers: number } {
    let subscribers = 0;
    for (const t of this.#topics.values()) subscribers += t.subscribers.size;
    return { topics: this.#topics.size, subscribers };
  }

  /** Open streams and distinct views of one credential (or of all). */
  usage(credential?: string): { streams: number; views: number } {
    return this.#limits.usage(credential);
  }

  get lastTick(): TickReport {
    return this.#lastTick;
  }

  /**
   * One round: reads the buffer once, then computes views least recently computed first until
   * the budget is spent (at least one per tick), and sends what changed.
   */
  async tick(): Promise<void> {
    if (this.#ticking) return;
    this.#ticking = true;
    const started = this.#clock();
    const queue = [...this.#topics.values()].sort((a, b) => a.computed - b.computed);
    let computed = 0;
    try {
      const fresh = await readFresh(this.deps.buffer);
      for (const topic of queue) {
        if (computed > 0 && this.#clock() - started >= this.#budgetMs) break;
        if (topic.busy || this.#topics.get(topic.key) !== topic) continue;
        await this.#refresh(topic, fresh);
        computed++;
      }
    } catch (error) {
      this.log.warn("stream tick failed; retrying next tick", { error });
    } finally {
      this.#ticking = false;
      this.#lastTick = { views: queue.length, computed, elapsed_ms: this.#clock() - started };
    }
  }

  close(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #join(key: string, query: StreamQuery, send: Send): Topic {
    let topic = this.#topics.get(key);
    if (!topic) {
      topic = {
        key,
        query,
        subscribers: new Set(),
        fingerprint: null,
        lastPayload: null,
        computed: 0,
        busy: false,
      };
      this.#topics.set(key, topic);
    }
    topic.subscribers.add(send);
    // A new view is computed at once and sent to everyone who joins before it is done.
    if (topic.lastPayload !== null) send(topic.lastPayload);
    else if (!topic.busy) void this.#refresh(topic);
    this.#timer ??= setInterval(() => void this.tick(), this.#tickMs);
    return topic;
  }

  async #refresh(topic: Topic, fresh?: Awaited<ReturnType<typeof readFresh>>): Promise<void> {
    topic.busy = true;
    topic.computed = ++this.#computations;
    let metrics: CurrentMetrics;
    try {
      metrics = await this.#compute(this.deps, toMetricsQuery(topic.query, this.#now()), fresh, {
        previous: topic.query.previous,
      });
    } catch (error) {
      this.log.warn("stream query failed", { error });
      return;
    } finally {
      topic.busy = false;
    }
    const { from: _from, to: _to, ...numbers } = metrics;
    const fingerprint = JSON.stringify(numbers);
    if (fingerprint === topic.fingerprint) return;
    const payload = JSON.stringify(metrics);
    topic.fingerprint = fingerprint;
    topic.lastPayload = payload;
    for (const send of topic.subscribers) send(payload);
  }
}

export function toMetricsQuery(q: StreamQuery, now: number): MetricsQuery {
  if (q.window === "custom") {
    return {
      projectId: q.projectId,
      window: "custom",
      from: q.from!,
      to: q.to!,
      filters: q.filters,
    };
  }
  return {
    projectId: q.projectId,
    window: q.window,
    from: now - WINDOWS[q.window],
    to: now,
    filters: q.filters,
  };
}

/**
 * The canonical key of a view: the same numbers whatever order (or repetition) the filters came
 * in, so identical views of different readers share one computation.
 */
export function topicKey(q: StreamQuery): string {
  return JSON.stringify([
    q.projectId,
    q.window,
    q.window === "custom" ? q.from ?? null : null,
    q.window === "custom" ? q.to ?? null : null,
    canonicalFilters(q.filters),
    !!q.previous,
  ]);
}
