// Binary OTLP traces walked on the wire: ExportTraceServiceRequest.resource_spans (1) →
// ResourceSpans.scope_spans (2) → ScopeSpans.spans (2). Counting spans this way builds nothing, so a
// request is measured before it is decoded; the decoder walks the same fields, so the spans counted
// are exactly the spans decoded (protobuf-es alone lets a nested message overrun its length, which
// would let a request hide spans from a count that trusts the lengths).
import { create, fromBinary, mergeFromBinary } from "@bufbuild/protobuf";
import { BinaryReader } from "@bufbuild/protobuf/wire";
import { InstrumentationScopeSchema } from "./gen/opentelemetry/proto/common/v1/common_pb.ts";
import { ResourceSchema } from "./gen/opentelemetry/proto/resource/v1/resource_pb.ts";
import {
  type ExportTraceServiceRequest,
  ExportTraceServiceRequestSchema,
} from "./gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.ts";
import {
  type ResourceSpans,
  ResourceSpansSchema,
  type ScopeSpans,
  ScopeSpansSchema,
  SpanSchema,
} from "./gen/opentelemetry/proto/trace/v1/trace_pb.ts";

/** The known fields of the three envelope messages; all are length-delimited (message or string). */
const REQUEST = { resourceSpans: 1 } as const;
const RESOURCE_SPANS = { resource: 1, scopeSpans: 2, schemaUrl: 3 } as const;
const SCOPE_SPANS = { scope: 1, spans: 2, schemaUrl: 3 } as const;

/** protobuf-es's default nesting limit, spent the same way when unknown groups are skipped. */
const RECURSION_LIMIT = 100;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Calls `onField` with the payload of every known field of one message, skipping the others as
 * protobuf-es does (a known field is read as length-delimited whatever its wire type says). Stops
 * when `onField` returns false; throws protobuf-es's own errors on malformed input.
 */
function eachField(
  bytes: Uint8Array,
  depth: number,
  known: Readonly<Record<string, number>>,
  onField: (fieldNo: number, payload: Uint8Array) => boolean,
): boolean {
  const numbers = Object.values(known);
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const [fieldNo, wireType] = reader.tag();
    if (!numbers.includes(fieldNo)) {
      reader.skip(wireType, fieldNo, RECURSION_LIMIT - depth);
      continue;
    }
    if (!onField(fieldNo, reader.bytes())) return false;
  }
  return true;
}

/**
 * The number of spans in a binary ExportTraceServiceRequest, without decoding any of them. Stops
 * counting past `limit`: the answer is then limit + 1. Throws on a malformed envelope.
 */
export function countSpans(bytes: Uint8Array, limit: number): number {
  let spans = 0;
  eachField(
    bytes,
    1,
    REQUEST,
    (_, resourceSpans) =>
      eachField(resourceSpans, 2, RESOURCE_SPANS, (no, field) =>
        no !== RESOURCE_SPANS.scopeSpans ||
        eachField(field, 3, SCOPE_SPANS, (no) => no !== SCOPE_SPANS.spans || ++spans <= limit)),
  );
  return spans;
}

/** Decodes a binary ExportTraceServiceRequest along the same walk as countSpans. */
export function decodeRequest(bytes: Uint8Array): ExportTraceServiceRequest {
  const request = create(ExportTraceServiceRequestSchema);
  eachField(bytes, 1, REQUEST, (_, payload) => {
    request.resourceSpans.push(decodeResourceSpans(payload));
    return true;
  });
  return request;
}

function decodeResourceSpans(bytes: Uint8Array): ResourceSpans {
  const rs = create(ResourceSpansSchema);
  eachField(bytes, 2, RESOURCE_SPANS, (no, payload) => {
    if (no === RESOURCE_SPANS.resource) {
      // A repeated singular message is merged, as protobuf does.
      rs.resource = rs.resource
        ? mergeFromBinary(ResourceSchema, rs.resource, payload)
        : fromBinary(ResourceSchema, payload);
    } else if (no === RESOURCE_SPANS.scopeSpans) rs.scopeSpans.push(decodeScopeSpans(payload));
    else rs.schemaUrl = utf8.decode(payload);
    return true;
  });
  return rs;
}

function decodeScopeSpans(bytes: Uint8Array): ScopeSpans {
  const ss = create(ScopeSpansSchema);
  eachField(bytes, 3, SCOPE_SPANS, (no, payload) => {
    if (no === SCOPE_SPANS.scope) {
      ss.scope = ss.scope
        ? mergeFromBinary(InstrumentationScopeSchema, ss.scope, payload)
        : fromBinary(InstrumentationScopeSchema, payload);
    } else if (no === SCOPE_SPANS.spans) ss.spans.push(fromBinary(SpanSchema, payload));
    else ss.schemaUrl = utf8.decode(payload);
    return true;
  });
  return ss;
}
