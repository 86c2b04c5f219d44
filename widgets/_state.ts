// The state of a widget's data source (a shared stream, or a poll) as a pure function of what
// happened, so every transition is testable without a browser. Time is a parameter.

export type Status = "loading" | "live" | "stale" | "unauthorized" | "unreachable" | "invalid";
export type Failure = "unauthorized" | "unreachable" | "invalid";

/** How each status reads on a widget (and to a screen reader). */
export const STATUS_TEXT: Record<Status, string> = {
  loading: "Loading",
  live: "Live",
  stale: "Stale",
  unauthorized: "Not authorized",
  unreachable: "Offline",
  invalid: "Check attributes",
};

export interface SourceState<T> {
  status: Status;
  /** The last numbers received; kept (and shown dimmed) while stale or failing. */
  data: T | null;
  /** When numbers or a heartbeat last arrived (epoch ms). */
  seen_at: number;
  /** Live turns stale after this long without numbers or a heartbeat. */
  stale_after_ms: number;
  /** Failures since the last success; drives the backoff. */
  failures: number;
  /** Why, in the error states. */
  message: string;
}

export type SourceEvent<T> =
  | { type: "data"; at: number; data: T }
  | { type: "beat"; at: number; every_ms?: number }
  | { type: "check"; at: number }
  | { type: "fail"; status: Failure; message: string };

/** Until the server says how often it beats: three missed 15 s heartbeats. */
export const DEFAULT_STALE_AFTER_MS = 45_000;

export function initialState<T>(at: number, staleAfterMs = DEFAULT_STALE_AFTER_MS): SourceState<T> {
  return {
    status: "loading",
    data: null,
    seen_at: at,
    stale_after_ms: staleAfterMs,
    failures: 0,
    message: "",
  };
}

export function nextState<T>(s: SourceState<T>, e: SourceEvent<T>): SourceState<T> {
  switch (e.type) {
    case "data":
      return { ...s, status: "live", data: e.data, seen_at: e.at, failures: 0, message: "" };
    case "beat":
      return {
        ...s,
        // A stale source with numbers is live again; a loading one stays loading.
        status: s.status === "stale" && s.data !== null ? "live" : s.status,
        seen_at: e.at,
        stale_after_ms: e.every_ms ? e.every_ms * 2.5 : s.stale_after_ms,
      };
    case "check":
      return s.status === "live" && e.at - s.seen_at >= s.stale_after_ms
        ? { ...s, status: "stale" }
        : s;
    case "fail":
      return { ...s, status: e.status, failures: s.failures + 1, message: e.message };
  }
}

/**
 * How long to wait before the next attempt: exponential with jitter, capped; slower when the
 * server refused (a token or an origin is fixed by a person); never for a bad attribute.
 */
export function retryDelayMs(s: SourceState<unknown>, random = Math.random): number | null {
  const [base, cap] = s.status === "unreachable"
    ? [1_000, 30_000]
    : s.status === "unauthorized"
    ? [15_000, 300_000]
    : [0, 0];
  if (base === 0) return null;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, s.failures - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}

/** An HTTP answer that is not 2xx, as a failure: refused, misconfigured, or worth retrying. */
export function classify(
  status: number,
  message: string,
): Extract<SourceEvent<never>, { type: "fail" }> {
  return {
    type: "fail",
    status: status === 401 || status === 403
      ? "unauthorized"
      : status === 400 || status === 404
      ? "invalid"
      : "unreachable",
    message,
  };
}

export interface MetricView {
  status: Status;
  message: string;
  value: number | null;
  /** The same metric over the previous window, when the source sends it. */
  previous: number | null;
}

/**
 * One metric of a source's numbers. Numbers without the metric mean the token may not read it
 * (the server leaves out what a widget token cannot read): unauthorized.
 */
export function metricView(
  s: SourceState<Record<string, unknown>>,
  metric: string,
  known: boolean,
): MetricView {
  const value = s.data?.[metric];
  const previous = (s.data?.previous as Record<string, unknown> | undefined)?.[metric];
  const view = {
    status: s.status,
    message: s.message,
    value: typeof value === "number" ? value : null,
    previous: typeof previous === "number" ? previous : null,
  };
  if (!known) return { ...view, status: "invalid", message: `unknown metric "${metric}"` };
  if (s.data && view.value === null && (s.status === "live" || s.status === "stale")) {
    return { ...view, status: "unauthorized", message: `this token cannot read ${metric}` };
  }
  return view;
}
