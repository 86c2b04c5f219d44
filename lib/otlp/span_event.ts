// One OTLP span → one LLM event (the raw input of the event schema), and which spans are model
// calls at all: a span is counted once, where the model was called, never on its wrappers.
import type { EventInput } from "../ingest/event.ts";
import {
  type Attrs,
  type AttrValue,
  countOf,
  inherited,
  numberOf,
  stringOf,
  toAttrs,
} from "./attributes.ts";
import { contentOf } from "./content.ts";
import {
  AI_SDK_MODEL_CALL,
  CONTENT_EVENTS,
  FIRST_CHUNK_EVENTS,
  KEYS,
  MODEL_CALL_OPERATIONS,
  NOT_MODEL_CALL_OPERATIONS,
  OPENINFERENCE_MODEL_CALLS,
  PROVIDERS,
} from "./conventions.ts";
import {
  type Span,
  Span_SpanKind,
  Status_StatusCode,
} from "./gen/opentelemetry/proto/trace/v1/trace_pb.ts";
import { isTag, metadataOf, tagsFirst } from "./metadata.ts";

/** A span with what it is read with: its resource and the spans above it in the same export. */
export interface SpanEntry {
  span: Span;
  attrs: Attrs;
  resource: Attrs;
  /** Attributes of the span's ancestors found in the same request, nearest first. */
  ancestors: Attrs[];
}

export type SpanClass = "model_call" | "not_model_call" | "not_genai";

const GENAI_PREFIXES = ["gen_ai.", "llm.", "ai.", "openinference."];
const TIMEOUT = /timed?[ _-]?out|deadline/i;
const FIELD_LIMIT = 200;

/** Model call, another GenAI span (agent, tool, step, wrapper), or no GenAI attributes at all. */
export function classify(span: Span, attrs: Attrs): SpanClass {
  if (![...attrs.keys()].some((k) => GENAI_PREFIXES.some((p) => k.startsWith(p)))) {
    return "not_genai";
  }
  const aiOperation = stringOf(attrs, ["ai.operationId"]);
  if (aiOperation !== undefined) {
    return AI_SDK_MODEL_CALL.test(aiOperation) ? "model_call" : "not_model_call";
  }
  const operation = stringOf(attrs, KEYS.operation)?.toLowerCase();
  if (operation !== undefined) {
    if (MODEL_CALL_OPERATIONS.has(operation)) return "model_call";
    // A remote agent (a CLIENT span) is one call from the application's side.
    if (operation === "invoke_agent" && span.kind === Span_SpanKind.CLIENT) return "model_call";
    if (NOT_MODEL_CALL_OPERATIONS.has(operation)) return "not_model_call";
  }
  const kind = stringOf(attrs, KEYS.spanKind);
  if (kind !== undefined) return openInferenceOperation(kind) ? "model_call" : "not_model_call";
  const model = stringOf(attrs, KEYS.responseModel) ?? stringOf(attrs, KEYS.requestModel);
  return model === undefined ? "not_model_call" : "model_call";
}

