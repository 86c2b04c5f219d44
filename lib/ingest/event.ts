// The event schema of POST /v1/events (see CONTRACT.md) and its normalised, stored form.
import { z } from "zod";
import { redactPii } from "./redact.ts";
import {
  INT4_MAX,
  INT4_MIN,
  MAX_SAFE_COUNT,
  sliceWhole,
  storableText,
  unstorableText,
} from "./storable.ts";

const FUTURE_TOLERANCE_MS = 5 * 60_000;
const ERROR_MESSAGE_MAX_CHARS = 4_000;
const METADATA_MAX_BYTES = 4_096;

const kind = (expected: string) => ({
  error: (issue: { input: unknown }) =>
    issue.input === undefined
      ? "is required"
      : expected === "a number" && typeof issue.input === "number"
      ? "must be a finite number" // Infinity, or 1e400 parsed as Infinity
      : `must be ${expected}`,
});

/** Text PostgreSQL can store: no U+0000, no unpaired surrogate (each named in the error). */
const storable = z.string(kind("a string")).check((ctx) => {
  const why = unstorableText(ctx.value);
  if (why) ctx.issues.push({ code: "custom", message: why, input: ctx.value });
});

const text = (max: number) => storable.max(max, `must be at most ${max} characters`);
/** Free text (messages, prompts): made storable rather than rejected (U+0000 → U+FFFD). */
const freeText = z.string(kind("a string"));
const count = z.number(kind("a number")).refine(Number.isInteger, "must be an integer").min(
  0,
  "must be ≥ 0",
).max(MAX_SAFE_COUNT, `must be at most ${MAX_SAFE_COUNT}`);
const duration = z.number(kind("a number")).min(0, "must be ≥ 0").max(
  86_400_000,
  "must be at most 86400000 (one day)",
);
const nullish = <T extends z.ZodType>(schema: T) => schema.nullish();

const TIMESTAMP_RULE = "must be an RFC 3339 string or epoch milliseconds";
const timestamp = z.union([
  z.number().min(0, TIMESTAMP_RULE).max(8.64e15, TIMESTAMP_RULE),
  z.string().regex(
    /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})$/,
    TIMESTAMP_RULE,
  ).refine((s) => !Number.isNaN(Date.parse(s)), TIMESTAMP_RULE),
], { error: TIMESTAMP_RULE });

const metadata = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean()], {
    error: "values must be strings, numbers or booleans (flat object)",
  }),
  { error: "must be a flat object" },
).check((ctx) => {
  for (const [key, value] of Object.entries(ctx.value)) {
    const keyWhy = unstorableText(key);
    if (keyWhy) ctx.issues.push({ code: "custom", message: `a key ${keyWhy}`, input: key });
    const valueWhy = typeof value === "string" ? unstorableText(value) : null;
    if (valueWhy) {
      ctx.issues.push({ code: "custom", message: valueWhy, input: value, path: [key] });
    }
  }
}).refine(
  (m) => new TextEncoder().encode(JSON.stringify(m)).length <= METADATA_MAX_BYTES,
  `must be at most ${METADATA_MAX_BYTES} bytes as JSON`,
);

export const eventSchema = z.object({
  id: nullish(text(128).min(1, "must not be empty")),
  timestamp: nullish(timestamp),
  model: text(200).min(1, "must not be empty"),
  provider: nullish(text(100)),
  status: nullish(z.enum(["success", "error", "timeout"], {
    error: "must be one of success, error, timeout",
  })),
  endpoint: nullish(text(200).min(1, "must not be empty")),
  application: nullish(text(200)),
  user_id: nullish(text(200)),
  session_id: nullish(text(200)),
  trace_id: nullish(text(200)),
  input_tokens: nullish(count),
  output_tokens: nullish(count),
  cached_input_tokens: nullish(count),
  reasoning_tokens: nullish(count),
  latency_ms: nullish(duration),
  time_to_first_token_ms: nullish(duration),
  cost_usd: nullish(z.number(kind("a number")).min(0, "must be ≥ 0")),
  status_code: nullish(
    z.number(kind("a number")).refine(Number.isInteger, "must be an integer")
      .min(INT4_MIN, `must be ≥ ${INT4_MIN}`).max(INT4_MAX, `must be at most ${INT4_MAX}`),
  ),
  error_type: nullish(text(200)),
  error_message: nullish(freeText),
  input: nullish(freeText),
  output: nullish(freeText),
  metadata: nullish(metadata),
}, { error: "must be an object" });

