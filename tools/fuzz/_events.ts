// fast-check arbitraries for POST /v1/events: events (hostile fields, ids, times) and whole
// requests (batches, bare arrays, raw bodies, replays). Ids and times are resolved when a request is
// sent (`now`, a per-run counter), so a counterexample replays the same way under the same seed.
import fc from "fast-check";
import { edgeNumber, longText, text, wrongType } from "./_values.ts";

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

export const MODELS = [
  "gpt-4o",
  "claude-sonnet-4",
  "gemini-2.5-pro",
  "llama-3-70b",
  "unpriced-model",
];

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
