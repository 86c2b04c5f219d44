// fast-check arbitraries for the ingest fuzz suite (tests/fuzz_test.ts, bench/fuzz_bench.ts):
// hostile text and numbers, events, whole /v1/events requests and OTLP trace exports. Arbitraries
// describe a request; ids and times are resolved when it is sent (`now`, a per-run counter), so a
// counterexample replays the same way under the same seed.
import { create, toBinary } from "@bufbuild/protobuf";
import fc from "fast-check";
import { ExportTraceServiceRequestSchema } from "../lib/otlp/gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.ts";

// ── Text ────────────────────────────────────────────────────────────────────────────────────────

/** Characters that break naive code: NUL, lone surrogates, BOM, bidi, line separators, astral. */
const SPECIAL_CHARS = [
  "\u0000",
  "\uD800",
  "\uDBFF",
  "\uDC00",
  "\uDFFF",
  "\uFEFF",
  "\uFFFE",
  "\uFFFF",
  "\u202E",
  "\u200B",
  "\u2028",
  "\u0085",
  "\u007F",
  "\u0301",
  "\u{1F600}",
  "\u{1D54F}",
  "\u{10FFFF}",
  "\n",
  "\r",
  '"',
  "\\",
  "'",
  "%",
  ":",
  ".",
  "é",
  "中",
];

const char = fc.oneof(
  { arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }), weight: 5 },
  { arbitrary: fc.constantFrom(...SPECIAL_CHARS), weight: 3 },
  { arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), weight: 2 },
  {
    arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
    weight: 1,
  },
);

/** Any UTF-16 string up to maxLength code points, hostile characters over-represented. */
export function text(maxLength: number, minLength = 0): fc.Arbitrary<string> {
  return fc.string({ unit: char, minLength, maxLength });
}

/** A short motif repeated to a length around the limits (128, 200, 4,000); cheap to generate. */
export const longText: fc.Arbitrary<string> = fc.tuple(
  text(3, 1),
  fc.oneof(
    fc.constantFrom(128, 129, 200, 201, 4_000, 4_097, 20_001),
    fc.integer({ min: 1, max: 60_000 }),
  ),
).map(([motif, n]) => motif.repeat(Math.ceil(n / motif.length)).slice(0, n));

// ── Numbers and wrong types ─────────────────────────────────────────────────────────────────────

const EDGE_NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  -0.5,
  1.5,
  5e-324,
  1e-7,
  86_400_000,
  86_400_000.5,
  86_400_001,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 32,
  2 ** 53 - 1,
  2 ** 53,
  2 ** 63,
  8.64e15,
  8.64e15 + 2,
  1e21,
  1e308,
  -1e308,
  Number.MAX_VALUE,
];

export const edgeNumber: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.constantFrom(...EDGE_NUMBERS), weight: 3 },
  { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 1 },
  { arbitrary: fc.integer(), weight: 1 },
  { arbitrary: fc.nat(100_000), weight: 2 },
);

/** Values of the wrong type: NaN-like strings, numbers as strings, containers, null. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom("NaN", "Infinity", "-Infinity", "-0", "1e309", "0x10", "12", "", " ", "null"),
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom([], {}, [1], { value: 1 }),
  text(12),
);

function valid<T>(good: fc.Arbitrary<T>, weight = 8): fc.Arbitrary<T | unknown> {
  return fc.oneof({ arbitrary: good, weight }, edgeNumber, wrongType);
}

function validText(good: fc.Arbitrary<string>, max: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: good, weight: 6 },
    { arbitrary: text(max + 5), weight: 3 },
    longText,
    edgeNumber,
    wrongType,
  );
}

// ── Events (POST /v1/events) ────────────────────────────────────────────────────────────────────

/** Deep, wide and odd metadata: most of it invalid on purpose (flat, ≤ 4 KiB is the rule). */
const metadata: fc.Arbitrary<unknown> = fc.oneof(
  {
    arbitrary: fc.dictionary(text(24), fc.oneof(text(40), edgeNumber, fc.boolean()), {
      maxKeys: 6,
    }),
    weight: 6,
  },
  fc.constant(Object.fromEntries([["__proto__", "p"], ["constructor", 1], ["", true]])),
  fc.integer({ min: 40, max: 3_000 }).map((n) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))
  ),
  fc.integer({ min: 2, max: 2_000 }).map((depth) => nested(depth)),
  fc.integer({ min: 1, max: 150_000 }).map((n) => ({
    list: Array.from({ length: n }, (_, i) => i),
  })),
  wrongType,
);

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let i = 0; i < depth; i++) value = { deeper: value };
  return value;
}

