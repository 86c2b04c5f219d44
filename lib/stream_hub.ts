// Fans live metrics out to stream subscribers: each distinct query is computed once per tick and
// its result sent to every subscriber of it, only when the numbers changed. The hub holds only
// subscriptions of this instance; the numbers come from the database and KV, so any number of
// instances agree.
import {
  type CurrentMetrics,
  currentMetrics,
  type LiveMetricsDeps,
  readFresh,
} from "./live_metrics.ts";
import type { Logger } from "./log.ts";
import { type Filters, type MetricsQuery, type WindowName, WINDOWS } from "./query.ts";

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

interface Topic {
  query: StreamQuery;
  subscribers: Set<Send>;
  /** The last payload sent, without from/to, to tell whether anything changed. */
  fingerprint: string | null;
  lastPayload: string | null;
}

export interface StreamHubOptions {
  tickMs?: number;
  now?: () => number;
}

export class StreamHub {
  readonly #topics = new Map<string, Topic>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #ticking = false;
  readonly #tickMs: number;
  readonly #now: () => number;

  constructor(
    private readonly deps: LiveMetricsDeps,
    private readonly log: Logger,
    options: StreamHubOptions = {},
  ) {
    this.#tickMs = options.tickMs ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  /** Subscribes; the current numbers are sent at once. Returns the unsubscribe function. */
  subscribe(query: StreamQuery, send: Send): () => void {
    const key = topicKey(query);
    let topic = this.#topics.get(key);
    if (!topic) {
      topic = { query, subscribers: new Set(), fingerprint: null, lastPayload: null };
      this.#topics.set(key, topic);
    }
    topic.subscribers.add(send);
    if (topic.lastPayload !== null) send(topic.lastPayload);
    else void this.#refresh(topic, undefined, send);
    this.#timer ??= setInterval(() => void this.tick(), this.#tickMs);
    return () => {
      topic.subscribers.delete(send);
      if (topic.subscribers.size === 0) this.#topics.delete(key);
      if (this.#topics.size === 0) this.close();
    };
  }

  /** Distinct queries and subscribers, for health checks and benchmarks. */
  get size(): { topics: number; subscribers: number } {
    let subscribers = 0;
    for (const t of this.#topics.values()) subscribers += t.subscribers.size;
    return { topics: this.#topics.size, subscribers };
  }

  /** One round: reads the buffer once, computes each topic once, sends what changed. */
  async tick(): Promise<void> {
    if (this.#ticking) return;
    this.#ticking = true;
    try {
      const fresh = await readFresh(this.deps.buffer);
      for (const topic of [...this.#topics.values()]) await this.#refresh(topic, fresh);
    } catch (error) {
      this.log.warn("stream tick failed; retrying next tick", { error });
    } finally {
      this.#ticking = false;
    }
  }

  close(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #refresh(
    topic: Topic,
    fresh?: Awaited<ReturnType<typeof readFresh>>,
    only?: Send,
  ): Promise<void> {
    let metrics: CurrentMetrics;
    try {
      metrics = await currentMetrics(this.deps, toMetricsQuery(topic.query, this.#now()), fresh, {
        previous: topic.query.previous,
      });
    } catch (error) {
      this.log.warn("stream query failed", { error });
      return;
    }
    const { from: _from, to: _to, ...numbers } = metrics;
    const fingerprint = JSON.stringify(numbers);
    const payload = JSON.stringify(metrics);
    if (only) {
      only(payload);
      topic.lastPayload ??= payload;
      topic.fingerprint ??= fingerprint;
      return;
    }
    if (fingerprint === topic.fingerprint) return;
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

function topicKey(q: StreamQuery): string {
  const filters = Object.entries(q.filters).map(([k, v]) => [k, [...v].sort()]).sort();
  return JSON.stringify([
    q.projectId,
    q.window,
    q.from ?? null,
    q.to ?? null,
    filters,
    !!q.previous,
  ]);
}
