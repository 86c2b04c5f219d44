// The scale benchmark's traffic, as an SDK would send it: a busy application's month of model
// calls (16 models of five providers, two self-hosted and unpriced; 12 endpoints, four streaming;
// three applications and calls without one; 2,000 users, a few very active), priced by the
// server. Batch `b` of a run is always the same events but for their random ids.
import { seededRandom } from "../lib/shared/random.ts";

interface ModelProfile {
  model: string;
  provider: string;
  /** Relative share of calls. */
  weight: number;
  /** Median latency of a successful call (ms) and the log-normal spread around it. */
  latency_ms: number;
  sigma: number;
  input_tokens: number;
  output_tokens: number;
}

export const MODELS: readonly ModelProfile[] = [
  m("gpt-4o-mini", "openai", 18, 650, 0.5, 900, 220),
  m("gpt-4o", "openai", 12, 1_400, 0.55, 1_600, 380),
  m("gpt-4.1", "openai", 6, 1_600, 0.55, 2_000, 420),
  m("gpt-4.1-mini", "openai", 8, 700, 0.5, 1_100, 260),
  m("o3-mini", "openai", 3, 4_500, 0.7, 1_500, 900),
  m("claude-sonnet-4-20250514", "anthropic", 10, 1_800, 0.6, 2_200, 450),
  m("claude-3-5-haiku-20241022", "anthropic", 7, 900, 0.5, 1_000, 240),
  m("claude-opus-4-20250514", "anthropic", 2, 3_500, 0.65, 3_000, 600),
  m("gemini-2.5-flash", "google", 8, 800, 0.5, 1_200, 300),
  m("gemini-2.5-pro", "google", 3, 2_800, 0.6, 2_500, 700),
  m("gemini-2.0-flash", "google", 5, 600, 0.45, 900, 200),
  m("mistral-large-latest", "mistral", 3, 1_500, 0.55, 1_400, 350),
  m("mistral-small-latest", "mistral", 4, 500, 0.45, 700, 180),
  m("deepseek-chat", "deepseek", 4, 2_000, 0.7, 1_300, 400),
  m("llama-3.1-70b-instruct", "self-hosted", 5, 2_200, 0.7, 1_000, 260),
  m("qwen2.5-32b-instruct", "self-hosted", 2, 1_700, 0.65, 800, 220),
];

function m(
  model: string,
  provider: string,
  weight: number,
  latency_ms: number,
  sigma: number,
  input_tokens: number,
  output_tokens: number,
): ModelProfile {
  return { model, provider, weight, latency_ms, sigma, input_tokens, output_tokens };
}

/** `streaming` endpoints report a time to first token; `tokens` scales the model's sizes. */
export const ENDPOINTS = [
  { endpoint: "chat", weight: 22, streaming: true, tokens: 1 },
  { endpoint: "chat-mobile", weight: 10, streaming: true, tokens: 0.8 },
  { endpoint: "assistant-stream", weight: 8, streaming: true, tokens: 1.5 },
  { endpoint: "code-complete", weight: 9, streaming: true, tokens: 0.6 },
  { endpoint: "search-answer", weight: 12, streaming: false, tokens: 1.8 },
  { endpoint: "summarize", weight: 9, streaming: false, tokens: 2.5 },
  { endpoint: "classify-ticket", weight: 8, streaming: false, tokens: 0.4 },
  { endpoint: "extract-invoice", weight: 5, streaming: false, tokens: 1.2 },
  { endpoint: "translate", weight: 6, streaming: false, tokens: 0.9 },
  { endpoint: "moderate", weight: 5, streaming: false, tokens: 0.2 },
  { endpoint: "sql-generate", weight: 3, streaming: false, tokens: 1.1 },
  { endpoint: "email-draft", weight: 3, streaming: false, tokens: 0.9 },
] as const;

