// POST /v1/traces from its key to the flusher: the key's rate, the decoders' capacity, the capped
// body decoded in a worker, the model-call spans accepted as events, the flusher told.
import type { Config } from "../config.ts";
import { readBody } from "../http/body.ts";
import { admit, type IngestDeps } from "../ingest/accept.ts";
import type { Flusher } from "../ingest/flusher.ts";
import type { PublicKey } from "../access/types.ts";
import type { OtlpFormat } from "./codec.ts";
import type { OtlpDecoderPool } from "./decoder_pool.ts";
import { ingestTraces, type TracesOutcome } from "./ingest.ts";

/** The gRPC default message size, which OTLP senders are used to; bigger batches get a 413. */
export const OTLP_MAX_BODY_BYTES = 4 * 1_048_576;

export interface ReceiveTracesDeps extends IngestDeps {
  config:
    & IngestDeps["config"]
    & Pick<Config, "OTLP_MAX_SPANS_PER_REQUEST" | "OTLP_MAX_EVENTS_PER_REQUEST">;
  otlpDecoder: Pick<OtlpDecoderPool, "checkCapacity" | "decode">;
  flusher: Pick<Flusher, "notify">;
}

/** The parts of an OTLP export request the monitor reads, its format already known. */
export interface TracesRequest {
  format: OtlpFormat;
  contentEncoding: string | null;
  body: ReadableStream<Uint8Array> | null;
}

/**
 * Accepts an export for `key`: rate and decoder capacity first (before the body is read), then
 * the capped body decoded within span and event limits; durable when it resolves.
 */
export async function receiveTraces(
  deps: ReceiveTracesDeps,
  key: PublicKey,
  request: TracesRequest,
): Promise<TracesOutcome> {
  const rate = await admit(key, deps);
  try {
    deps.otlpDecoder.checkCapacity();
  } catch (error) {
    await request.body?.cancel();
    throw error;
  }
  const bytes = await readBody(request.body, request.contentEncoding, OTLP_MAX_BODY_BYTES);
  const decoded = await deps.otlpDecoder.decode(bytes, request.format, {
    maxSpans: deps.config.OTLP_MAX_SPANS_PER_REQUEST,
    maxEvents: deps.config.OTLP_MAX_EVENTS_PER_REQUEST,
    projectId: key.project_id,
    now: deps.now(),
    storeContent: deps.config.STORE_CONTENT,
    contentMaxChars: deps.config.CONTENT_MAX_CHARS,
  });
  const outcome = await ingestTraces(decoded, key, rate.hit, deps);
  deps.flusher.notify(outcome.accepted);
  return outcome;
}
