// Caps every request body before any handler (or authentication) reads it. A Content-Length is
// checked first and a body over the cap is refused without reading a byte of it; a chunked body
// is counted as it arrives and kept only up to the cap, so the first chunk past it ends the
// request with 413 while the client is still sending. hono/body-limit counts the same way but
// answers in plain text and leaves the refused body's reader locked: this one speaks the JSON
// error shape (lib/errors.ts) and cancels the rest of the body.
import type { MiddlewareHandler } from "hono";
import { AppError } from "../errors.ts";

/** Admin and settings JSON, settings forms: the cap wherever `byPath` says nothing. */
export const DEFAULT_BODY_LIMIT_BYTES = 65_536;

/** Methods that carry no body; any body on them is refused. */
const BODYLESS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface BodyLimitOptions {
  /** Bytes a body may have on a path `byPath` does not name. */
  maxBytes?: number;
  /** Exact paths with their own cap, e.g. `{ "/api/login": 8192 }`. */
  byPath?: Readonly<Record<string, number>>;
  /**
   * Exact paths whose handler caps the body itself while streaming it, after its own checks and
   * in its own error format (ingest: lib/http/body.ts, on the wire and after decompression).
   */
  selfLimited?: readonly string[];
}

export function bodyLimit(
  { maxBytes = DEFAULT_BODY_LIMIT_BYTES, byPath = {}, selfLimited = [] }: BodyLimitOptions = {},
): MiddlewareHandler {
  const exempt = new Set(selfLimited);
  return async function bodyLimit(c, next) {
    const request = c.req.raw;
    const declared = request.headers.get("content-length");
    const chunked = request.headers.has("transfer-encoding");
    if (BODYLESS.has(request.method)) {
      // Deno.serve hands these methods no body even when one is sent: judge by the headers.
      if (!chunked && (declared === null || Number(declared) === 0)) return await next();
      await request.body?.cancel();
      throw new AppError("too_large", `${request.method} ${c.req.path} takes no request body`, {
        details: { limit_bytes: 0 },
      });
    }
    if (!request.body || exempt.has(c.req.path)) return await next();
    const limit = byPath[c.req.path] ?? maxBytes;
    const tooLarge = () =>
      new AppError(
        "too_large",
        `request body is larger than ${limit} bytes, the limit for ${request.method} ${c.req.path}`,
        { details: { limit_bytes: limit } },
      );
    if (declared !== null && !chunked) {
      if (Number(declared) > limit) {
        await request.body.cancel();
        throw tooLarge();
      }
      return await next();
    }
    const parts: Uint8Array[] = [];
    let size = 0;
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel();
        throw tooLarge();
      }
      parts.push(value);
    }
    c.req.raw = new Request(request, { body: concat(parts, size) });
    return await next();
  };
}

function concat(parts: Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