/** The event of a model-call span; validation (lib/ingest/event.ts) judges it like any other event. */
export function toEventInput(entry: SpanEntry, storeContent: boolean): Partial<EventInput> {
  const { span, attrs, resource } = entry;
  const chain = [attrs, ...entry.ancestors];
  const responseModel = stringOf(attrs, KEYS.responseModel);
  const requestModel = stringOf(attrs, KEYS.requestModel);
  const rawProvider = stringOf(attrs, KEYS.provider);
  const provider = rawProvider === undefined ? undefined : providerName(rawProvider);
  const kind = stringOf(attrs, KEYS.spanKind);
  const operation = stringOf(attrs, KEYS.operation) ?? aiSdkOperation(attrs) ??
    (kind === undefined ? undefined : openInferenceOperation(kind));
  const failure = failureOf(span, attrs);
  const tokens = tokensOf(attrs);
  const service = stringOf(resource, ["service.name"]);
  const extra: Array<readonly [string, AttrValue]> = [["otel.span.name", span.name]];
  if (requestModel && responseModel && requestModel !== responseModel) {
    extra.push(["gen_ai.request.model", requestModel]);
  }
  if (rawProvider && provider !== rawProvider.toLowerCase()) {
    extra.push(["gen_ai.provider.name", rawProvider]);
  }
  const content = storeContent ? contentOf(withContentEvents(span, attrs)) : {};
  return {
    id: `${hex(span.traceId)}-${hex(span.spanId)}`,
    timestamp: span.startTimeUnixNano > 0n ? Number(span.startTimeUnixNano / 1_000_000n) : null,
    model: responseModel ?? requestModel,
    provider: cut(provider, 100),
    status: failure.status,
    endpoint: cut(
      inherited(chain, KEYS.endpoint) ??
        // OpenInference names its spans after the instrumented class ("OpenAI Chat Completions").
        (kind === undefined ? endpointFromName(span.name, operation) : operation),
      FIELD_LIMIT,
    ),
    application: cut(
      service && !service.startsWith("unknown_service")
        ? service
        : stringOf(attrs, ["gen_ai.application_name"]),
      FIELD_LIMIT,
    ),
    user_id: cut(inherited(chain, KEYS.userId), FIELD_LIMIT),
    session_id: cut(inherited(chain, KEYS.sessionId), FIELD_LIMIT),
    trace_id: hex(span.traceId),
    ...tokens,
    latency_ms: span.startTimeUnixNano > 0n && span.endTimeUnixNano >= span.startTimeUnixNano
      ? Number(span.endTimeUnixNano - span.startTimeUnixNano) / 1e6
      : null,
    time_to_first_token_ms: ttftMs(span, attrs),
    cost_usd: nonNegative(numberOf(attrs, KEYS.costUsd) ?? sumOf(attrs, KEYS.costPartsUsd)),
    status_code: failure.statusCode,
    error_type: cut(failure.errorType, FIELD_LIMIT),
    error_message: failure.errorMessage,
    input: content.input,
    output: content.output,
    metadata: metadataOf(tagsFirst([
      ...extra,
      ...[...attrs, ...inheritedTags(entry.ancestors), ...resource].filter(([k]) => !TAKEN.has(k)),
    ])),
  };
}

/** Keys whose values became event fields (or were judged above) and so stay out of metadata. */
const TAKEN: ReadonlySet<string> = new Set([
  ...Object.entries(KEYS).filter(([field]) => field !== "operation").flatMap(([, keys]) => keys),
  "ai.operationId",
  "operation.name",
  "resource.name",
]);

/** Custom tags set on the spans above (a framework's run, an agent): they hold for this call too. */
function inheritedTags(ancestors: Attrs[]): Array<[string, AttrValue]> {
  return ancestors.flatMap((a) => [...a].filter(([key]) => isTag(key)));
}

function tokensOf(attrs: Attrs) {
  const output = countOf(attrs, KEYS.outputTokens);
  const total = countOf(attrs, KEYS.totalTokens);
  const input = countOf(attrs, KEYS.inputTokens) ??
    (total === undefined ? undefined : Math.max(0, total - (output ?? 0)));
  return {
    input_tokens: input,
    output_tokens: output,
    cached_input_tokens: countOf(attrs, KEYS.cachedInputTokens),
    reasoning_tokens: countOf(attrs, KEYS.reasoningTokens),
  };
}

function failureOf(span: Span, attrs: Attrs) {
  const exception = span.events.find((e) => e.name === "exception");
  const thrown = exception ? toAttrs(exception.attributes) : new Map<string, AttrValue>();
  const errorType = stringOf(attrs, KEYS.errorType) ?? stringOf(thrown, ["exception.type"]);
  const errorMessage = (span.status?.message || undefined) ??
    stringOf(thrown, ["exception.message"]) ?? stringOf(attrs, KEYS.errorMessage);
  const code = numberOf(attrs, KEYS.statusCode);
  const statusCode = code !== undefined && Number.isInteger(code) ? code : undefined;
  const failed = span.status?.code === Status_StatusCode.ERROR || errorType !== undefined;
  const timedOut = TIMEOUT.test(errorType ?? "") || TIMEOUT.test(errorMessage ?? "") ||
    statusCode === 408 || statusCode === 504;
  return {
    status: !failed ? "success" as const : timedOut ? "timeout" as const : "error" as const,
    statusCode,
    errorType: failed ? errorType : undefined,
    errorMessage: failed ? errorMessage : undefined,
  };
}

