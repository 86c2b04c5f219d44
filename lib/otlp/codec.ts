// OTLP/HTTP encodings: the request in binary protobuf or OTLP JSON, the answer in the same one.
// Decoding is protobuf-es on code generated from the official OTLP .proto files (lib/otlp/gen/).
import { create, fromJson, type JsonValue, toBinary, toJson } from "@bufbuild/protobuf";
import { base64Encode } from "@bufbuild/protobuf/wire";
import { AppError, type ErrorKind } from "../errors.ts";
import { parseJson } from "../http/body.ts";
import { StatusSchema } from "./gen/google/rpc/status_pb.ts";
import {
  type ExportTraceServiceRequest,
  ExportTraceServiceRequestSchema,
  ExportTraceServiceResponseSchema,
} from "./gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.ts";
import { countSpans, decodeRequest } from "./wire.ts";

export type OtlpFormat = "protobuf" | "json";

const CONTENT_TYPES = { protobuf: "application/x-protobuf", json: "application/json" } as const;

/** The OTLP encoding of a Content-Type, or null when it is neither protobuf nor JSON. */
export function formatOf(contentType: string | null): OtlpFormat | null {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/x-protobuf" || type === "application/protobuf") return "protobuf";
  if (type === "application/json") return "json";
  return null;
}

/**
 * Decodes an ExportTraceServiceRequest, or a 400 that says what is wrong with it. Spans are
 * counted before any is built: past `maxSpans` the answer is a 413 that names the limit.
 */
export function decodeTraces(
  bytes: Uint8Array,
  format: OtlpFormat,
  maxSpans = Number.POSITIVE_INFINITY,
): ExportTraceServiceRequest {
  if (format === "json") {
    const json = parseJson(bytes) as JsonValue;
    if (spansInJson(json) > maxSpans) throw tooManySpans(maxSpans);
    try {
      return fromJson(ExportTraceServiceRequestSchema, hexIdsToBase64(json), {
        ignoreUnknownFields: true,
      });
    } catch (error) {
      throw malformed("OTLP JSON", error);
    }
  }
  try {
    if (countSpans(bytes, maxSpans) > maxSpans) throw tooManySpans(maxSpans);
    return decodeRequest(bytes);
  } catch (error) {
    throw malformed("protobuf", error);
  }
}

function tooManySpans(maxSpans: number): AppError {
  return new AppError(
    "too_large",
    `more than ${maxSpans} spans in one request; OTLP_MAX_SPANS_PER_REQUEST allows ${maxSpans}: send smaller batches`,
  );
}

/** Spans in parsed OTLP JSON, an upper bound on what the decoder would build (both key spellings). */
function spansInJson(json: JsonValue): number {
  let spans = 0;
  for (const rs of arrayItems(json, "resourceSpans", "resource_spans")) {
    for (const ss of arrayItems(rs, "scopeSpans", "scope_spans")) {
      spans += arrayItems(ss, "spans").length;
    }
  }
  return spans;
}

function arrayItems(value: JsonValue, ...names: string[]): JsonValue[] {
  return names.flatMap((name) => {
    const list = field(value, name);
    return Array.isArray(list) ? list : [];
  });
}

function malformed(encoding: string, error: unknown): AppError {
  if (error instanceof AppError) return error;
  const why = error instanceof Error ? error.message : String(error);
  return new AppError(
    "bad_request",
    `body is not a valid ${encoding} ExportTraceServiceRequest: ${why}`,
  );
}

/**
 * OTLP JSON writes trace and span ids as hex where proto3 JSON expects base64: rewrites them so
 * the standard JSON decoder reads the right bytes. Other shapes are left for the decoder to judge.
 */
function hexIdsToBase64(json: JsonValue): JsonValue {
  for (const rs of objects(field(json, "resourceSpans", "resource_spans"))) {
    for (const ss of objects(field(rs, "scopeSpans", "scope_spans"))) {
      for (const span of objects(field(ss, "spans"))) {
        rewriteIds(span, [
          "traceId",
          "trace_id",
          "spanId",
          "span_id",
          "parentSpanId",
          "parent_span_id",
        ]);
        for (const link of objects(field(span, "links"))) {
          rewriteIds(link, ["traceId", "trace_id", "spanId", "span_id"]);
        }
      }
    }
  }
  return json;
}

function field(value: JsonValue | undefined, ...names: string[]): JsonValue | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  for (const name of names) if (name in value) return value[name];
  return undefined;
}

function objects(value: JsonValue | undefined): Array<{ [k: string]: JsonValue }> {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is { [k: string]: JsonValue } =>
    v !== null && typeof v === "object" && !Array.isArray(v)
  );
}

function rewriteIds(target: { [k: string]: JsonValue }, names: string[]): void {
  for (const name of names) {
    const id = target[name];
    if (typeof id !== "string") continue;
    if (!/^(?:[0-9a-fA-F]{2})*$/.test(id)) {
      throw new AppError(
        "bad_request",
        `body is not a valid OTLP JSON ExportTraceServiceRequest: ${name} "${
          id.slice(0, 40)
        }" is not hex`,
      );
    }
    const bytes = new Uint8Array(id.length / 2);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(id.slice(2 * i, 2 * i + 2), 16);
    target[name] = base64Encode(bytes);
  }
}

/** The 200 answer: an ExportTraceServiceResponse, partial_success set only when needed. */
export function exportResponse(
  format: OtlpFormat,
  partial: { rejectedSpans: number; errorMessage: string } | null,
): Response {
  const message = create(ExportTraceServiceResponseSchema, {
    partialSuccess: partial === null ? undefined : {
      rejectedSpans: BigInt(partial.rejectedSpans),
      errorMessage: partial.errorMessage,
    },
  });
  const body = format === "protobuf"
    ? toBinary(ExportTraceServiceResponseSchema, message)
    : JSON.stringify(toJson(ExportTraceServiceResponseSchema, message));
  return new Response(body, { status: 200, headers: { "content-type": CONTENT_TYPES[format] } });
}

/** gRPC codes for the google.rpc.Status that OTLP/HTTP puts in every 4xx and 5xx body. */
const GRPC_CODES = {
  bad_request: 3, // INVALID_ARGUMENT
  unauthorized: 16, // UNAUTHENTICATED
  forbidden: 7, // PERMISSION_DENIED
  not_found: 5, // NOT_FOUND
  too_large: 8, // RESOURCE_EXHAUSTED
  unsupported_media_type: 3, // INVALID_ARGUMENT
  rate_limited: 8, // RESOURCE_EXHAUSTED
  unavailable: 14, // UNAVAILABLE
} satisfies Record<ErrorKind, number>;

/** An AppError as OTLP/HTTP wants it: same status and Retry-After, a Status body. */
export function otlpErrorResponse(error: AppError, format: OtlpFormat): Response {
  const status = create(StatusSchema, {
    code: GRPC_CODES[error.kind],
    message: error.message,
  });
  const headers = new Headers({ "content-type": CONTENT_TYPES[format] });
  if (error.options.retryAfterS !== undefined) {
    headers.set("retry-after", String(error.options.retryAfterS));
  }
  const body = format === "protobuf"
    ? toBinary(StatusSchema, status)
    : JSON.stringify(toJson(StatusSchema, status));
  return new Response(body, { status: error.status, headers });
}
