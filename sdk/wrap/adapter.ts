// What a wrapper needs to know about one API: the request's fields, a response's fields, and
// how to read its stream chunk by chunk. Shapes are read structurally; no SDK is imported.
import type { CallFields } from "../call.ts";

export interface Prepared {
  /** The params to call with: the caller's, or a copy with additions (stream_options). */
  params: unknown;
  /** What is known before the call: model, provider, input. */
  fields: CallFields;
  /** The call returns a stream to iterate rather than a response. */
  stream: boolean;
  /** The wrapper asked for a usage-only final chunk the caller did not: keep it from them. */
  hideUsageChunk: boolean;
}

/** Bits returned by StreamObserver.chunk(). */
export const CONTENT = 1;
export const HIDE = 2;

export interface StreamObserver {
  /** Reads one chunk: CONTENT when it carries output (first token), HIDE to keep it from the caller. */
  chunk(chunk: unknown): number;
  /** The fields learnt from the whole stream: usage, output. */
  end(): CallFields;
}

export interface Adapter {
  prepare(params: unknown, capture: boolean): Prepared;
  result(data: unknown, capture: boolean): CallFields;
  stream(prepared: Prepared, capture: boolean): StreamObserver;
}

export type Json = Record<string, unknown>;

/** The value as an object to read fields from ({} for anything else). */
export function obj(value: unknown): Json {
  return value !== null && typeof value === "object" ? value as Json : {};
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** Content as text: strings as they are, anything else as JSON. */
export function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value);
  } catch (_) {
    return String(value); // cyclic values
  }
}

/** Copies the non-null fields of `from` onto `into` (usage arriving in parts). */
export function mergeDefined(into: Json, from: unknown): void {
  for (const [key, value] of Object.entries(obj(from))) {
    if (value !== null && value !== undefined) into[key] = value;
  }
}