/** How an event's id is chosen when the request is sent. */
export type IdChoice =
  | { kind: "fresh" }
  | { kind: "repeat"; pick: number }
  | { kind: "absent" }
  | { kind: "null" }
  | { kind: "given"; value: unknown };

const idChoice: fc.Arbitrary<IdChoice> = fc.oneof(
  { arbitrary: fc.constant({ kind: "fresh" as const }), weight: 10 },
  { arbitrary: fc.nat().map((pick) => ({ kind: "repeat" as const, pick })), weight: 3 },
  { arbitrary: fc.constant({ kind: "absent" as const }), weight: 2 },
  fc.constant({ kind: "null" as const }),
  // Ids that differ only in a lone surrogate: equal once stored as UTF-8 unless refused.
  fc.constantFrom("\uD800", "\uDBFF", "\uDC00", "\uDFFF").map((s) => ({
    kind: "given" as const,
    value: `s${s}`,
  })),
  fc.oneof(text(130, 1), longText, wrongType).map((value) => ({ kind: "given" as const, value })),
);

/** When an event happened: relative to the send time, or an absolute edge value. */
export type TimeChoice = { rel: number; as: "ms" | "iso" | "offset" } | { abs: unknown };

const timeChoice: fc.Arbitrary<TimeChoice> = fc.oneof(
  {
    arbitrary: fc.record({
      rel: fc.oneof(
        fc.integer({ min: -40 * 86_400_000, max: 0 }),
        fc.constantFrom(-1, 299_000, 301_000, 3_600_000),
      ),
      as: fc.constantFrom("ms" as const, "iso" as const, "offset" as const),
    }),
    weight: 5,
  },
  fc.constantFrom(
    0,
    -1,
    0.5,
    8.64e15,
    1e308,
    "0000-01-01T00:00:00Z",
    "0001-01-01T00:00:00Z",
    "1000-06-15T12:00:00.123456789+14:00",
    "1969-12-31T23:59:59.999Z",
    "1970-01-01T00:00:00-23:59",
    "2024-02-30T00:00:00Z",
    "2024-01-01T24:00:00Z",
    "2024-01-01T23:59:60Z",
    "2024-01-01 00:00:00z",
    "9999-12-31T23:59:59Z",
    "2024-01-01T00:00:00",
    "1700000000000",
  ).map((abs) => ({ abs })),
  wrongType.map((abs) => ({ abs })),
);

export function resolveTime(choice: TimeChoice, now: number): unknown {
  if ("abs" in choice) return choice.abs;
  const ms = now + choice.rel;
  if (choice.as === "ms") return ms;
  const iso = new Date(ms).toISOString();
  return choice.as === "iso" ? iso : iso.replace("Z", "+00:00");
}

const MODELS = ["gpt-4o", "claude-sonnet-4", "gemini-2.5-pro", "llama-3-70b", "unpriced-model"];

const count = fc.oneof(
  { arbitrary: fc.nat(100_000), weight: 6 },
  fc.constantFrom(0, -0, 2 ** 31, 2 ** 53 - 1),
);
const duration = fc.oneof(
  { arbitrary: fc.double({ min: 0, max: 60_000, noNaN: true }), weight: 6 },
  fc.constantFrom(0, -0, 5e-324, 86_400_000),
);
/** Text without NUL or lone surrogates (storable everywhere), still astral, BOM, bidi, newlines. */
const cleanText = (max: number, min = 0) =>
  text(max, min).map((t) => t.toWellFormed().replaceAll("\0", "")).filter((t) => t.length >= min);
