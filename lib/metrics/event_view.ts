// Stored events as the API shows them (JSON and CSV): contract field names, ISO timestamps.
import type { StoredEvent } from "../ingest/event.ts";

export function toApiEvent(e: StoredEvent) {
  const { ts, received_at, ...rest } = e;
  return {
    ...rest,
    timestamp: new Date(ts).toISOString(),
    received_at: new Date(received_at).toISOString(),
  };
}

export const CSV_COLUMNS = [
  "id",
  "timestamp",
  "model",
  "provider",
  "status",
  "endpoint",
  "application",
  "user_id",
  "session_id",
  "trace_id",
  "input_tokens",
  "output_tokens",
  "cached_input_tokens",
  "reasoning_tokens",
  "latency_ms",
  "time_to_first_token_ms",
  "cost_usd",
  "cost_source",
  "status_code",
  "error_type",
  "error_message",
  "metadata",
] as const;

/** One CSV line (RFC 4180), with spreadsheet formula injection neutralised. */
export function csvLine(values: ReadonlyArray<unknown>): string {
  return values.map((v) => {
    if (v === null || v === undefined) return "";
    let text = typeof v === "object" ? JSON.stringify(v) : String(v);
    if (typeof v === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  }).join(",") + "\r\n";
}

/** Significant digits kept in CSV money columns: float sums lose their noise
 * (0.000051000000000000006 → 0.000051), stored prices stay exact. */
const CSV_USD_DIGITS = 12;

function csvValue(column: string, value: unknown): unknown {
  return column.endsWith("_usd") && typeof value === "number" && Number.isFinite(value)
    ? Number(value.toPrecision(CSV_USD_DIGITS))
    : value;
}

export function csvRow(e: StoredEvent): string {
  const view = toApiEvent(e) as Record<string, unknown>;
  return csvLine(CSV_COLUMNS.map((c) => csvValue(c, view[c])));
}
