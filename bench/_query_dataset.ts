// The query benchmark's traffic: one project's month of LLM calls. The same profile drives both
// generators: stored events for the real write path (eventBatches → store.insertEvents), and the
// SQL of _query_rollup_sql.ts that folds virtual events straight into the rollups for sizes too
// large to insert.
import type { StoredEvent } from "../lib/ingest/event.ts";
import { seededRandom } from "../lib/shared/random.ts";

interface ModelProfile {
  model: string;
  provider: string;
  share: number;
  /** Median latency of a successful call, and the log-normal spread around it. */
  latency_ms: number;
  sigma: number;
  input_tokens: number;
  output_tokens: number;
  /** null: not priced (self-hosted), counted as unpriced. */
  usd_per_mtok: { input: number; output: number } | null;
}

export const MODELS = [
  {
    model: "gpt-4o-mini",
    provider: "openai",
    share: 0.34,
    latency_ms: 650,
    sigma: 0.5,
    input_tokens: 900,
    output_tokens: 220,
    usd_per_mtok: { input: 0.15, output: 0.6 },
  },
  {
    model: "gpt-4o",
    provider: "openai",
    share: 0.26,
    latency_ms: 1_400,
    sigma: 0.55,
    input_tokens: 1_600,
    output_tokens: 380,
    usd_per_mtok: { input: 2.5, output: 10 },
  },
  {
    model: "claude-sonnet-4",
    provider: "anthropic",
    share: 0.2,
    latency_ms: 1_800,
    sigma: 0.6,
    input_tokens: 2_200,
    output_tokens: 450,
    usd_per_mtok: { input: 3, output: 15 },
  },
  {
    model: "gemini-2.5-flash",
    provider: "google",
    share: 0.12,
    latency_ms: 800,
    sigma: 0.5,
    input_tokens: 1_200,
    output_tokens: 300,
    usd_per_mtok: { input: 0.3, output: 2.5 },
  },
  {
    model: "llama-3.1-70b",
    provider: "self-hosted",
    share: 0.08,
    latency_ms: 2_200,
    sigma: 0.7,
    input_tokens: 1_000,
    output_tokens: 260,
    usd_per_mtok: null,
  },
] as const satisfies readonly ModelProfile[];

/** `streaming` endpoints report a time to first token. */
export const ENDPOINTS = [
  { endpoint: "chat", share: 0.45, streaming: true },
  { endpoint: "search-answer", share: 0.25, streaming: false },
  { endpoint: "summarize", share: 0.18, streaming: false },
  { endpoint: "classify-ticket", share: 0.12, streaming: false },
] as const;

/** null: sent without an application (stored as '' in the rollups). */
export const APPLICATIONS = [
  { application: "support-portal", share: 0.55 },
  { application: "internal-tools", share: 0.3 },
  { application: null, share: 0.15 },
] as const;

export const STATUSES = [
  { status: "success", share: 0.955 },
  { status: "error", share: 0.03 },
  { status: "timeout", share: 0.015 },
] as const;

export const USERS = 2_000;
/** A user of middling activity (about 0.4 % of calls): the user_id-filtered query reads theirs. */
export const PROBE_USER = "user-7";
/** The model filter of the filtered queries (about a quarter of the calls). */
export const PROBE_MODEL = "gpt-4o";

export const ERROR_LATENCY_MS = 150;
export const TIMEOUT_LATENCY_MS = 30_000;
/** Streaming calls report a first token after this share of their latency. */
export const TTFT_SHARE = 0.3;

/** Lower bounds of each choice's slice of [0, 1), for picking by one uniform number. */
function lowerBounds(shares: readonly { share: number }[]): number[] {
  const bounds: number[] = [];
  let acc = 0;
  for (const { share } of shares) {
    bounds.push(acc);
    acc += share;
  }
  if (Math.abs(acc - 1) > 1e-9) throw new Error(`shares sum to ${acc}, not 1`);
  return bounds;
}

function pickIndex(bounds: readonly number[], u: number): number {
  let i = bounds.length - 1;
  while (i > 0 && u < bounds[i]!) i--;
  return i;
}

export const BOUNDS = {
  model: lowerBounds(MODELS),
  endpoint: lowerBounds(ENDPOINTS),
  application: lowerBounds(APPLICATIONS),
  status: lowerBounds(STATUSES),
};

/**
 * `count` events evenly spread over [fromMs, toMs) in time order (one per equal slot, at a random
 * point of it), yielded in batches of `batchSize`.
 */
export function* eventBatches(options: {
  projectId: string;
  fromMs: number;
  toMs: number;
  count: number;
  batchSize: number;
  idPrefix: string;
  seed: number;
}): Generator<StoredEvent[]> {
  const next = seededRandom(options.seed);
  const slotMs = (options.toMs - options.fromMs) / options.count;
  let batch: StoredEvent[] = [];
  for (let i = 0; i < options.count; i++) {
    const ts = Math.min(options.toMs - 1, Math.floor(options.fromMs + (i + next()) * slotMs));
    const m = MODELS[pickIndex(BOUNDS.model, next())]!;
    const e = ENDPOINTS[pickIndex(BOUNDS.endpoint, next())]!;
    const a = APPLICATIONS[pickIndex(BOUNDS.application, next())]!;
    const s = STATUSES[pickIndex(BOUNDS.status, next())]!;
    const z = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    const u1 = next();
    const u2 = next();
    const latency = s.status === "success"
      ? m.latency_ms * Math.exp(m.sigma * z)
      : s.status === "error"
      ? ERROR_LATENCY_MS * Math.exp(0.5 * z)
      : TIMEOUT_LATENCY_MS + 2_000 * u1;
    const input = Math.floor(m.input_tokens * (0.25 + 1.5 * u1));
    const output = s.status === "success" ? Math.floor(m.output_tokens * (0.25 + 1.5 * u2)) : 0;
    const user = Math.floor(USERS * next() ** 2);
    const inputUsd = input * (m.usd_per_mtok?.input ?? 0) / 1e6;
    const outputUsd = output * (m.usd_per_mtok?.output ?? 0) / 1e6;
    batch.push({
      project_id: options.projectId,
      id: `${options.idPrefix}-${i}`,
      ts,
      model: m.model,
      provider: m.provider,
      status: s.status,
      endpoint: e.endpoint,
      application: a.application,
      user_id: `user-${user}`,
      session_id: `session-${user}-${Math.floor(ts / 3_600_000)}`,
      trace_id: next() < 0.3 ? `trace-${options.idPrefix}-${i}` : null,
      input_tokens: input,
      output_tokens: output,
      cached_input_tokens: null,
      reasoning_tokens: null,
      latency_ms: Math.round(latency * 10) / 10,
      time_to_first_token_ms: e.streaming && s.status === "success"
        ? Math.round(latency * TTFT_SHARE * 10) / 10
        : null,
      cost_usd: m.usd_per_mtok ? inputUsd + outputUsd : null,
      cost_source: m.usd_per_mtok ? "reported" : null,
      input_cost_usd: m.usd_per_mtok ? inputUsd : null,
      output_cost_usd: m.usd_per_mtok ? outputUsd : null,
      cache_savings_usd: null,
      price_version: null,
      status_code: s.status === "success" ? 200 : s.status === "timeout" ? 504 : 429,
      error_type: s.status === "error" ? "rate_limit_exceeded" : null,
      error_message: s.status === "error" ? "Rate limit reached for requests per minute." : null,
      input: null,
      output: null,
      metadata: null,
      received_at: ts,
    });
    if (batch.length === options.batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