/** Mostly clean text, sometimes with NUL or a lone surrogate (stored faithfully or refused). */
const anyText = (max: number, min = 0) =>
  fc.oneof({ arbitrary: cleanText(max, min), weight: 5 }, text(max, min));
const hostileName = (max: number, good: fc.Arbitrary<string>) =>
  fc.oneof(
    { arbitrary: good, weight: 4 },
    anyText(max, 1),
    longText.map((t) => t.slice(0, max).toWellFormed()),
  );

/**
 * Every field of the contract with a value the schema allows, but hostile inside: NUL, lone
 * surrogates and astral characters in strings, edge numbers (-0, 2^53 − 1, 1e308, any int4 or not).
 */
const storableFields = fc.record({
  model: hostileName(200, fc.constantFrom(...MODELS)),
  provider: hostileName(100, fc.constantFrom("openai", "anthropic", "google", "self-hosted")),
  status: fc.constantFrom("success", "error", "timeout"),
  endpoint: hostileName(200, fc.constantFrom("chat", "search", "summarise")),
  application: hostileName(200, fc.constant("app")),
  user_id: hostileName(200, fc.constantFrom("u-1", "u-2")),
  session_id: anyText(200),
  trace_id: anyText(200),
  input_tokens: count,
  output_tokens: count,
  cached_input_tokens: count,
  reasoning_tokens: count,
  latency_ms: duration,
  time_to_first_token_ms: duration,
  cost_usd: fc.oneof(
    { arbitrary: fc.double({ min: 0, max: 10, noNaN: true }), weight: 6 },
    fc.constantFrom(0, -0, 5e-324, 1e308, Number.MAX_VALUE),
  ),
  status_code: fc.oneof(
    { arbitrary: fc.constantFrom(200, 400, 429, 500), weight: 6 },
    fc.integer(),
    fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 2 ** 53 - 1),
  ),
  error_type: hostileName(200, fc.constant("rate_limit")),
  error_message: fc.oneof(anyText(100), longText.map((t) => t.toWellFormed())),
  input: fc.oneof(anyText(200), longText, fc.constant("mail a@b.co, card 4111 1111 1111 1111")),
  output: fc.oneof(anyText(200), longText),
  metadata: fc.dictionary(anyText(24), fc.oneof(anyText(40), edgeNumber, fc.boolean()), {
    maxKeys: 6,
  }),
}, { requiredKeys: ["model"] });

const FIELD_NAMES = [
  "model",
  "provider",
  "status",
  "endpoint",
  "application",
  "user_id",
  "input_tokens",
  "output_tokens",
  "cached_input_tokens",
  "latency_ms",
  "time_to_first_token_ms",
  "cost_usd",
  "status_code",
  "error_type",
  "error_message",
  "input",
  "metadata",
  "unknown_field",
];

/** A field overwritten with anything: out of range, too long, of a wrong type, deep or wide. */
const hostileField = fc.tuple(
  fc.constantFrom(...FIELD_NAMES),
  fc.oneof(text(250), longText, edgeNumber, wrongType, metadata),
);

export interface EventCase {
  id: IdChoice;
  time: TimeChoice | null;
  fields: Record<string, unknown>;
  /** Sends the event as something other than an object. */
  notAnObject: unknown | undefined;
}

export const eventCase: fc.Arbitrary<EventCase> = fc.record({
  id: idChoice,
  time: fc.option(timeChoice, { freq: 3 }),
  // Mostly storable events (so the database side is exercised), some with one or two bad fields.
  fields: fc.tuple(
    storableFields,
    fc.oneof(
      { arbitrary: fc.constant([]), weight: 3 },
      fc.array(hostileField, { minLength: 1, maxLength: 2 }),
    ),
  ).map(([good, bad]) => ({ ...good, ...Object.fromEntries(bad) })),
  notAnObject: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 30 },
    wrongType,
    fc.constant([{ model: "gpt-4o" }]),
  ),
});

