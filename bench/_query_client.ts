// The client side of the stream benchmark: a Server-Sent Events client over fetch that parses
// the stream as EventSource does (lib/shared/sse_parse.ts, as tests/_sse.ts) but hands each
// message to a callback, so a thousand of them stay cheap (EventSource cannot send an
// Authorization header), and one-event POSTs to /v1/events. No server code: the client
// subprocess imports only this and the browser-safe parser.
import { type SseMessage, SseParser } from "../lib/shared/sse_parse.ts";

export type { SseMessage };

export interface SseStream {
  status: number;
  /** Resolves when the stream ends (closed by either side). */
  done: Promise<void>;
  close(): Promise<void>;
}

export async function openSse(
  url: string,
  headers: Record<string, string>,
  onMessage: (m: SseMessage) => void,
): Promise<SseStream> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: "text/event-stream", ...headers },
    signal: controller.signal,
  });
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new Error(`GET ${new URL(url).pathname}: ${response.status}`);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const done = (async () => {
    const parser = new SseParser({ onMessage });
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        parser.push(value);
      }
    } catch (error) {
      // An abort is how close() ends the stream; anything else is the bench's to report.
      if (!isAbort(error)) throw error;
    }
  })();
  return {
    status: response.status,
    done,
    close: async () => {
      // Cancelling the reader settles a pending read at once (an abort alone sometimes left it
      // pending); the abort then ends the request if the body is still being fetched.
      await reader.cancel().catch((error) => {
        if (!isAbort(error)) throw error;
      });
      controller.abort();
      await done;
    },
  };
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

/** POST /v1/events with one event; resolves with the time to the 202. */
export async function postEvent(
  target: { url: string; ingestKey: string },
  event: Record<string, unknown>,
): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${target.url}/v1/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${target.ingestKey}`, "content-type": "application/json" },
    body: JSON.stringify({ events: [event] }),
  });
  await response.body?.cancel();
  if (response.status !== 202) throw new Error(`POST /v1/events: ${response.status}`);
  return performance.now() - started;
}
