// POST /v1/traces after authentication and decoding: model-call spans become events and take the
// same durable path as /v1/events (validation, pricing, buffer bound, KV commit before the 200).
import { AppError } from "../errors.ts";
import { parseEvents, type Rejection, type StoredEvent } from "../event.ts";
import { acceptEvents, type admit, type IngestDeps } from "../ingest.ts";
import type { PublicKey } from "../store/auth_store.ts";
import { type Attrs, toAttrs } from "./attributes.ts";
import type { ExportTraceServiceRequest } from "./gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.ts";
import type { Span } from "./gen/opentelemetry/proto/trace/v1/trace_pb.ts";
import { classify, hex, type SpanClass, toEventInput } from "./span_event.ts";

/** One KV commit stays well under KV's 819,200-byte cap; bigger exports are committed in slices. */
const SLICE_MAX_BYTES = 512 * 1024;
const SLICE_MAX_EVENTS = 1_000;
const MAX_ANCESTORS = 64;

export interface TracesOutcome {
  accepted: number;
  /** Model-call spans that failed validation, by span id. */
  rejected: Array<{ span: string; errors: string[] }>;
  /** Spans that are not model calls: counted, not stored, not rejected. */
  skipped: { notGenai: number; notModelCall: number };
}

type RateHit = Awaited<ReturnType<typeof admit>>["hit"];

interface Entry {
  span: Span;
  attrs: Attrs;
  resource: Attrs;
  kind: SpanClass;
}

export async function ingestTraces(
  request: ExportTraceServiceRequest,
  key: PublicKey,
  rateHit: RateHit,
  deps: IngestDeps,
): Promise<TracesOutcome> {
  const entries = entriesOf(request);
  const byId = new Map(entries.map((e) => [spanKey(e.span.traceId, e.span.spanId), e]));
  markWrappers(entries, byId);
  const calls = entries.filter((e) => e.kind === "model_call");
  const rejected: TracesOutcome["rejected"] = [];
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
    raw.push(toEventInput({ ...entry, ancestors }, deps.config.STORE_CONTENT));
    rawSpans.push(spanId);
  }
  const parsed = parseEvents(raw, {
    projectId: key.project_id,
    now: deps.now(),
    storeContent: deps.config.STORE_CONTENT,
    contentMaxChars: deps.config.CONTENT_MAX_CHARS,
  });
  rejected.push(
    ...parsed.rejected.map((r: Rejection) => ({ span: rawSpans[r.index]!, errors: r.errors })),
  );
  if (parsed.accepted.length === 0) await countRequestOnly(rateHit, deps);
  for (const [i, slice] of slices(parsed.accepted).entries()) {
    await acceptEvents(slice, key.project_id, i === 0 ? rateHit : { ...rateHit, n: 0n }, deps);
  }
  return {
    accepted: parsed.accepted.length,
    rejected,
    skipped: {
      notGenai: entries.filter((e) => e.kind === "not_genai").length,
      notModelCall: entries.filter((e) => e.kind === "not_model_call").length,
    },
  };
}

/** Nothing to store, but the request still counts against the key's rate. */
async function countRequestOnly(rateHit: RateHit, deps: IngestDeps): Promise<void> {
  try {
    await deps.buffer.append([], [rateHit]);
  } catch (error) {
    throw new AppError("unavailable", "the ingest buffer is unavailable; retry later", {
      retryAfterS: 2,
      cause: error,
    });
  }
}

/** Every span of the request with its resource and class. */
function entriesOf(request: ExportTraceServiceRequest): Entry[] {
  const entries: Entry[] = [];
  for (const rs of request.resourceSpans) {
    const resource = toAttrs(rs.resource?.attributes ?? []);
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        const attrs = toAttrs(span.attributes);
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

/** Events in groups of at most SLICE_MAX_EVENTS and about SLICE_MAX_BYTES of JSON. */
function slices(events: StoredEvent[]): StoredEvent[][] {
  const out: StoredEvent[][] = [];
  const encoder = new TextEncoder();
  let current: StoredEvent[] = [];
  let bytes = 0;
  for (const e of events) {
    const size = encoder.encode(JSON.stringify(e)).length;
    if (
      current.length > 0 && (current.length >= SLICE_MAX_EVENTS || bytes + size > SLICE_MAX_BYTES)
    ) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(e);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** OTLP partial_success: rejected spans counted; skipped spans only explained. Null when clean. */
export function partialSuccessOf(
  outcome: TracesOutcome,
): { rejectedSpans: number; errorMessage: string } | null {
  const { notGenai, notModelCall } = outcome.skipped;
  const parts: string[] = [];
  if (notGenai + notModelCall > 0) {
    parts.push(
      `${
        notGenai + notModelCall
      } span(s) skipped, not rejected: ${notGenai} without GenAI attributes, ${notModelCall} GenAI span(s) that are not a model call (agent, tool, step or wrapper spans)`,
    );
  }
  if (outcome.rejected.length > 0) {
    const shown = outcome.rejected.slice(0, 5).map((r) => `span ${r.span}: ${r.errors.join("; ")}`);
    const more = outcome.rejected.length > 5 ? `; and ${outcome.rejected.length - 5} more` : "";
    parts.push(`${outcome.rejected.length} span(s) rejected: ${shown.join(" | ")}${more}`);
  }
  if (parts.length === 0) return null;
  return {
    rejectedSpans: outcome.rejected.length,
    errorMessage: `${outcome.accepted} accepted; ${parts.join("; ")}`,
  };
}
