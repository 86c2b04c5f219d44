// Realistic synthetic LLM events for the ingest benchmark, built before any clock starts.
// Deterministic (seeded) so two runs post the same mix; ids are unique per run.
import { seededRandom } from "../lib/shared/random.ts";

interface ModelProfile {
  model: string;
  provider: string;
  /** Median latency of a call. */
  latency_ms: number;
  usd_per_1k_in: number;
  usd_per_1k_out: number;
}

const MODELS = [
  {
    model: "gpt-4o",
    provider: "openai",
    latency_ms: 900,
    usd_per_1k_in: 0.0025,
    usd_per_1k_out: 0.01,
  },
  {
    model: "gpt-4o-mini",
    provider: "openai",
    latency_ms: 450,
    usd_per_1k_in: 0.00015,
    usd_per_1k_out: 0.0006,
  },
  {
    model: "claude-sonnet-4",
    provider: "anthropic",
    latency_ms: 1_200,
    usd_per_1k_in: 0.003,
    usd_per_1k_out: 0.015,
  },
  {
    model: "gemini-2.5-flash",
    provider: "google",
    latency_ms: 600,
    usd_per_1k_in: 0.0003,
    usd_per_1k_out: 0.0025,
  },
  {
    model: "llama-3.1-70b",
    provider: "self-hosted",
    latency_ms: 1_500,
    usd_per_1k_in: 0,
    usd_per_1k_out: 0,
  },
] as const satisfies readonly ModelProfile[];

const ENDPOINTS = ["chat", "search-answer", "summarize", "classify-ticket", "code-review"] as const;
const APPLICATIONS = ["support-portal", "internal-tools", "mobile-app"] as const;
const REGIONS = ["eu-west-1", "us-east-1", "ap-southeast-2"] as const;

function pick<T>(items: readonly T[], r: number): T {
  return items[Math.floor(r * items.length)]!;
}

/** One event as a client sends it to POST /v1/events. */
export type WireEvent = Record<string, unknown>;

/**
 * `batches` arrays of `batchSize` events with ids `${idPrefix}-${n}`, timestamps spread over the
 * minute before `now`: a mix of models, endpoints, users, errors, timeouts and long-tail latencies.
 */
export function buildBatches(
  options: { batches: number; batchSize: number; idPrefix: string; now: number; seed?: number },
): WireEvent[][] {
  const next = seededRandom(options.seed ?? 42);
  const out: WireEvent[][] = [];
  let n = 0;
  for (let b = 0; b < options.batches; b++) {
    const batch: WireEvent[] = [];
    for (let i = 0; i < options.batchSize; i++, n++) {
      const m = pick(MODELS, next());
      const roll = next();
      const status = roll < 0.03 ? "error" : roll < 0.04 ? "timeout" : "success";
      const input_tokens = 50 + Math.floor(next() * 3_000);
      const output_tokens = status === "success" ? 10 + Math.floor(next() * 800) : 0;
      // Log-normal-ish latency with a long tail.
      const latency_ms = Math.round(m.latency_ms * Math.exp((next() - 0.5) * 1.6) * 10) / 10;
      const streaming = next() < 0.4;
      const user = Math.floor(next() * 500);
      const event: WireEvent = {
        id: `${options.idPrefix}-${n}`,
        timestamp: options.now - Math.floor(next() * 60_000),
        model: m.model,
        provider: m.provider,
        status,
        endpoint: pick(ENDPOINTS, next()),
        application: pick(APPLICATIONS, next()),
        user_id: `user_${user}`,
        session_id: `sess_${user}_${Math.floor(next() * 20)}`,
        trace_id: crypto.randomUUID(),
        input_tokens,
        output_tokens,
        latency_ms: status === "timeout" ? 30_000 : latency_ms,
        status_code: status === "success" ? 200 : status === "timeout" ? 504 : 429,
        metadata: {
          region: pick(REGIONS, next()),
          tier: next() < 0.2 ? "enterprise" : "free",
          prompt_version: `v${1 + Math.floor(next() * 4)}`,
          cache_hit: next() < 0.3,
        },
      };
      if (streaming) event.time_to_first_token_ms = Math.round(latency_ms * 0.2);
      if (next() < 0.3) event.cached_input_tokens = Math.floor(input_tokens * 0.5);
      // Most SDKs report cost; the rest are priced (or left unpriced) by the server.
      if (next() < 0.7) {
        event.cost_usd = (input_tokens * m.usd_per_1k_in + output_tokens * m.usd_per_1k_out) /
          1_000;
      }
      if (status === "error") {
        event.error_type = "rate_limit_exceeded";
        event.error_message = "Rate limit reached for requests per minute. Please retry.";
      }
      batch.push(event);
    }
    out.push(batch);
  }
  return out;
}