/** One request to POST /v1/events. */
export type EventsRequest =
  | {
    kind: "batch";
    bare: boolean;
    events: EventCase[];
    gzip: boolean;
    contentType: string;
    junk: unknown;
  }
  /** The same bytes as an earlier request of the run (a client retry). */
  | { kind: "replay"; pick: number }
  /** Any JSON value as the body. */
  | { kind: "value"; body: unknown }
  /** Bytes that are not a good request: broken JSON, wrong encodings, too many events. */
  | { kind: "raw"; body: string | Uint8Array; contentType: string; encoding: string | null };

const rawBody = fc.oneof(
  text(200),
  fc.uint8Array({ maxLength: 300 }),
  fc.constantFrom(
    "",
    "null",
    "{}",
    "[]",
    '{"events":5}',
    '{"events":[1,2]}',
    '{"events":',
    `[${'{"model":"m"},'.repeat(1_000)}{"model":"m"}]`,
    `[{"model":"m","error_message":"${"x".repeat(1_100_000)}"}]`,
    `{"events":[${"[".repeat(50_000)}`,
    '{"events":[{"model":"m","id":"dup"}],"events":[{"model":"n","id":"dup"}]}',
    '[{"model":"m","id":"\\u0000"}]',
    '[{"model":"m","id":"\\ud800x"}]',
    '[{"model":"m","metadata":{"k":"\\udfff"}}]',
  ),
);

export const eventsRequest: fc.Arbitrary<EventsRequest> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant("batch" as const),
      bare: fc.boolean(),
      events: fc.array(eventCase, { minLength: 1, maxLength: 12 }),
      gzip: fc.boolean(),
      contentType: fc.constantFrom(
        "application/json",
        "application/json; charset=utf-8",
        "application/vnd.api+json",
      ),
      junk: fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, wrongType),
    }),
    weight: 12,
  },
  { arbitrary: fc.nat().map((pick) => ({ kind: "replay" as const, pick })), weight: 2 },
  fc.jsonValue({ maxDepth: 3 }).map((body) => ({ kind: "value" as const, body })),
  fc.record({
    kind: fc.constant("raw" as const),
    body: rawBody,
    contentType: fc.constantFrom("application/json", "text/plain", ""),
    encoding: fc.constantFrom(null, null, "gzip", "br", "identity"),
  }),
);

// ── OTLP traces (POST /v1/traces) ───────────────────────────────────────────────────────────────

/** An OTLP AnyValue, encoded to protobuf or OTLP JSON when sent. */
export type AnyV =
  | { s: string }
  | { i: bigint }
  | { d: number | "NaN" | "Infinity" | "-Infinity" }
  | { b: boolean }
  | { bytes: Uint8Array }
  | { arr: AnyV[] }
  | { kv: Array<[string, AnyV]> }
  | { wide: number }
  | { deep: number }
  | { none: true };

const int64 = fc.oneof(
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.constantFrom(0n, -1n, 2n ** 31n, 2n ** 53n + 1n, 2n ** 63n - 1n, -(2n ** 63n)),
  fc.bigInt({ min: 0n, max: 100_000n }),
);

/** OTLP text: well-formed mostly (protobuf cannot carry lone surrogates; JSON decoders refuse them). */
const otlpText = (max: number) =>
  fc.oneof({ arbitrary: text(max).map((t) => t.toWellFormed()), weight: 40 }, text(max));

const scalar: fc.Arbitrary<AnyV> = fc.oneof(
  otlpText(40).map((s) => ({ s })),
  int64.map((i) => ({ i })),
  fc.oneof(edgeNumber, fc.constantFrom("NaN" as const, "Infinity" as const, "-Infinity" as const))
    .map((d) => ({ d })),
  fc.boolean().map((b) => ({ b })),
  fc.uint8Array({ maxLength: 16 }).map((bytes) => ({ bytes })),
  fc.constant({ none: true as const }),
);