export type EventInput = z.infer<typeof eventSchema>;

/** The normalised event as buffered and stored: defaults applied, time as epoch ms. */
export interface StoredEvent {
  project_id: string;
  id: string;
  ts: number;
  model: string;
  provider: string | null;
  status: "success" | "error" | "timeout";
  endpoint: string;
  application: string | null;
  user_id: string | null;
  session_id: string | null;
  trace_id: string | null;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number | null;
  reasoning_tokens: number | null;
  latency_ms: number | null;
  time_to_first_token_ms: number | null;
  cost_usd: number | null;
  /** reported by the client, computed from the price table, an override, or null: unpriced. */
  cost_source: "reported" | "computed" | "override" | null;
  input_cost_usd: number | null;
  output_cost_usd: number | null;
  cache_savings_usd: number | null;
  /** Which price table or override priced the event. */
  price_version: string | null;
  status_code: number | null;
  error_type: string | null;
  error_message: string | null;
  input: string | null;
  output: string | null;
  metadata: Record<string, string | number | boolean> | null;
  received_at: number;
}

export interface Rejection {
  index: number;
  errors: string[];
}

export interface ParseOptions {
  projectId: string;
  now: number;
  storeContent: boolean;
  contentMaxChars: number;
}

/** Validates each event of a batch: the good ones normalised, the bad ones as data. */
export function parseEvents(
  raw: unknown[],
  options: ParseOptions,
): { accepted: StoredEvent[]; rejected: Rejection[] } {
  const accepted: StoredEvent[] = [];
  const rejected: Rejection[] = [];
  raw.forEach((item, index) => {
    const result = eventSchema.safeParse(item);
    if (!result.success) {
      rejected.push({ index, errors: [...new Set(result.error.issues.map(describeIssue))] });
      return;
    }
    const ts = toEpochMs(result.data.timestamp, options.now);
    if (ts > options.now + FUTURE_TOLERANCE_MS) {
      rejected.push({
        index,
        errors: ["timestamp: must not be more than 5 minutes in the future"],
      });
      return;
    }
    accepted.push(normalise(result.data, ts, options));
  });
  return { accepted, rejected };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}

function toEpochMs(value: string | number | null | undefined, now: number): number {
  if (value === null || value === undefined) return now;
  return typeof value === "number" ? Math.trunc(value) : Date.parse(value);
}

function normalise(e: EventInput, ts: number, o: ParseOptions): StoredEvent {
  const content = (s: string | null | undefined) =>
    o.storeContent && s != null ? sliceWhole(storableText(redactPii(s)), o.contentMaxChars) : null;
  return {
    project_id: o.projectId,
    id: e.id ?? crypto.randomUUID(),
    ts,
    model: e.model,
    provider: e.provider ?? null,
    status: e.status ?? "success",
    endpoint: e.endpoint ?? "default",
    application: e.application ?? null,
    user_id: e.user_id ?? null,
    session_id: e.session_id ?? null,
    trace_id: e.trace_id ?? null,
    input_tokens: e.input_tokens ?? 0,
    output_tokens: e.output_tokens ?? 0,
    cached_input_tokens: e.cached_input_tokens ?? null,
    reasoning_tokens: e.reasoning_tokens ?? null,
    latency_ms: e.latency_ms ?? null,
    time_to_first_token_ms: e.time_to_first_token_ms ?? null,
    cost_usd: e.cost_usd ?? null,
    cost_source: e.cost_usd == null ? null : "reported",
    input_cost_usd: null,
    output_cost_usd: null,
    cache_savings_usd: null,
    price_version: null,
    status_code: e.status_code ?? null,
    error_type: e.error_type ?? null,
    error_message: e.error_message == null
      ? null
      : sliceWhole(storableText(e.error_message), ERROR_MESSAGE_MAX_CHARS),
    input: content(e.input),
    output: content(e.output),
    metadata: e.metadata ?? null,
    received_at: o.now,
  };
}
