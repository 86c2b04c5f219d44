// An error thrown by an LLM call, as event fields: status (error or timeout), type, message, code.
import type { LlmEvent } from "./types.ts";

const TIMEOUT_NAMES = new Set(["TimeoutError", "APIConnectionTimeoutError"]);
const TIMEOUT_STATUSES = new Set([408, 504]);

export function errorFields(error: unknown): Partial<LlmEvent> {
  const e = (error ?? {}) as { name?: unknown; message?: unknown; status?: unknown };
  const status_code = typeof e.status === "number" ? e.status : undefined;
  const error_type = errorType(error);
  const timeout = TIMEOUT_NAMES.has(error_type) ||
    (status_code !== undefined && TIMEOUT_STATUSES.has(status_code));
  return {
    status: timeout ? "timeout" : "error",
    error_type,
    error_message: typeof e.message === "string" ? e.message : String(error),
    status_code,
  };
}

/** The error's class: its name, or its constructor's when the name is the generic "Error". */
function errorType(error: unknown): string {
  if (error === null || typeof error !== "object") return typeof error;
  const name = (error as { name?: unknown }).name;
  if (typeof name === "string" && name !== "Error") return name;
  const ctor = (error as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof ctor === "string" && ctor !== "" ? ctor : "Error";
}
