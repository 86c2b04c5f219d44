// A Server-Sent Events client over fetch, as EventSource parses the stream (which cannot send
// an Authorization header): events by name, comments counted.
import { type SseMessage, SseParser } from "../lib/shared/sse_parse.ts";

export type { SseMessage };

export interface SseClient extends AsyncDisposable {
  status: number;
  contentType: string | null;
  /** The next message, or an error when none arrives within timeoutMs. */
  next(timeoutMs?: number): Promise<SseMessage>;
  /** Reads messages until one satisfies `match`. */
  until(match: (m: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  comments: number;
  close(): Promise<void>;
}

export async function connectSse(url: string, headers: Record<string, string>): Promise<SseClient> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: "text/event-stream", ...headers },
    signal: controller.signal,
  });
  const queue: SseMessage[] = [];
  const waiters: Array<() => void> = [];
  let closed = false;
  const client: SseClient = {
    status: response.status,
    contentType: response.headers.get("content-type"),
    comments: 0,
    async next(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (queue.length === 0) {
        if (closed) throw new Error("stream closed");
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error(`no SSE message within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, remaining);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return queue.shift()!;
    },
    async until(match, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = await client.next(Math.max(1, deadline - Date.now()));
        if (match(m)) return m;
      }
    },
    async close() {
      controller.abort();
      await pump.catch(() => {});
    },
    [Symbol.asyncDispose]: () => client.close(),
  };
  const wake = () => waiters.splice(0).forEach((w) => w());
  const parser = new SseParser({
    onMessage: (m) => {
      queue.push(m);
      wake();
    },
    onComment: () => void client.comments++,
  });
  const pump = (async () => {
    if (!response.body) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.push(value);
      }
    } finally {
      closed = true;
      wake();
    }
  })();
  return client;
}