/** Any value, now and then wide (thousands of items) or deep (around protobuf-es's depth limit). */
export const anyValue: fc.Arbitrary<AnyV> = fc.oneof(
  { arbitrary: scalar, weight: 40 },
  { arbitrary: fc.array(scalar, { maxLength: 4 }).map((arr) => ({ arr })), weight: 3 },
  {
    arbitrary: fc.array(fc.tuple(otlpText(10), scalar), { maxLength: 4 }).map((kv) => ({ kv })),
    weight: 3,
  },
  fc.integer({ min: 100, max: 20_000 }).map((wide) => ({ wide })),
  // Each nesting is three protobuf messages deep: about 33 reach protobuf-es's limit of 100.
  fc.integer({ min: 2, max: 40 }).map((deep) => ({ deep })),
  longText.map((s) => ({ s: s.toWellFormed() })),
);

const numeric = (good: fc.Arbitrary<number>): fc.Arbitrary<AnyV> =>
  fc.oneof(
    { arbitrary: good.map((n) => ({ i: BigInt(n) })), weight: 4 },
    anyValue,
    edgeNumber.map((d) => ({ d })),
    edgeNumber.map((n) => ({ s: String(n) })),
  );

/** GenAI attributes of a model-call span; the operation stays "chat" so the span is a model call. */
const genaiAttributes = fc.record({
  "gen_ai.request.model": fc.oneof(
    { arbitrary: fc.constantFrom(...MODELS).map((s) => ({ s })), weight: 8 },
    anyValue,
    longText.map((s) => ({ s })),
  ),
  "gen_ai.response.model": anyValue,
  "gen_ai.system": fc.oneof(fc.constantFrom("openai", "aws.bedrock").map((s) => ({ s })), anyValue),
  "gen_ai.usage.input_tokens": numeric(fc.nat(100_000)),
  "gen_ai.usage.output_tokens": numeric(fc.nat(100_000)),
  "gen_ai.usage.total_tokens": numeric(fc.nat(200_000)),
  "gen_ai.usage.cache_read.input_tokens": numeric(fc.nat(1_000)),
  "gen_ai.usage.cost": numeric(fc.nat(3)),
  "gen_ai.response.time_to_first_chunk": numeric(fc.nat(5)),
  "http.response.status_code": numeric(fc.constantFrom(200, 429, 504)),
  "error.type": anyValue,
  "user.id": anyValue,
  "session.id": anyValue,
  "gen_ai.agent.name": anyValue,
}, { requiredKeys: ["gen_ai.request.model"] });

/** Extra attributes under a prefix that no convention reads (they end up in metadata). */
const extraAttributes = fc.array(fc.tuple(otlpText(30).map((k) => `x.${k}`), anyValue), {
  maxLength: 6,
});

export type IdKind = "ok" | "zero_trace" | "zero_span" | "short_span" | "not_hex";

export interface SpanCase {
  /** A GenAI model call ("chat") or a span without any GenAI attribute. */
  modelCall: boolean;
  idKind: IdKind;
  /** Index of an earlier non-GenAI span to hang under (never a model call: no wrappers). */
  parent: number | null;
  name: string;
  kind: number;
  start: { relMs: number } | { ns: bigint };
  durationNs: bigint;
  attributes: Array<[string, AnyV]>;
  status: { code: number; message: string } | null;
  exception: string | null;
}

