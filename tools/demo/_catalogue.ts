// What the demo traffic is made of: models with their list prices, speeds and error rates; the
// features of the demo apps with their model mix and token sizes; errors, regions, plans, prompts.

/** A model as the demo calls it: list price per million tokens (for the running estimate). */
export interface DemoModel {
  model: string;
  provider: string;
  input_per_mtok: number;
  output_per_mtok: number;
  /** Output tokens per second while generating, and the median time to first token. */
  tokens_per_s: number;
  ttft_ms: number;
  error_rate: number;
  /** Self-hosted: the cost the app reports itself (GPU time), per million tokens. */
  reports_cost_per_mtok?: number;
  /** Reasoning models spend hidden tokens. */
  reasoning?: boolean;
}

type ModelRow = [
  model: string,
  provider: string,
  input_per_mtok: number,
  output_per_mtok: number,
  tokens_per_s: number,
  ttft_ms: number,
  error_rate: number,
  extra?: Pick<DemoModel, "reports_cost_per_mtok" | "reasoning">,
];

// deno-fmt-ignore
const MODEL_ROWS: ModelRow[] = [
  ["gpt-4o",                 "openai",      2.5,  10,  80,  450,  0.012],
  ["gpt-4o-mini",            "openai",      0.15, 0.6, 110, 300,  0.01],
  ["gpt-4.1-mini",           "openai",      0.4,  1.6, 100, 320,  0.01],
  ["o4-mini",                "openai",      1.1,  4.4, 90,  2200, 0.015, { reasoning: true }],
  ["claude-sonnet-4",        "anthropic",   3,    15,  65,  650,  0.02],
  ["claude-3-5-haiku",       "anthropic",   0.8,  4,   120, 380,  0.012],
  ["claude-opus-4",          "anthropic",   15,   75,  40,  1100, 0.03],
  ["gemini-2.5-flash",       "google",      0.3,  2.5, 180, 350,  0.01],
  ["gemini-2.5-pro",         "google",      1.25, 10,  85,  1300, 0.018],
  ["mistral-large-latest",   "mistral",     2,    6,   70,  500,  0.015],
  ["text-embedding-3-small", "openai",      0.02, 0,   1e9, 90,   0.004],
  // Self-hosted: one reports its GPU cost itself, one is priced by nobody (an "unpriced model").
  ["llama-3.1-70b",          "self-hosted", 0.35, 0.35, 45, 250,  0.02, { reports_cost_per_mtok: 0.35 }],
  ["acme-extractor-v2",      "self-hosted", 0,    0,   60,  200,  0.01],
];

export const MODELS: Record<string, DemoModel> = Object.fromEntries(
  MODEL_ROWS.map(([model, provider, input, output, tps, ttft, errors, extra]) => [model, {
    model,
    provider,
    input_per_mtok: input,
    output_per_mtok: output,
    tokens_per_s: tps,
    ttft_ms: ttft,
    error_rate: errors,
    ...extra,
  }]),
);

/** A feature of the demo apps: who calls which models with how many tokens. */
interface DemoEndpoint {
  endpoint: string;
  application: string;
  weight: number;
  models: Array<[string, number]>;
  /** Median tokens and their spread (log-normal sigma). */
  input: [number, number];
  output: [number, number];
  streaming: number;
  /** Share of input tokens served from the prompt cache. */
  cached: number;
}

// deno-fmt-ignore
export const ENDPOINTS: DemoEndpoint[] = [
  { endpoint: "chat", application: "web-app", weight: 40, input: [1500, 0.8], output: [220, 0.6], streaming: 0.95, cached: 0.3,
    models: [["gpt-4o", 35], ["claude-sonnet-4", 25], ["gpt-4o-mini", 25], ["gemini-2.5-flash", 15]] },
  { endpoint: "search-summarize", application: "web-app", weight: 15, input: [4000, 0.5], output: [250, 0.5], streaming: 0.5, cached: 0,
    models: [["gemini-2.5-flash", 60], ["gpt-4.1-mini", 40]] },
  { endpoint: "support-agent", application: "support-portal", weight: 15, input: [6000, 0.6], output: [300, 0.5], streaming: 0.8, cached: 0.55,
    models: [["claude-sonnet-4", 60], ["claude-3-5-haiku", 40]] },
  { endpoint: "code-review", application: "ide-plugin", weight: 8, input: [8000, 0.7], output: [500, 0.5], streaming: 0.3, cached: 0.2,
    models: [["o4-mini", 50], ["gpt-4o", 30], ["claude-sonnet-4", 20]] },
  { endpoint: "classify-ticket", application: "support-portal", weight: 10, input: [600, 0.4], output: [20, 0.3], streaming: 0, cached: 0,
    models: [["gpt-4o-mini", 70], ["llama-3.1-70b", 30]] },
  { endpoint: "embed-docs", application: "batch-jobs", weight: 7, input: [2000, 0.6], output: [0, 0], streaming: 0, cached: 0,
    models: [["text-embedding-3-small", 100]] },
  { endpoint: "extract-invoice", application: "batch-jobs", weight: 4, input: [3000, 0.5], output: [400, 0.4], streaming: 0, cached: 0,
    models: [["gemini-2.5-pro", 50], ["mistral-large-latest", 30], ["acme-extractor-v2", 20]] },
  { endpoint: "research-agent", application: "web-app", weight: 1, input: [12000, 0.6], output: [800, 0.5], streaming: 0.6, cached: 0.1,
    models: [["claude-opus-4", 50], ["gpt-4o", 50]] },
];

// deno-fmt-ignore
export const ERRORS = [
  { error_type: "rate_limit_error", status_code: 429, error_message: "Rate limit reached for requests per minute. Please retry after 2s." },
  { error_type: "server_error", status_code: 500, error_message: "The server had an error while processing your request." },
  { error_type: "overloaded_error", status_code: 529, error_message: "Overloaded" },
  { error_type: "invalid_request_error", status_code: 400, error_message: "Invalid 'messages[3].content': string too long." },
];

export const REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"];
export const PLANS = ["free", "free", "pro", "pro", "team", "enterprise"];
// deno-fmt-ignore
export const PROMPTS = [
  ["How do I rotate an API key without downtime?", "Create the new key first, deploy it alongside the old one, switch traffic, then revoke the old key once nothing uses it."],
  ["Summarise this support thread for the on-call engineer.", "Customer reports intermittent 502s since 09:40 UTC on the EU cluster; retries succeed; no data loss reported."],
  ["Write a haiku about latency.", "Tokens trickle in / the p99 stretches long / a user waits, sighs"],
  ["What changed in the billing export last week?", "The export now includes cached-token counts and splits input and output cost per model."],
];
