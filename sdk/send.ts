// One POST /v1/events and what its answer means for the batch: accepted, retry, split, refused.
import { parseRetryAfter } from "./backoff.ts";
import { setUnrefTimeout } from "./runtime.ts";
import type { FetchLike } from "./types.ts";

export interface Rejection {
  index: number;
  errors: string[];
}

export type Outcome =
  | { kind: "accepted"; accepted: number; rejected: Rejection[] }
  /** 408, 429, 5xx, a network error or a timeout: the same batch may be sent again. */
  | { kind: "retry"; status: number | null; message: string; retryAfterMs: number | null }
  /** 413: too many events or bytes; the batch should be split. */
  | { kind: "too_large"; message: string }
  /** Any other 4xx: sending it again will not help. */
  | { kind: "refused"; status: number; message: string; rejected: Rejection[] };

export interface PostOptions {
  url: string;
  apiKey: string;
  fetch: FetchLike;
  timeoutMs: number;
  /** gzip the body when it is over 1 KiB and the runtime has CompressionStream. */
  compress: boolean;
  /** Let the request outlive the page; the body is never compressed then (no await first). */
  keepalive?: boolean;
  /** Aborts the request (shutdown). */
  signal?: AbortSignal;
}

const COMPRESS_MIN_CHARS = 1024;

/** Sends `{"events": [...]}` (already serialised) and classifies the answer. Never throws. */
export async function postEvents(body: string, count: number, o: PostOptions): Promise<Outcome> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(o.signal?.reason);
  o.signal?.addEventListener("abort", onAbort);
  // Unref'd: the request itself keeps a process alive while it runs, the timer need not.
  const timer = setUnrefTimeout(() => controller.abort(new Error("timed out")), o.timeoutMs);
  try {
    const headers: Record<string, string> = {
      authorization: `Bearer ${o.apiKey}`,
      "content-type": "application/json",
    };
    let payload: string | Uint8Array<ArrayBuffer> = body;
    if (o.compress && !o.keepalive && body.length > COMPRESS_MIN_CHARS && canGzip()) {
      payload = await gzip(body);
      headers["content-encoding"] = "gzip";
    }
    const response = await o.fetch(o.url, {
      method: "POST",
      headers,
      body: payload,
      signal: controller.signal,
      keepalive: o.keepalive,
    });
    const text = await response.text();
    return classify(response.status, text, response.headers.get("retry-after"), count);
  } catch (error) {
    const message = controller.signal.aborted
      ? `request aborted: ${describe(controller.signal.reason)}`
      : `network error: ${describe(error)}`;
    return { kind: "retry", status: null, message, retryAfterMs: null };
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener("abort", onAbort);
  }
}

function classify(status: number, text: string, retryAfter: string | null, count: number): Outcome {
  const body = parseBody(text);
  if (status >= 200 && status < 300) {
    return {
      kind: "accepted",
      accepted: typeof body.accepted === "number" ? body.accepted : count,
      rejected: rejections(body.rejected),
    };
  }
  const message = typeof body.error === "string"
    ? `${status}: ${body.error}`
    : `${status}: ${text.slice(0, 200)}`;
  if (status === 408 || status === 429 || status >= 500) {
    return { kind: "retry", status, message, retryAfterMs: parseRetryAfter(retryAfter) };
  }
  if (status === 413) return { kind: "too_large", message };
  return { kind: "refused", status, message, rejected: rejections(body.rejected) };
}

function parseBody(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" ? value as Record<string, unknown> : {};
  } catch {
    return {}; // not JSON (a proxy's error page): the status alone decides
  }
}

function rejections(value: unknown): Rejection[] {
  if (!Array.isArray(value)) return [];
  return value.filter((r): r is Rejection =>
    r !== null && typeof r === "object" && typeof (r as Rejection).index === "number"
  ).map((r) => ({ index: r.index, errors: Array.isArray(r.errors) ? r.errors.map(String) : [] }));
}

function describe(value: unknown): string {
  return value instanceof Error ? value.message : String(value);
}

function canGzip(): boolean {
  return typeof CompressionStream !== "undefined";
}

async function gzip(text: string): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
