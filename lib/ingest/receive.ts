// POST /v1/events from its key to the flusher: the key's rate, the body's type and size, the
// events accepted, the flusher told. routes/ingest.ts hands over the request's parts.
import { AppError } from "../errors.ts";
import { isJsonContentType, parseJson, readBody } from "../http/body.ts";
import type { PublicKey } from "../access/types.ts";
import type { Flusher } from "./flusher.ts";
import { admit, ingest, type IngestDeps, type IngestResult } from "./accept.ts";

export interface ReceiveDeps extends IngestDeps {
  flusher: Pick<Flusher, "notify">;
}

/** The parts of an ingest request the monitor reads. */
export interface IngestRequest {
  contentType: string | null;
  contentEncoding: string | null;
  body: ReadableStream<Uint8Array> | null;
}

/**
 * Accepts a batch for `key`: rate first (before the body is read), then Content-Type, then the
 * capped body; durable when it resolves, and the flusher knows there is work.
 */
export async function receiveEvents(
  deps: ReceiveDeps,
  key: PublicKey,
  request: IngestRequest,
): Promise<IngestResult> {
  const rate = await admit(key, deps);
  if (!isJsonContentType(request.contentType)) {
    await request.body?.cancel();
    throw new AppError("unsupported_media_type", "Content-Type must be application/json");
  }
  const bytes = await readBody(request.body, request.contentEncoding);
  const result = await ingest(parseJson(bytes), key, rate.hit, deps);
  deps.flusher.notify(result.accepted);
  return result;
}
