// Reads a request body with a byte cap that holds both on the wire and after decompression (gzip
// bombs stop early; so does an endless gzip stream of empty blocks).
import { AppError } from "../errors.ts";

export const MAX_BODY_BYTES = 1_048_576;

export async function readBody(
  body: ReadableStream<Uint8Array> | null,
  contentEncoding: string | null,
  maxBytes = MAX_BODY_BYTES,
): Promise<Uint8Array> {
  if (!body) return new Uint8Array();
  const encoding = (contentEncoding ?? "identity").trim().toLowerCase();
  let stream: ReadableStream<Uint8Array>;
  if (encoding === "gzip" || encoding === "x-gzip") {
    stream = body.pipeThrough(capped(maxBytes)).pipeThrough<Uint8Array>(
      new DecompressionStream("gzip") as ReadableWritablePair<Uint8Array, Uint8Array>,
    );
  } else if (encoding === "identity" || encoding === "") {
    stream = body;
  } else {
    await body.cancel();
    throw new AppError(
      "unsupported_media_type",
      `Content-Encoding "${encoding}" is not supported; send gzip or no encoding`,
    );
  }
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new AppError(
          "too_large",
          `body is larger than ${maxBytes} bytes (after decompression)`,
        );
      }
      parts.push(value);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("bad_request", "body could not be decompressed: it is not valid gzip");
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}

/** Passes bytes through until more than `maxBytes` have come, then fails with a 413. */
function capped(maxBytes: number): TransformStream<Uint8Array, Uint8Array> {
  let size = 0;
  return new TransformStream({
    transform(chunk, controller) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        controller.error(
          new AppError("too_large", `body is larger than ${maxBytes} bytes (before decompression)`),
        );
        return;
      }
      controller.enqueue(chunk);
    },
  });
}

/** Parses JSON bytes, or a 400 that says where it broke. */
export function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    const why = error instanceof SyntaxError ? error.message : "invalid JSON";
    throw new AppError("bad_request", `body is not valid JSON: ${why}`);
  }
}

/** True for application/json and +json media types. */
export function isJsonContentType(value: string | null): boolean {
  if (!value) return false;
  const type = value.split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || type.endsWith("+json");
}
