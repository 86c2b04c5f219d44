// Encoding a fuzzed OTLP export to protobuf or OTLP JSON, and garbage bytes for /v1/traces.
import { create, toBinary } from "@bufbuild/protobuf";
import { ExportTraceServiceRequestSchema } from "../../lib/otlp/gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.ts";
import type { AnyV, SpanCase, TracesCase, TracesRequest } from "./_otlp.ts";

// ── Encoding an OTLP export ─────────────────────────────────────────────────────────────────────

/** An export ready to send, with what the oracle needs: the model-call spans and their ids. */
export interface EncodedExport {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  /** Model-call spans sent (whatever their ids); accepted = this − rejected_spans. */
  modelCalls: number;
  /** `<trace hex>-<span hex>` of every model-call span: the only ids the export may store. */
  modelCallIds: string[];
}

const GENAI_KEY = /^(gen_ai|llm|ai)\./;

/** Encodes an export; `nextSpan` hands out run-unique span numbers, `now` anchors relative times. */
export function encodeExport(
  request: TracesRequest,
  requestNo: number,
  nextSpan: () => number,
  now: number,
): EncodedExport {
  const traceId = idBytes(16, 0xfa00_0000 + requestNo);
  const plainIds: Uint8Array[] = [];
  const spans: Array<Record<string, unknown>> = [];
  const modelCallIds: string[] = [];
  const all: Array<SpanCase & { filler?: true }> = [
    ...Array.from({ length: request.filler }, (_, i): SpanCase & { filler: true } => ({
      modelCall: false,
      idKind: "ok",
      parent: null,
      name: `filler ${i}`,
      kind: 1,
      start: { relMs: -60_000 },
      durationNs: 1_000_000n,
      attributes: [["x.filler", { i: BigInt(i) }]],
      status: null,
      exception: null,
      filler: true,
    })),
    ...request.spans,
  ];
  for (const span of all) {
    const spanId = span.idKind === "zero_span"
      ? new Uint8Array(8)
      : span.idKind === "short_span"
      ? idBytes(7, nextSpan())
      : idBytes(8, nextSpan());
    const trace = span.idKind === "zero_trace"
      ? new Uint8Array(16)
      : span.idKind === "not_hex" && request.encoding === "protobuf"
      ? traceId.slice(1)
      : traceId;
    // Parents are earlier non-GenAI spans only, so no model call ever wraps another one.
    const parent = span.parent === null || plainIds.length === 0
      ? new Uint8Array()
      : plainIds[span.parent % plainIds.length]!;
    if (!span.modelCall) plainIds.push(spanId);
    else modelCallIds.push(`${hex(trace)}-${hex(spanId)}`);
    const start = "ns" in span.start
      ? span.start.ns
      : BigInt(Math.max(0, now + span.start.relMs)) * 1_000_000n;
    const attributes = span.modelCall
      ? [["gen_ai.operation.name", { s: "chat" }] as [string, AnyV], ...span.attributes]
      : span.attributes.filter(([key]) => !GENAI_KEY.test(key));
    spans.push({
      traceId: span.idKind === "not_hex" && request.encoding === "json" ? "zz" : trace,
      spanId,
      parentSpanId: parent,
      name: span.name,
      kind: span.kind,
      startTimeUnixNano: start,
      endTimeUnixNano: BigInt.asUintN(64, start + span.durationNs),
      attributes,
      events: span.exception === null ? [] : [{
        name: "exception",
        timeUnixNano: start,
        attributes: [["exception.message", { s: span.exception }]],
      }],
      status: span.status,
    });
  }
  const resource: Attr[] = request.pad > 0
    ? [...request.resource, ["x.pad", { s: "p".repeat(request.pad) }]]
    : request.resource;
  const body = request.encoding === "protobuf"
    ? toBinary(
      ExportTraceServiceRequestSchema,
      create(ExportTraceServiceRequestSchema, protoExport(resource, spans)),
    )
    : new TextEncoder().encode(JSON.stringify(jsonExport(resource, spans)));
  return {
    body,
    contentType: request.encoding === "protobuf" ? "application/x-protobuf" : "application/json",
    modelCalls: request.spans.filter((s) => s.modelCall).length,
    modelCallIds,
  };
}

function idBytes(length: number, n: number): Uint8Array {
  const out = new Uint8Array(length);
  new DataView(out.buffer).setUint32(length - 4, n);
  out[0] = 0x01;
  return out;
}

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

type Attr = [string, AnyV];

function protoExport(resource: Attr[], spans: Array<Record<string, unknown>>) {
  return {
    resourceSpans: [{
      resource: { attributes: resource.map(protoKeyValue) },
      scopeSpans: [{
        scope: { name: "fuzz" },
        spans: spans.map((s) => ({
          ...s,
          attributes: (s.attributes as Attr[]).map(protoKeyValue),
          events: (s.events as Array<{ name: string; timeUnixNano: bigint; attributes: Attr[] }>)
            .map((e) => ({ ...e, attributes: e.attributes.map(protoKeyValue) })),
          status: s.status ?? undefined,
        })),
      }],
    }],
  } as unknown as Parameters<typeof create<typeof ExportTraceServiceRequestSchema>>[1];
}

