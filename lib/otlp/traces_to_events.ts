// A decoded export → validated events: which spans are model calls, their events judged like any
// other (lib/ingest/event.ts). Pure and synchronous, so it runs in the decode worker (decode_worker.ts);
// storing the events is lib/otlp/ingest.ts's part, on the server's thread.
import { AppError } from "../errors.ts";
import { parseEvents, type ParseOptions, type StoredEvent } from "../ingest/event.ts";
import { type Attrs, toAttrs } from "./attributes.ts";
import type { ExportTraceServiceRequest } from "./gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.ts";
import type { Span } from "./gen/opentelemetry/proto/trace/v1/trace_pb.ts";
import { withMetadataTags } from "./metadata.ts";
import { classify, hex, type SpanClass, toEventInput } from "./span_event.ts";

const MAX_ANCESTORS = 64;

/** What an export yields: events to store, model-call spans rejected, other spans skipped. */
export interface DecodedTraces {
  events: StoredEvent[];
  /** Model-call spans that failed validation, by span id. */
  rejected: Array<{ span: string; errors: string[] }>;
  /** Spans that are not model calls: counted, not stored, not rejected. */
  skipped: { notGenai: number; notModelCall: number };
}

export interface TracesOptions extends ParseOptions {
  /** Model-call spans one request may carry; past it the whole request is a 413. */
  maxEvents: number;
}

interface Entry {
  span: Span;
  attrs: Attrs;
  resource: Attrs;
  kind: SpanClass;
}

export function tracesToEvents(
  request: ExportTraceServiceRequest,
  options: TracesOptions,
): DecodedTraces {
  const entries = entriesOf(request);
  const byId = new Map(entries.map((e) => [spanKey(e.span.traceId, e.span.spanId), e]));
  markWrappers(entries, byId);
  const calls = entries.filter((e) => e.kind === "model_call");
  if (calls.length > options.maxEvents) {
    throw new AppError(
      "too_large",
      `${calls.length} model-call spans in one request; OTLP_MAX_EVENTS_PER_REQUEST allows ${options.maxEvents}: send smaller batches`,
    );
  }
  const rejected: DecodedTraces["rejected"] = [];
  const raw: unknown[] = [];
  const rawSpans: string[] = [];
  for (const entry of calls) {
    const spanId = hex(entry.span.spanId);
    if (!validId(entry.span.traceId, 16) || !validId(entry.span.spanId, 8)) {
      rejected.push({
        span: spanId,
        errors: ["trace_id and span_id must be non-zero 16 and 8 bytes"],
      });
      continue;
    }
    const ancestors = ancestorsOf(entry, byId).map((a) => a.attrs);
    raw.push(toEventInput({ ...entry, ancestors }, options.storeContent));
    rawSpans.push(spanId);
  }
  const parsed = parseEvents(raw, options);
  rejected.push(...parsed.rejected.map((r) => ({ span: rawSpans[r.index]!, errors: r.errors })));
  return {
    events: parsed.accepted,
    rejected,
    skipped: {
      notGenai: entries.filter((e) => e.kind === "not_genai").length,
      notModelCall: entries.filter((e) => e.kind === "not_model_call").length,
    },
  };
}

/** Every span of the request with its resource and class. */
function entriesOf(request: ExportTraceServiceRequest): Entry[] {
  const entries: Entry[] = [];
  for (const rs of request.resourceSpans) {
    const resource = toAttrs(rs.resource?.attributes ?? []);
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        const attrs = withMetadataTags(toAttrs(span.attributes));
        entries.push({ span, attrs, resource, kind: classify(span, attrs) });
      }
    }
  }
  return entries;
}

/** A model-call span above another one in the same export wraps it: only the inner one counts. */
function markWrappers(entries: Entry[], byId: ReadonlyMap<string, Entry>): void {
  for (const entry of entries.filter((e) => e.kind === "model_call")) {
    for (const above of ancestorsOf(entry, byId)) {
      if (above.kind === "model_call") above.kind = "not_model_call";
    }
  }
}

/** The span's ancestors present in the same request, nearest first. */
function ancestorsOf(entry: Entry, byId: ReadonlyMap<string, Entry>): Entry[] {
  const out: Entry[] = [];
  let parent = byId.get(spanKey(entry.span.traceId, entry.span.parentSpanId));
  while (parent && out.length < MAX_ANCESTORS && !out.includes(parent)) {
    out.push(parent);
    parent = byId.get(spanKey(parent.span.traceId, parent.span.parentSpanId));
  }
  return out;
}

function spanKey(traceId: Uint8Array, spanId: Uint8Array): string {
  return `${hex(traceId)}/${hex(spanId)}`;
}

function validId(id: Uint8Array, length: number): boolean {
  return id.length === length && id.some((b) => b !== 0);
}
