// fast-check arbitraries for POST /v1/traces (OTLP exports: attributes, spans with good and broken
// ids, garbage bytes, replays) and, for later, POST /v1/scores.
import fc from "fast-check";
import { MODELS } from "./_events.ts";
import { edgeNumber, longText, text, valid, validText, wrongType } from "./_values.ts";

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
