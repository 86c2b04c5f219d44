// Builds the event that is queued: context merged in, id and timestamp set, values kept within
// the contract's limits so one long string does not get a whole event rejected.
import { randomId } from "./runtime.ts";
import type { EventContext, LlmEvent } from "./types.ts";

const TEXT_LIMITS: [string, number][] = [
  ["model", 200],
  ["provider", 100],
  ["endpoint", 200],
  ["application", 200],
  ["user_id", 200],
  ["session_id", 200],
  ["trace_id", 200],
  ["error_type", 200],
  ["error_message", 4_000],
  ["id", 128],
];
const COUNTS = [
  "input_tokens",
  "output_tokens",
  "cached_input_tokens",
  "reasoning_tokens",
] as const;
const DURATIONS = ["latency_ms", "time_to_first_token_ms"] as const;
const DAY_MS = 86_400_000;

/** `extra` over `base`, key by key; metadata merged; undefined values do not override. */
export function mergeContext(base: EventContext, extra: EventContext | undefined): EventContext {
  const merged: EventContext = { ...base };
  for (const key in extra) {
    const value = (extra as Record<string, unknown>)[key];
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  if (base.metadata && extra?.metadata) merged.metadata = { ...base.metadata, ...extra.metadata };
  return merged;
}

/** The event to send: context under the call's own fields, id and timestamp filled in. */
export function buildEvent(
  fields: LlmEvent,
  context: EventContext,
  maxContentChars: number,
): LlmEvent {
  if (fields === null || typeof fields !== "object") {
    throw new TypeError(
      `an event must be an object, got ${fields === null ? "null" : typeof fields}`,
    );
  }
  const event = mergeContext(context, fields) as LlmEvent & Record<string, unknown>;
  event.id ??= randomId();
  event.timestamp ??= Date.now();
  for (const [key, limit] of TEXT_LIMITS) {
    const value = event[key];
    if (typeof value === "string" && value.length > limit) event[key] = value.slice(0, limit);
  }
  for (const key of COUNTS) {
    const value = event[key];
    if (value === undefined) continue;
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) {
      event[key] = Math.round(value);
    } else delete event[key];
  }
  for (const key of DURATIONS) {
    const value = event[key];
    if (value === undefined) continue;
    if (typeof value === "number" && Number.isFinite(value)) {
      event[key] = Math.min(DAY_MS, Math.max(0, value));
    } else delete event[key];
  }
  for (const key of ["input", "output"] as const) {
    const value = event[key];
    if (typeof value === "string" && value.length > maxContentChars) {
      event[key] = value.slice(0, maxContentChars);
    }
  }
  return event;
}
