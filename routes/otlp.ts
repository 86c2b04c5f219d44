// POST /v1/traces: OTLP/HTTP traces in protobuf or JSON; GenAI model-call spans become events.
// Decoded in a worker (lib/otlp/decoder_pool.ts) within span, event and time limits. Answered the
// OTLP way: 200 with an ExportTraceServiceResponse, errors as a google.rpc.Status, both in the
// request's encoding.
import { Hono } from "hono";
import { readBody } from "../lib/http/body.ts";
import type { AppDeps } from "../lib/deps.ts";
import { AppError } from "../lib/errors.ts";
import { admit } from "../lib/ingest/accept.ts";
import { exportResponse, formatOf, otlpErrorResponse } from "../lib/otlp/codec.ts";
import { ingestTraces, partialSuccessOf } from "../lib/otlp/ingest.ts";
import { type KeyEnv, requireIngestKey } from "./_auth.ts";

/** The gRPC default message size, which OTLP senders are used to; bigger batches get a 413. */
export const OTLP_MAX_BODY_BYTES = 4 * 1_048_576;

export function otlpRoutes(deps: AppDeps) {
  return new Hono<KeyEnv>()
    .post("/traces", requireIngestKey(deps), async (c) => {
      const format = formatOf(c.req.header("content-type") ?? null);
      if (format === null) {
        await c.req.raw.body?.cancel();
        throw new AppError(
          "unsupported_media_type",
          "Content-Type must be application/x-protobuf or application/json (OTLP/HTTP)",
        );
      }
      const rate = await admit(c.var.key, deps);
      try {
        deps.otlpDecoder.checkCapacity();
      } catch (error) {
        await c.req.raw.body?.cancel();
        throw error;
      }
      const bytes = await readBody(
        c.req.raw.body,
        c.req.header("content-encoding") ?? null,
        OTLP_MAX_BODY_BYTES,
      );
      const decoded = await deps.otlpDecoder.decode(bytes, format, {
        maxSpans: deps.config.OTLP_MAX_SPANS_PER_REQUEST,
        maxEvents: deps.config.OTLP_MAX_EVENTS_PER_REQUEST,
        projectId: c.var.key.project_id,
        now: deps.now(),
        storeContent: deps.config.STORE_CONTENT,
        contentMaxChars: deps.config.CONTENT_MAX_CHARS,
      });
      const outcome = await ingestTraces(decoded, c.var.key, rate.hit, deps);
      deps.flusher.notify(outcome.accepted);
      return exportResponse(format, partialSuccessOf(outcome));
    })
    .onError((error, c) => {
      // Anything but an AppError is a bug: the app's own handler logs it and answers 500.
      if (!(error instanceof AppError)) throw error;
      return otlpErrorResponse(error, formatOf(c.req.header("content-type") ?? null) ?? "json");
    });
}