/** null: sent without an application. */
export const APPLICATIONS = [
  { application: "support-portal", weight: 45 },
  { application: "internal-tools", weight: 25 },
  { application: "mobile-app", weight: 20 },
  { application: null, weight: 10 },
] as const;

export const USERS = 2_000;
export const ERROR_SHARE = 0.03;
export const TIMEOUT_SHARE = 0.01;

/** Cumulative weights, for picking by one uniform number. */
function picker<T extends { weight: number }>(items: readonly T[]): (u: number) => T {
  const total = items.reduce((s, i) => s + i.weight, 0);
  let acc = 0;
  const upper = items.map((i) => (acc += i.weight / total));
  return (u) => items[upper.findIndex((b) => u < b)] ?? items.at(-1)!;
}

const pickModel = picker(MODELS);
const pickEndpoint = picker(ENDPOINTS);
const pickApplication = picker(APPLICATIONS);

/** What POST /v1/events takes (CONTRACT.md), as the SDK sends it. */
export type WireEvent = Record<string, string | number>;

export interface Span {
  /** Events in the run, evenly spread over [fromMs, fromMs + spanMs) in time order. */
  total: number;
  fromMs: number;
  spanMs: number;
  batchSize: number;
  seed: number;
}

export function batchCount(span: Span): number {
  return Math.ceil(span.total / span.batchSize);
}

/** Batch `b` of the run: events b·batchSize … (b+1)·batchSize − 1, one per equal time slot. */
export function batch(span: Span, b: number): WireEvent[] {
  const next = seededRandom(span.seed * 1_000_003 + b);
  const slotMs = span.spanMs / span.total;
  const first = b * span.batchSize;
  const last = Math.min(span.total, first + span.batchSize);
  const out: WireEvent[] = [];
  for (let i = first; i < last; i++) out.push(event(next, span.fromMs + (i + next()) * slotMs));
  return out;
}

function gaussian(next: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

function event(next: () => number, ts: number): WireEvent {
  const model = pickModel(next());
  const ep = pickEndpoint(next());
  const app = pickApplication(next()).application;
  const user = Math.floor(USERS * next() ** 2);
  const u = next();
  const status = u < ERROR_SHARE
    ? "error"
    : u < ERROR_SHARE + TIMEOUT_SHARE
    ? "timeout"
    : "success";
  const z = gaussian(next);
  const latency = status === "success"
    ? model.latency_ms * Math.exp(model.sigma * z) * (ep.streaming ? 1.6 : 1)
    : status === "error"
    ? 180 * Math.exp(0.6 * z)
    : 30_000 + 2_000 * next();
  const input = Math.max(1, Math.round(model.input_tokens * ep.tokens * (0.25 + 1.5 * next())));
  const e: WireEvent = {
    id: crypto.randomUUID(),
    timestamp: Math.floor(ts),
    model: model.model,
    provider: model.provider,
    endpoint: ep.endpoint,
    user_id: `user-${user}`,
    status,
    input_tokens: input,
    output_tokens: status === "success"
      ? Math.round(model.output_tokens * ep.tokens * (0.25 + 1.5 * next()))
      : 0,
    latency_ms: Math.round(latency * 10) / 10,
  };
  if (app !== null) e.application = app;
  if (ep.streaming) e.session_id = `s-${user}-${Math.floor(ts / 1_800_000)}`;
  if (ep.streaming && status === "success") {
    e.time_to_first_token_ms = Math.round(latency * (0.15 + 0.25 * next()) * 10) / 10;
  }
  if (next() < 0.3 && model.provider !== "self-hosted") {
    e.cached_input_tokens = Math.floor(input * 0.6);
  }
  if (status === "error") {
    e.status_code = 429;
    e.error_type = "rate_limit_exceeded";
    e.error_message = "Rate limit reached for requests per minute.";
  } else if (status === "timeout") {
    e.status_code = 504;
    e.error_type = "timeout";
  } else {
    e.status_code = 200;
  }
  return e;
}
