// A stored event for tests, with every field set: light enough for the unit tests beside lib/ code
// (no app, no engines); tests/_fixtures.ts re-exports it.
import type { StoredEvent } from "../lib/ingest/event.ts";

/** A normalised event as the store receives it. */
export function storedEvent(overrides: Partial<StoredEvent> = {}): StoredEvent {
  const now = Date.now();
  return {
    project_id: "p",
    id: crypto.randomUUID(),
    ts: now,
    model: "gpt-4o",
    provider: "openai",
    status: "success",
    endpoint: "default",
    application: null,
    user_id: null,
    session_id: null,
    trace_id: null,
    input_tokens: 100,
    output_tokens: 50,
    cached_input_tokens: null,
    reasoning_tokens: null,
    latency_ms: 800,
    time_to_first_token_ms: null,
    cost_usd: 0.001,
    cost_source: "reported",
    input_cost_usd: null,
    output_cost_usd: null,
    cache_savings_usd: null,
    price_version: null,
    status_code: 200,
    error_type: null,
    error_message: null,
    input: null,
    output: null,
    metadata: null,
    received_at: now,
    ...overrides,
  };
}
