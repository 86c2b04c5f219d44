// What PostgreSQL can store, on every engine (PGlite, PostgreSQL, TimescaleDB): text without
// U+0000 and without unpaired surrogates, int8/int4/float8 within range, timestamps within
// timestamptz. The event schema rejects the rest at the edge; storableEvent() is the last guard
// before the buffer, so no mapping (OTLP) can leave an event the database refuses.
import type { StoredEvent } from "./event.ts";

/** The largest integer a JSON number carries exactly; int8 holds it, with room for sums. */
export const MAX_SAFE_COUNT = Number.MAX_SAFE_INTEGER;
export const INT4_MIN = -2_147_483_648;
export const INT4_MAX = 2_147_483_647;
/** 0000-01-01T00:00:00Z (the first RFC 3339 year) and JavaScript's last Date: inside timestamptz. */
export const MIN_TS_MS = -62_167_219_200_000;
export const MAX_TS_MS = 8.64e15;

const REPLACEMENT = "\uFFFD";
const BOM = "\uFEFF";

/** Why PostgreSQL would refuse this text, as a schema message, or null when it can store it. */
export function unstorableText(s: string): string | null {
  if (s.includes("\0")) return "must not contain U+0000";
  if (!s.isWellFormed()) return "must not contain an unpaired surrogate (invalid UTF-16)";
  // PGlite decodes text with a TextDecoder that drops a leading byte-order mark: it would read back
  // changed (an id no longer matching itself).
  if (s.startsWith(BOM)) return "must not start with U+FEFF (a byte-order mark)";
  return null;
}

/**
 * The text with U+0000 and unpaired surrogates replaced by U+FFFD and a leading byte-order mark
 * dropped; the same string when clean.
 */
export function storableText(s: string): string {
  const withoutNul = s.includes("\0") ? s.replaceAll("\0", REPLACEMENT) : s;
  const whole = withoutNul.isWellFormed() ? withoutNul : withoutNul.toWellFormed();
  return whole.startsWith(BOM) ? whole.replace(/^\uFEFF+/, "") : whole;
}

/** The first maxChars UTF-16 units, one fewer when the cut would split a surrogate pair. */
export function sliceWhole(s: string, maxChars: number): string {
  if (s.length <= maxChars) return s;
  const end = maxChars > 0 && isHighSurrogate(s.charCodeAt(maxChars - 1)) ? maxChars - 1 : maxChars;
  return s.slice(0, Math.max(0, end));
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

const nullableText = (s: string | null): string | null => (s === null ? null : storableText(s));

/** A finite float8, or null. */
const float = (n: number | null): number | null =>
  typeof n === "number" && Number.isFinite(n) ? n : null;

/** A whole count within [0, 2^53 - 1], or null. */
const countOrNull = (n: number | null): number | null =>
  typeof n === "number" && Number.isFinite(n)
    ? Math.min(MAX_SAFE_COUNT, Math.max(0, Math.trunc(n)))
    : null;

/**
 * The event as PostgreSQL will store it: every text (and metadata key and value) storable,
 * numbers finite and within their column's range, the time within timestamptz. An event that is
 * storable already comes back unchanged (the same object).
 */
export function storableEvent(e: StoredEvent): StoredEvent {
  if (isStorable(e)) return e;
  const status_code = typeof e.status_code === "number" && Number.isFinite(e.status_code)
    ? Math.trunc(e.status_code)
    : null;
  const received_at = inTimeRange(e.received_at) ? e.received_at : Date.now();
  return {
    ...e,
    project_id: storableText(e.project_id),
    id: storableText(e.id),
    ts: inTimeRange(e.ts) ? e.ts : received_at,
    model: storableText(e.model),
    provider: nullableText(e.provider),
    endpoint: storableText(e.endpoint),
    application: nullableText(e.application),
    user_id: nullableText(e.user_id),
    session_id: nullableText(e.session_id),
    trace_id: nullableText(e.trace_id),
    input_tokens: countOrNull(e.input_tokens) ?? 0,
    output_tokens: countOrNull(e.output_tokens) ?? 0,
    cached_input_tokens: countOrNull(e.cached_input_tokens),
    reasoning_tokens: countOrNull(e.reasoning_tokens),
    latency_ms: float(e.latency_ms),
    time_to_first_token_ms: float(e.time_to_first_token_ms),
    cost_usd: float(e.cost_usd),
    input_cost_usd: float(e.input_cost_usd),
    output_cost_usd: float(e.output_cost_usd),
    cache_savings_usd: float(e.cache_savings_usd),
    price_version: nullableText(e.price_version),
    status_code: status_code !== null && status_code >= INT4_MIN && status_code <= INT4_MAX
      ? status_code
      : null,
    error_type: nullableText(e.error_type),
    error_message: nullableText(e.error_message),
    input: nullableText(e.input),
    output: nullableText(e.output),
    metadata: e.metadata === null ? null : storableMetadata(e.metadata),
    received_at,
  };
}

function storableMetadata(
  m: Record<string, string | number | boolean>,
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(m)) {
    const k = storableText(key);
    if (k in out) continue;
    out[k] = typeof value === "string"
      ? storableText(value)
      : typeof value === "number" && !Number.isFinite(value)
      ? String(value)
      : value;
  }
  return out;
}

function inTimeRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_TS_MS && ms <= MAX_TS_MS;
}

const TEXT_FIELDS = [
  "project_id",
  "id",
  "model",
  "provider",
  "endpoint",
  "application",
  "user_id",
  "session_id",
  "trace_id",
  "price_version",
  "error_type",
  "error_message",
  "input",
  "output",
] as const satisfies ReadonlyArray<keyof StoredEvent>;

const COUNT_FIELDS = [
  "input_tokens",
  "output_tokens",
  "cached_input_tokens",
  "reasoning_tokens",
] as const satisfies ReadonlyArray<keyof StoredEvent>;

const FLOAT_FIELDS = [
  "latency_ms",
  "time_to_first_token_ms",
  "cost_usd",
  "input_cost_usd",
  "output_cost_usd",
  "cache_savings_usd",
] as const satisfies ReadonlyArray<keyof StoredEvent>;

/** The fast path: true when storableEvent() would change nothing. */
function isStorable(e: StoredEvent): boolean {
  for (const f of TEXT_FIELDS) {
    const s = e[f];
    if (s !== null && (typeof s !== "string" || unstorableText(s) !== null)) return false;
  }
  for (const f of COUNT_FIELDS) {
    const n = e[f];
    if (n === null) {
      if (f === "input_tokens" || f === "output_tokens") return false;
      continue;
    }
    if (!Number.isSafeInteger(n) || n < 0) return false;
  }
  for (const f of FLOAT_FIELDS) {
    const n = e[f];
    if (n !== null && !Number.isFinite(n)) return false;
  }
  const code = e.status_code;
  if (code !== null && !(Number.isInteger(code) && code >= INT4_MIN && code <= INT4_MAX)) {
    return false;
  }
  if (!inTimeRange(e.ts) || !inTimeRange(e.received_at)) return false;
  if (e.metadata !== null) {
    for (const [key, value] of Object.entries(e.metadata)) {
      if (unstorableText(key) !== null) return false;
      if (typeof value === "string" && unstorableText(value) !== null) return false;
      if (typeof value === "number" && !Number.isFinite(value)) return false;
    }
  }
  return true;
}
