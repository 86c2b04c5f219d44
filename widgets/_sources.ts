/// <reference lib="dom" />
// Data sources shared by every widget on the page: one EventSource per stream URL (same src,
// token, filters and window), one poll per budget URL. Widgets watch a source and receive its
// state (_state.ts). The registry lives on globalThis so that the card, chart and table bundles
// share it, and a second load of a bundle too.
import {
  classify,
  initialState,
  nextState,
  retryDelayMs,
  type SourceEvent,
  type SourceState,
} from "./_state.ts";

export type Listener<T> = (state: SourceState<T>) => void;

/** What another bundle's copy of this module relies on: keep it stable (or bump the key). */
interface Shared {
  listeners: Set<Listener<unknown>>;
  state: SourceState<unknown>;
  close(): void;
}

const REGISTRY = Symbol.for("llm-monitor.sources.v1");
const registry = globalThis as unknown as Record<symbol, Map<string, Shared> | undefined>;
const sources = registry[REGISTRY] ??= new Map<string, Shared>();

/** How often a budget is polled. */
export const POLL_MS = 30_000;

/**
 * Watches `url`: a Server-Sent Events stream (`probe` is a plain GET with the same auth, asked
 * when the stream fails, to learn why), or a JSON resource polled every POLL_MS.
 * The listener gets the current state at once. Returns the function that stops watching; the
 * last watcher to stop closes the connection.
 */
export function watch<T>(
  url: string,
  options: { probe?: string; ping: string },
  listener: Listener<T>,
): () => void {
  let source = sources.get(url);
  if (!source) sources.set(url, source = open(url, options.probe ?? null, options.ping));
  const l = listener as Listener<unknown>;
  source.listeners.add(l);
  l(source.state);
  return () => {
    source.listeners.delete(l);
    if (source.listeners.size > 0) return;
    source.close();
    sources.delete(url);
  };
}

/** Opens a source: a stream (probe set) or a polled resource (probe null). */
function open(url: string, probe: string | null, ping: string): Shared {
  let events: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let stale: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const source: Shared = {
    listeners: new Set(),
    state: initialState(Date.now(), probe === null ? POLL_MS * 2.5 : undefined),
    close() {
      closed = true;
      events?.close();
      clearTimeout(retry);
      clearTimeout(stale);
    },
  };

  const dispatch = (e: SourceEvent<unknown>) => {
    if (closed) return;
    const s = source.state = nextState(source.state, e);
    for (const l of source.listeners) l(s);
    clearTimeout(stale);
    if (s.status !== "live") return;
    // No numbers or heartbeat for a while: say so, and try a fresh connection.
    stale = setTimeout(() => {
      dispatch({ type: "check", at: Date.now() });
      if (source.state.status === "stale") connect();
    }, s.seen_at + s.stale_after_ms - Date.now());
  };

  const then = (e: SourceEvent<never>) => {
    dispatch(e);
    const delay = retryDelayMs(source.state);
    if (delay !== null && !closed) retry = setTimeout(connect, delay);
  };

  /** A request the browser would not let us read: refused by CORS, or no server at all. */
  const offline = async (): Promise<SourceEvent<never>> => {
    try {
      const r = await fetch(ping);
      await r.body?.cancel();
      if (r.ok) {
        return {
          type: "fail",
          status: "unauthorized",
          message: `the monitor refused ${location.origin}: check the token and its origins`,
        };
      }
    } catch { /* nothing answers: unreachable */ }
    return { type: "fail", status: "unreachable", message: "cannot reach the monitor" };
  };

  /** GETs the polled resource, or the probe of a failed stream to learn why it failed. */
  const ask = async (target: string) => {
    let e: SourceEvent<never>;
    try {
      const r = await fetch(target);
      if (r.ok && target === url) {
        dispatch({ type: "data", at: Date.now(), data: await r.json() });
        retry = setTimeout(connect, POLL_MS);
        return;
      }
      e = r.ok
        ? { type: "fail", status: "unreachable", message: "the stream was interrupted" }
        : classify(r.status, await reason(r));
      await r.body?.cancel();
    } catch {
      e = await offline();
    }
    then(e);
  };

  const connect = () => {
    events?.close();
    events = null;
    if (probe === null) return void ask(url);
    const es = events = new EventSource(url);
    const on = (name: string, f: (data: unknown) => SourceEvent<unknown>) =>
      es.addEventListener(name, (m) => dispatch(f(JSON.parse((m as MessageEvent).data))));
    on("metrics", (data) => ({ type: "data", at: Date.now(), data }));
    on("heartbeat", (d) => ({ type: "beat", at: Date.now(), every_ms: (d as Beat).every_ms }));
    // EventSource retries by itself at a fixed pace and gives up on any non-200: take over,
    // find out why, and retry with backoff.
    es.onerror = () => {
      if (events !== es) return;
      es.close();
      events = null;
      void ask(probe);
    };
  };

  connect();
  return source;
}

interface Beat {
  every_ms?: number;
}

async function reason(r: Response): Promise<string> {
  const body = await r.json().catch(() => null) as { error?: string } | null;
  return body?.error ?? `HTTP ${r.status}`;
}

/** Answers by URL: kept for good (the catalogue), or only while in flight. */
const cache = new Map<string, Promise<unknown>>();

/**
 * GETs a JSON resource; widgets asking for it at the same time share one request, and with
 * `keep` every later ask too. A non-2xx answer rejects with its failure (see classify()).
 */
export function getJson<T>(url: string, keep = false): Promise<T> {
  let body = cache.get(url);
  if (!body) {
    cache.set(
      url,
      body = fetch(url).then(async (r) => {
        if (!r.ok) {
          const failure = classify(r.status, await reason(r));
          throw new Error(failure.message, { cause: failure });
        }
        return await r.json();
      }),
    );
    body.then(() => keep || cache.delete(url), () => cache.delete(url));
  }
  return body as Promise<T>;
}