/** Time to first token: an attribute that says it, else the first-chunk event's offset. */
function ttftMs(span: Span, attrs: Attrs): number | undefined {
  const seconds = nonNegative(numberOf(attrs, KEYS.ttftSeconds));
  if (seconds !== undefined) return seconds * 1000;
  const ms = nonNegative(numberOf(attrs, KEYS.ttftMs));
  if (ms !== undefined) return ms;
  const first = span.events
    .filter((e) => FIRST_CHUNK_EVENTS.has(e.name))
    .sort((a, b) => (a.timeUnixNano < b.timeUnixNano ? -1 : 1))[0];
  if (!first) return undefined;
  const said = nonNegative(numberOf(toAttrs(first.attributes), KEYS.ttftMs));
  if (said !== undefined) return said;
  const start = span.startTimeUnixNano;
  return start > 0n && first.timeUnixNano >= start
    ? Number(first.timeUnixNano - start) / 1e6
    : undefined;
}

/** Span attributes plus those of the events that carry prompts and completions. */
function withContentEvents(span: Span, attrs: Attrs): Attrs {
  const events = span.events.filter((e) => CONTENT_EVENTS.has(e.name));
  if (events.length === 0) return attrs;
  const merged = new Map(attrs);
  for (const e of events) {
    for (const [k, v] of toAttrs(e.attributes)) if (!merged.has(k)) merged.set(k, v);
  }
  return merged;
}

/** The operation of a Vercel AI SDK model-call span, which does not name one. */
function aiSdkOperation(attrs: Attrs): string | undefined {
  const id = stringOf(attrs, ["ai.operationId"]);
  if (id === undefined) return undefined;
  return id.endsWith(".doEmbed") ? "embeddings" : "chat";
}

/** The operation of an OpenInference span kind that is a model call (LLM → chat). */
function openInferenceOperation(kind: string): string | undefined {
  const upper = kind.toUpperCase();
  return Object.hasOwn(OPENINFERENCE_MODEL_CALLS, upper)
    ? OPENINFERENCE_MODEL_CALLS[upper]
    : undefined;
}

/** The sum of the numbers among the keys, if any is given. */
function sumOf(attrs: Attrs, keys: readonly string[]): number | undefined {
  const parts = keys.map((key) => numberOf(attrs, [key])).filter((n) => n !== undefined);
  return parts.length === 0 ? undefined : parts.reduce((a, b) => a + b, 0);
}

/** The endpoint a span's own name gives, unless it is only "<operation> <model>" or the like. */
function endpointFromName(name: string, operation: string | undefined): string | undefined {
  const generic = name === "" || name.startsWith("ai.") ||
    /^(chat|text_completion|generate_content|embeddings|invoke_agent|create_agent|execute_tool)\b/
      .test(name) ||
    /^[\w-]+\.(chat|completions?|embeddings?|messages|generate\w*|responses|rerank)$/i.test(name);
  return generic ? operation : name;
}

/** Provider names as the dashboards spell them: "aws.bedrock" → "bedrock", "openai.chat" → "openai". */
export function providerName(raw: string): string {
  const lower = raw.trim().toLowerCase();
  const head = lower.split(".")[0]!;
  return PROVIDERS[lower] ?? PROVIDERS[head] ?? head;
}

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function nonNegative(n: number | undefined): number | undefined {
  return n !== undefined && n >= 0 ? n : undefined;
}

function cut(s: string | undefined, max: number): string | undefined {
  return s === undefined ? undefined : s.slice(0, max);
}
