// One batch on its way to the monitor: sent until it is accepted, refused, out of retries or
// aborted (shutdown gave up). A 413 splits it in halves; a 400 that lists some events sends the
// others again on their own; network errors, 429 and 5xx are retried with backoff.
import { retryDelayMs } from "./backoff.ts";
import { envelope, rejectionMessage } from "./batch.ts";
import { sleep } from "./runtime.ts";
import { type Outcome, postEvents } from "./send.ts";
import type { FetchLike, MonitorErrorKind } from "./types.ts";

export interface DeliveryOptions {
  url: string;
  apiKey: string;
  fetch: FetchLike;
  timeoutMs: number;
  compress: boolean;
  maxRetries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** For tests: the jitter source. */
  random?: () => number;
}

/** What became of the events, reported as it happens (the dispatcher keeps the counts). */
export interface DeliveryReport {
  accepted(events: number): void;
  failed(kind: MonitorErrorKind, message: string, events: number, status?: number): void;
  /** Given up because the delivery was aborted. */
  dropped(events: number): void;
  retrying(): void;
}

/** Sends serialised events until they are accepted, refused, out of retries or aborted. */
export async function deliver(
  parts: string[],
  keepalive: boolean,
  o: DeliveryOptions,
  signal: AbortSignal,
  report: DeliveryReport,
): Promise<void> {
  if (parts.length === 0) return;
  for (let retry = 0;; retry++) {
    const outcome: Outcome = await postEvents(envelope(parts), parts.length, {
      url: o.url,
      apiKey: o.apiKey,
      fetch: o.fetch,
      timeoutMs: o.timeoutMs,
      compress: o.compress,
      keepalive: keepalive && retry === 0,
      signal,
    });
    if (outcome.kind === "accepted") {
      report.accepted(outcome.accepted);
      if (outcome.rejected.length > 0) {
        report.failed(
          "rejected",
          rejectionMessage(outcome.rejected),
          outcome.rejected.length,
          202,
        );
      }
      return;
    }
    if (outcome.kind === "too_large") {
      if (parts.length === 1) return report.failed("refused", outcome.message, 1, 413);
      const half = Math.ceil(parts.length / 2);
      await deliver(parts.slice(0, half), false, o, signal, report);
      return await deliver(parts.slice(half), false, o, signal, report);
    }
    if (outcome.kind === "refused") {
      // Events a 400 did not list were valid: send them again on their own.
      const listed = new Set(outcome.rejected.map((r) => r.index));
      const rest = listed.size > 0 ? parts.filter((_, i) => !listed.has(i)) : [];
      const message = listed.size > 0
        ? `${outcome.status}: ${rejectionMessage(outcome.rejected)}`
        : outcome.message;
      report.failed("refused", message, parts.length - rest.length, outcome.status);
      if (rest.length > 0) await deliver(rest, false, o, signal, report);
      return;
    }
    if (signal.aborted) return report.dropped(parts.length);
    if (retry >= o.maxRetries) {
      const message = `gave up after ${retry + 1} tries; last: ${outcome.message}`;
      return report.failed("undeliverable", message, parts.length, outcome.status ?? undefined);
    }
    report.retrying();
    const delayMs = retryDelayMs(
      retry + 1,
      { baseMs: o.retryBaseMs, maxMs: o.retryMaxMs },
      outcome.retryAfterMs,
      o.random,
    );
    await sleep(delayMs, signal);
    if (signal.aborted) return report.dropped(parts.length);
  }
}
