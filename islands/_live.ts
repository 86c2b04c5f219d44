// The live stream, shared: one EventSource per stream URL for every island of the page (a browser
// keeps ~6 connections per origin over HTTP/1.1, so one per island would starve fetches). Opened
// by the first subscriber, closed with the last; reconnects by itself, and sends a signed-out
// reader to the login page.
import { type Signal, signal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { CurrentMetrics } from "../lib/metrics/live_metrics.ts";

export type LiveState = "connecting" | "live" | "reconnecting" | "offline";

type Listener = (metrics: CurrentMetrics) => void;

interface Connection {
  source: EventSource | null;
  listeners: Set<Listener>;
  state: Signal<LiveState>;
  /** When the last update arrived (epoch ms), 0 before the first. */
  updatedAt: Signal<number>;
  retry: ReturnType<typeof setTimeout> | undefined;
}

const RETRY_MS = 5_000;
const connections = new Map<string, Connection>();

function connection(url: string): Connection {
  let c = connections.get(url);
  if (!c) {
    c = {
      source: null,
      listeners: new Set(),
      state: signal<LiveState>("connecting"),
      updatedAt: signal(0),
      retry: undefined,
    };
    connections.set(url, c);
  }
  return c;
}

function open(url: string, c: Connection) {
  const source = new EventSource(url);
  c.source = source;
  source.addEventListener("metrics", (e) => {
    const metrics = JSON.parse((e as MessageEvent<string>).data) as CurrentMetrics;
    c.state.value = "live";
    c.updatedAt.value = Date.now();
    for (const listener of c.listeners) listener(metrics);
  });
  source.addEventListener("open", () => c.state.value = "live");
  source.addEventListener("error", () => {
    if (source.readyState !== EventSource.CLOSED) {
      c.state.value = "reconnecting";
      return;
    }
    // The server refused the stream (signed out, or down): find out which, then retry.
    c.state.value = "offline";
    c.source = null;
    void fetch("/api/me").then((r) => {
      if (r.status === 401) {
        location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
      }
      return r.body?.cancel();
    }, () => undefined);
    c.retry = setTimeout(() => open(url, c), RETRY_MS);
  });
}

/** Calls `listener` with every update of the stream at `url`; returns the unsubscribe function. */
export function subscribeLive(url: string, listener: Listener): () => void {
  const c = connection(url);
  c.listeners.add(listener);
  if (!c.source && c.retry === undefined) open(url, c);
  return () => {
    c.listeners.delete(listener);
    if (c.listeners.size > 0) return;
    c.source?.close();
    clearTimeout(c.retry);
    connections.delete(url);
  };
}

/** The connection state and last-update time of a stream (for the live badge). */
export function liveStatus(url: string): { state: Signal<LiveState>; updatedAt: Signal<number> } {
  const c = connection(url);
  return { state: c.state, updatedAt: c.updatedAt };
}

/**
 * Runs `onUpdate` on stream updates, at most once per `throttleMs` (the last update of a burst is
 * never lost). With `skipFirst`, the snapshot a new connection sends first is skipped.
 */
export function useLive(
  url: string | null,
  onUpdate: Listener,
  options: { throttleMs?: number; skipFirst?: boolean } = {},
): void {
  const latest = useRef(onUpdate);
  latest.current = onUpdate;
  const { throttleMs = 0, skipFirst = false } = options;
  useEffect(() => {
    if (!url) return;
    // The first message of a new connection repeats what the server rendered a moment ago.
    let first = skipFirst && connection(url).updatedAt.peek() === 0;
    let last = 0;
    let pending: CurrentMetrics | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = (m: CurrentMetrics) => {
      last = Date.now();
      latest.current(m);
    };
    const unsubscribe = subscribeLive(url, (m) => {
      if (first) {
        first = false;
        return;
      }
      const wait = last + throttleMs - Date.now();
      if (wait <= 0) return run(m);
      pending = m;
      timer ??= setTimeout(() => {
        timer = undefined;
        if (pending) run(pending);
        pending = null;
      }, wait);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [url, throttleMs, skipFirst]);
}

/** Fetches JSON from the read API (same-origin session cookie); throws with the API's message. */
export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body?.error ?? `HTTP ${response.status}`);
  return body as T;
}