const spanCase: fc.Arbitrary<SpanCase> = fc.record({
  modelCall: fc.boolean(),
  idKind: fc.oneof(
    { arbitrary: fc.constant("ok" as const), weight: 20 },
    fc.constantFrom("zero_trace" as const, "zero_span" as const, "short_span" as const),
    fc.constant("not_hex" as const),
  ),
  parent: fc.option(fc.nat(), { freq: 2 }),
  name: fc.oneof(fc.constantFrom("chat gpt-4o", "POST /answer", ""), otlpText(60)),
  kind: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom(99, -1)),
  start: fc.oneof(
    {
      arbitrary: fc.integer({ min: -30 * 86_400_000, max: 0 }).map((relMs) => ({ relMs })),
      weight: 6,
    },
    fc.constantFrom(3_600_000, 360_000).map((relMs) => ({ relMs })),
    fc.constantFrom(0n, 1n, 2n ** 63n, 2n ** 64n - 1n).map((ns) => ({ ns })),
  ),
  durationNs: fc.oneof(
    fc.bigInt({ min: 0n, max: 60_000_000_000n }),
    fc.constantFrom(-1n, 86_400_000_000_001n, 2n ** 64n - 1n),
  ),
  attributes: fc.tuple(genaiAttributes, extraAttributes).map(([g, x]) => [
    ...Object.entries(g) as Array<[string, AnyV]>,
    ...x,
  ]),
  status: fc.option(fc.record({ code: fc.integer({ min: 0, max: 3 }), message: otlpText(80) })),
  exception: fc.option(otlpText(80), { freq: 4 }),
});

export interface TracesRequest {
  kind: "export";
  encoding: "protobuf" | "json";
  gzip: boolean;
  resource: Array<[string, AnyV]>;
  spans: SpanCase[];
  /** Non-GenAI filler spans added to make the request wide (hundreds of spans). */
  filler: number;
  /** Characters of a resource attribute that pushes the body past the 4 MiB OTLP limit. */
  pad: number;
}

export type TracesCase =
  | TracesRequest
  | { kind: "replay"; pick: number }
  /** Bytes that may or may not decode: random, or a valid export mutated. */
  | { kind: "garbage"; encoding: "protobuf" | "json"; bytes: Uint8Array; mutate: boolean };

export const tracesCase: fc.Arbitrary<TracesCase> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant("export" as const),
      encoding: fc.constantFrom("protobuf" as const, "json" as const),
      gzip: fc.boolean(),
      resource: fc.array(
        fc.tuple(fc.oneof(fc.constant("service.name"), otlpText(20)), anyValue),
        { maxLength: 4 },
      ),
      spans: fc.array(spanCase, { minLength: 1, maxLength: 8 }),
      filler: fc.oneof({ arbitrary: fc.constant(0), weight: 8 }, fc.integer({ min: 1, max: 700 })),
      pad: fc.oneof({ arbitrary: fc.constant(0), weight: 15 }, fc.constant(4_200_000)),
    }),
    weight: 10,
  },
  { arbitrary: fc.nat().map((pick) => ({ kind: "replay" as const, pick })), weight: 2 },
  fc.record({
    kind: fc.constant("garbage" as const),
    encoding: fc.constantFrom("protobuf" as const, "json" as const),
    bytes: fc.uint8Array({ maxLength: 200 }),
    mutate: fc.boolean(),
  }),
);

// ── Scores (POST /v1/scores) ────────────────────────────────────────────────────────────────────

/**
 * TODO(scores): POST /v1/scores answers 404 today. When the route lands, post these bodies and
 * assert the same as for events (no 5xx, 4xx naming a field, accepted scores stored once).
 */
export const TODO_scoreBody: fc.Arbitrary<Record<string, unknown>> = fc.record({
  event_id: validText(fc.constant("e1"), 128),
  trace_id: validText(fc.constant("4bf92f3577b34da6a3ce929d0e0e4736"), 200),
  name: validText(fc.constantFrom("thumbs", "relevance", "hallucination", "safety"), 100),
  value: fc.oneof(edgeNumber, fc.boolean(), wrongType),
  source: valid(fc.constantFrom("human", "model", "rule")),
  comment: validText(fc.constant("ok"), 2_000),
}, { requiredKeys: [] });

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
