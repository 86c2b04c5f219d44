// POST /v1/traces (mounted at /v1/traces): OTLP/HTTP traces in protobuf or JSON; GenAI model-call
// spans become events. Decoded in a worker (lib/otlp/decoder_pool.ts) within span, event and time
// limits. Answered the OTLP way: 200 with an ExportTraceServiceResponse, errors as a
// google.rpc.Status, both in the request's encoding.
import { Hono } from "hono";
import type { AppDeps } from "../lib/deps.ts";
import { AppError } from "../lib/errors.ts";
import { exportResponse, formatOf, otlpErrorResponse } from "../lib/otlp/codec.ts";
import { partialSuccessOf } from "../lib/otlp/ingest.ts";
import { receiveTraces } from "../lib/otlp/receive.ts";
import { type KeyEnv, requireIngestKey } from "./_auth.ts";

export function otlpRoutes(deps: AppDeps) {
  return new Hono<KeyEnv>()
    .post("/", requireIngestKey(deps), async (c) => {
      const format = formatOf(c.req.header("content-type") ?? null);
      if (format === null) {
        await c.req.raw.body?.cancel();
        throw new AppError(
          "unsupported_media_type",
          "Content-Type must be application/x-protobuf or application/json (OTLP/HTTP)",
        );
      }
      const outcome = await receiveTraces(deps, c.var.key, {
        format,
        contentEncoding: c.req.header("content-encoding") ?? null,
        body: c.req.raw.body,
      });
      return exportResponse(format, partialSuccessOf(outcome));
    })
    .onError((error, c) => {
      // Anything but an AppError is a bug: the app's own handler logs it and answers 500.
      if (!(error instanceof AppError)) throw error;
      return otlpErrorResponse(error, formatOf(c.req.header("content-type") ?? null) ?? "json");
    });
}
