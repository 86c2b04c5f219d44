// The lifecycle of a live server-sent-event stream: heartbeats, a liveness check before each one
// (a revoked widget token loses its streams), and clean-up however the stream ends.
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";

export interface LiveFeed {
  /** Milliseconds between heartbeats. */
  everyMs: number;
  /**
   * Heartbeats as `event: heartbeat` (the first one at once) rather than comments: EventSource
   * hides comments, and widgets use the events to tell a live stream from a stale one.
   */
  beatEvents: boolean;
  /** Checked before each heartbeat; false (or a failure) ends the stream. */
  active(): Promise<boolean>;
  /** Starts the feed; `send` writes one event. */
  start(send: (event: string, data: string) => void): void;
  /** Stops the feed when the stream ends (client gone, write failed, no longer active). */
  close(): void;
}

/** Answers `c` with the feed as an SSE stream, open until the client leaves or the feed ends. */
export function liveStream(c: Context, feed: LiveFeed): Response {
  return streamSSE(c, async (stream) => {
    const closed = Promise.withResolvers<void>();
    const beat = () =>
      feed.beatEvents
        ? stream.writeSSE({ event: "heartbeat", data: `{"every_ms":${feed.everyMs}}` })
        : stream.write(": heartbeat\n\n");
    if (feed.beatEvents) void beat().catch(() => closed.resolve());
    feed.start((event, data) => {
      void stream.writeSSE({ event, data }).catch(() => closed.resolve());
    });
    const heartbeat = setInterval(() => {
      void feed.active().then(async (ok) => {
        if (ok) await beat();
        else closed.resolve();
      }).catch(() => closed.resolve());
    }, feed.everyMs);
    stream.onAbort(() => closed.resolve());
    try {
      await closed.promise;
    } finally {
      clearInterval(heartbeat);
      feed.close();
    }
  });
}