function protoKeyValue([key, value]: Attr): Record<string, unknown> {
  return { key, value: protoAnyValue(value) };
}

function protoAnyValue(v: AnyV): Record<string, unknown> {
  const of = (c: string, value: unknown) => ({ value: { case: c, value } });
  if ("s" in v) return of("stringValue", v.s);
  if ("i" in v) return of("intValue", v.i);
  if ("d" in v) return of("doubleValue", Number(v.d));
  if ("b" in v) return of("boolValue", v.b);
  if ("bytes" in v) return of("bytesValue", v.bytes);
  if ("arr" in v) return of("arrayValue", { values: v.arr.map(protoAnyValue) });
  if ("kv" in v) return of("kvlistValue", { values: v.kv.map(protoKeyValue) });
  if ("wide" in v) {
    return of("arrayValue", {
      values: Array.from({ length: v.wide }, (_, i) => of("intValue", BigInt(i))),
    });
  }
  if ("deep" in v) {
    let value = of("stringValue", "bottom");
    for (let i = 0; i < v.deep; i++) {
      value = of("kvlistValue", { values: [{ key: "d", value }] });
    }
    return value;
  }
  return {};
}

function jsonExport(resource: Attr[], spans: Array<Record<string, unknown>>) {
  const id = (v: unknown) => (v instanceof Uint8Array ? hex(v) : v);
  return {
    resourceSpans: [{
      resource: { attributes: resource.map(jsonKeyValue) },
      scopeSpans: [{
        scope: { name: "fuzz" },
        spans: spans.map((s) => ({
          ...s,
          traceId: id(s.traceId),
          spanId: id(s.spanId),
          parentSpanId: id(s.parentSpanId),
          startTimeUnixNano: String(s.startTimeUnixNano),
          endTimeUnixNano: String(s.endTimeUnixNano),
          attributes: (s.attributes as Attr[]).map(jsonKeyValue),
          events: (s.events as Array<{ name: string; timeUnixNano: bigint; attributes: Attr[] }>)
            .map((e) => ({
              name: e.name,
              timeUnixNano: String(e.timeUnixNano),
              attributes: e.attributes.map(jsonKeyValue),
            })),
          status: s.status ?? {},
        })),
      }],
    }],
  };
}

function jsonKeyValue([key, value]: Attr): Record<string, unknown> {
  return { key, value: jsonAnyValue(value) };
}

function jsonAnyValue(v: AnyV): Record<string, unknown> {
  if ("s" in v) return { stringValue: v.s };
  // proto3 JSON: int64 as a decimal string; small ones also as a number, as exporters send them.
  if ("i" in v) {
    return {
      intValue: Number.isSafeInteger(Number(v.i)) && v.i % 2n === 0n ? Number(v.i) : String(v.i),
    };
  }
  if ("d" in v) return { doubleValue: v.d };
  if ("b" in v) return { boolValue: v.b };
  if ("bytes" in v) return { bytesValue: btoa(String.fromCharCode(...v.bytes)) };
  if ("arr" in v) return { arrayValue: { values: v.arr.map(jsonAnyValue) } };
  if ("kv" in v) return { kvlistValue: { values: v.kv.map(jsonKeyValue) } };
  if ("wide" in v) {
    return { arrayValue: { values: Array.from({ length: v.wide }, (_, i) => ({ intValue: i })) } };
  }
  if ("deep" in v) {
    let value: Record<string, unknown> = { stringValue: "bottom" };
    for (let i = 0; i < v.deep; i++) value = { kvlistValue: { values: [{ key: "d", value }] } };
    return value;
  }
  return {};
}

/** Garbage bytes for /v1/traces: random, or a small valid export with some bytes overwritten. */
export function encodeGarbage(
  c: Extract<TracesCase, { kind: "garbage" }>,
  now: number,
): { body: Uint8Array<ArrayBuffer>; contentType: string } {
  const contentType = c.encoding === "protobuf" ? "application/x-protobuf" : "application/json";
  if (!c.mutate) return { body: new Uint8Array(c.bytes), contentType };
  let n = 0;
  const valid = encodeExport(
    {
      kind: "export",
      encoding: c.encoding,
      gzip: false,
      resource: [["service.name", { s: "svc" }]],
      spans: [{
        modelCall: true,
        idKind: "ok",
        parent: null,
        name: "chat",
        kind: 3,
        start: { relMs: -1_000 },
        durationNs: 5_000_000n,
        attributes: [["gen_ai.request.model", { s: "gpt-4o" }], ["gen_ai.usage.input_tokens", {
          i: 7n,
        }]],
        status: null,
        exception: null,
      }],
      filler: 0,
      pad: 0,
    },
    0,
    () => ++n,
    now,
  ).body;
  for (let i = 0; i + 1 < c.bytes.length; i += 2) {
    const at = c.bytes[i]! % (valid.length + 1);
    if (at === valid.length) continue;
    valid[at] = c.bytes[i + 1]!;
  }
  return { body: valid, contentType };
}
