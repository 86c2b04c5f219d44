// `deno task demo`: realistic synthetic LLM traffic into a running monitor, so a newcomer sees a
// living dashboard in a minute. Several providers and models (their list prices in the right
// ratios; the server prices events, except a self-hosted model that reports its own cost and one
// that no price covers), features with their own model mix and token sizes, Zipf-distributed
// users, streaming with time to first token, long-tail latencies, errors and timeouts, and now
// and then a runaway research agent that makes the cost spike.
//
//   deno task demo                       # localhost:8000, INGEST_KEY from the environment
//   deno task demo --rate 20 --duration 10m --backfill 1h
//   MONITOR_URL=http://127.0.0.1:8000 INGEST_KEY=lmi_… deno task demo
//
// Without INGEST_KEY but with ADMIN_TOKEN it creates an ingest key named "demo" first. Only
// loopback URLs unless --allow-remote. Runs until Ctrl-C or --duration.
import { parseArgs } from "node:util";
import { createLogger } from "../lib/log.ts";

/** A model as the demo calls it: list price per million tokens (for the running estimate). */
interface DemoModel {
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

const MODELS: Record<string, DemoModel> = Object.fromEntries(
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
const ENDPOINTS: DemoEndpoint[] = [
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
const ERRORS = [
  { error_type: "rate_limit_error", status_code: 429, error_message: "Rate limit reached for requests per minute. Please retry after 2s." },
  { error_type: "server_error", status_code: 500, error_message: "The server had an error while processing your request." },
  { error_type: "overloaded_error", status_code: 529, error_message: "Overloaded" },
  { error_type: "invalid_request_error", status_code: 400, error_message: "Invalid 'messages[3].content': string too long." },
];

const REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"];
const PLANS = ["free", "free", "pro", "pro", "team", "enterprise"];
// deno-fmt-ignore
const PROMPTS = [
  ["How do I rotate an API key without downtime?", "Create the new key first, deploy it alongside the old one, switch traffic, then revoke the old key once nothing uses it."],
  ["Summarise this support thread for the on-call engineer.", "Customer reports intermittent 502s since 09:40 UTC on the EU cluster; retries succeed; no data loss reported."],
  ["Write a haiku about latency.", "Tokens trickle in / the p99 stretches long / a user waits, sighs"],
  ["What changed in the billing export last week?", "The export now includes cached-token counts and splits input and output cost per model."],
];

/** A small seeded PRNG (mulberry32), so a seed replays the same traffic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type DemoEvent = Record<string, unknown> & {
  model: string;
  timestamp: number;
  status: string;
};

/** Generates events; `spike` turns on the runaway research agent. */
export class DemoTraffic {
  readonly #random: () => number;
  readonly #users: string[];
  #sequence = 0;

  constructor(seed: number, userCount = 300) {
    this.#random = rng(seed);
    this.#users = Array.from(
      { length: userCount },
      (_, i) => `user-${String(i + 1).padStart(4, "0")}`,
    );
  }

  #pick<T>(items: Array<[T, number]>): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.#random() * total;
    for (const [item, w] of items) if ((r -= w) <= 0) return item;
    return items[items.length - 1]![0];
  }

  #normal(): number {
    const u = 1 - this.#random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.#random());
  }

  #logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.#normal());
  }

  /** Zipf-ish: a few heavy users, a long tail. */
  #user(): string {
    const i = Math.floor(this.#users.length * Math.pow(this.#random(), 2.6));
    return this.#users[i]!;
  }

  next(timestamp: number, spike = false): DemoEvent {
    const endpoint = spike && this.#random() < 0.45
      ? ENDPOINTS.find((e) => e.endpoint === "research-agent")!
      : this.#pick(ENDPOINTS.map((e) => [e, e.weight]));
    const m = MODELS[this.#pick(endpoint.models)]!;
    const heavy = spike && endpoint.endpoint === "research-agent";
    const input = Math.max(
      1,
      Math.round(this.#logNormal(endpoint.input[0] * (heavy ? 3 : 1), endpoint.input[1])),
    );
    const output = endpoint.output[0] === 0
      ? 0
      : Math.max(1, Math.round(this.#logNormal(endpoint.output[0], endpoint.output[1])));
    const streaming = this.#random() < endpoint.streaming;
    const ttft = this.#logNormal(m.ttft_ms, 0.35) + input * 0.015;
    let latency = ttft + (output / m.tokens_per_s) * 1000 * this.#logNormal(1, 0.25);
    if (this.#random() < 0.03) latency *= 1.5 + this.#random() * 3; // the long tail
    const roll = this.#random();
    const errorRate = m.error_rate * (heavy ? 4 : 1);
    const status = roll < 0.0025 ? "timeout" : roll < 0.0025 + errorRate ? "error" : "success";
    const user = this.#user();
    const cached = endpoint.cached > 0 && m.provider !== "google"
      ? Math.round(input * endpoint.cached * this.#random())
      : 0;
    const event: DemoEvent = {
      id: `demo-${timestamp.toString(36)}-${(this.#sequence++).toString(36)}-${
        Math.floor(this.#random() * 1e9).toString(36)
      }`,
      timestamp,
      model: m.model,
      provider: m.provider,
      status,
      endpoint: endpoint.endpoint,
      application: endpoint.application,
      user_id: user,
      session_id: `sess-${user.slice(5)}-${Math.floor(timestamp / 1_800_000).toString(36)}`,
      trace_id: Array.from(
        { length: 4 },
        () => Math.floor(this.#random() * 2 ** 32).toString(16).padStart(8, "0"),
      ).join(""),
      input_tokens: input,
      output_tokens: status === "success" ? output : 0,
      latency_ms: Math.round(
        status === "timeout" ? (this.#random() < 0.8 ? 30_000 : 60_000) : latency,
      ),
      metadata: {
        region: REGIONS[Math.floor(this.#random() * REGIONS.length)]!,
        plan: PLANS[Math.floor(this.#random() * PLANS.length)]!,
        prompt_version: endpoint.endpoint === "chat" ? "chat-v7" : "v2",
        streaming,
      },
    };
    if (cached > 0) event.cached_input_tokens = cached;
    if (m.reasoning && status === "success") {
      event.reasoning_tokens = Math.round(output * (1 + this.#random() * 3));
    }
    if (streaming && status === "success") event.time_to_first_token_ms = Math.round(ttft);
    if (status === "error") {
      Object.assign(event, ERRORS[heavy ? 0 : Math.floor(this.#random() * ERRORS.length)]!);
    }
    if (status === "timeout") {
      Object.assign(event, {
        error_type: "timeout",
        error_message: "No response within the client timeout",
      });
    }
    if (m.reports_cost_per_mtok !== undefined) {
      event.cost_usd = ((input + output) / 1e6) * m.reports_cost_per_mtok;
    }
    if (endpoint.endpoint === "chat" && this.#random() < 0.3) {
      const [prompt, answer] = PROMPTS[Math.floor(this.#random() * PROMPTS.length)]!;
      event.input = prompt;
      if (status === "success") event.output = answer;
    }
    return event;
  }
}

/** The list-price estimate of an event, for the progress lines (the server prices for real). */
export function estimateCost(e: DemoEvent): number {
  if (typeof e.cost_usd === "number") return e.cost_usd;
  const m = MODELS[e.model];
  if (!m) return 0;
  return ((e.input_tokens as number) * m.input_per_mtok +
    (e.output_tokens as number) * m.output_per_mtok) / 1e6;
}

/**
 * Events over [from, to) at about `perSecond` on average, busier in the day than at night and
 * with slower waves on top, and one cost spike in the middle third of the range.
 */
export function demoEvents(
  traffic: DemoTraffic,
  from: number,
  to: number,
  perSecond: number,
): DemoEvent[] {
  const random = rng(Math.floor(from / 1000));
  const spikeFrom = from + (to - from) * 0.45;
  const spikeTo = spikeFrom + Math.min(90_000, (to - from) * 0.05);
  const events: DemoEvent[] = [];
  for (let minute = from; minute < to; minute += 60_000) {
    const span = Math.min(60_000, to - minute);
    const hour = new Date(minute).getUTCHours() + new Date(minute).getUTCMinutes() / 60;
    const shape = 1 + 0.45 * Math.sin(((hour - 9) / 24) * 2 * Math.PI) +
      0.2 * Math.sin((2 * Math.PI * minute) / 2_820_000) + 0.15 * (random() - 0.5);
    const count = Math.round((span / 1000) * perSecond * Math.max(0.1, shape));
    for (let i = 0; i < count; i++) {
      const ts = Math.floor(minute + (span * (i + random())) / count);
      events.push(traffic.next(ts, ts >= spikeFrom && ts < spikeTo));
    }
  }
  return events;
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function parseDuration(text: string): number {
  const match = DURATION.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration such as 90s, 10m or 1h`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

export function isLoopback(url: URL): boolean {
  return ["localhost", "127.0.0.1", "[::1]", "::1"].includes(url.hostname) ||
    url.hostname.startsWith("127.");
}

/** Posts a batch; waits and retries on 429/503 as the server asks. Returns accepted events. */
async function post(
  url: URL,
  key: string,
  events: DemoEvent[],
  stop: AbortSignal,
): Promise<number> {
  for (let attempt = 0; attempt < 10 && !stop.aborted; attempt++) {
    const response = await fetch(new URL("/v1/events", url), {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ events }),
    });
    const body = await response.json().catch(() => ({}));
    if (response.status === 202) return body.accepted ?? 0;
    if (response.status === 429 || response.status === 503) {
      const wait = Number(response.headers.get("retry-after") ?? "1") * 1000;
      await new Promise((r) => setTimeout(r, Math.min(wait, 10_000)));
      continue;
    }
    throw new Error(
      `POST /v1/events answered ${response.status}: ${body.error ?? JSON.stringify(body)}`,
    );
  }
  return 0;
}

async function demoKey(url: URL, adminToken: string, project: string): Promise<string> {
  const response = await fetch(new URL("/api/keys", url), {
    method: "POST",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ project, kind: "ingest", name: "demo" }),
  });
  const body = await response.json();
  if (response.status !== 201) throw new Error(`creating a demo key failed: ${body.error}`);
  return body.key;
}

async function main() {
  const log = createLogger();
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      url: { type: "string", default: Deno.env.get("MONITOR_URL") ?? "http://localhost:8000" },
      key: { type: "string", default: Deno.env.get("INGEST_KEY") },
      "admin-token": { type: "string", default: Deno.env.get("ADMIN_TOKEN") },
      project: { type: "string", default: "default" },
      rate: { type: "string", default: "8" },
      duration: { type: "string" },
      backfill: { type: "string", default: "30m" },
      seed: { type: "string" },
      "allow-remote": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    log.print(`deno task demo [--url URL] [--key INGEST_KEY] [--rate EVENTS_PER_S] [--duration 10m]
  [--backfill 30m|0] [--seed N] [--allow-remote]
  URL defaults to MONITOR_URL or http://localhost:8000; the key to INGEST_KEY (or a "demo" key
  made with ADMIN_TOKEN). Runs until Ctrl-C or --duration.`);
    return;
  }
  const url = new URL(values.url);
  if (!isLoopback(url) && !values["allow-remote"]) {
    throw new Error(
      `${url.origin} is not a loopback address; pass --allow-remote to send demo data there`,
    );
  }
  const rate = Number(values.rate);
  if (!(rate > 0 && rate <= 2000)) throw new Error("--rate: events per second, from 0 to 2000");
  let key = values.key;
  if (!key && values["admin-token"]) {
    key = await demoKey(url, values["admin-token"], values.project);
    log.print(`created ingest key "demo" for project ${values.project}`);
  }
  if (!key) {
    throw new Error(
      "set INGEST_KEY (printed at the monitor's first start) or ADMIN_TOKEN, or pass --key",
    );
  }
  const traffic = new DemoTraffic(values.seed ? Number(values.seed) : Date.now());
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  Deno.addSignalListener("SIGINT", onSignal);
  const started = Date.now();
  const endAt = values.duration ? started + parseDuration(values.duration) : Infinity;

  const backfillMs = values.backfill === "0" ? 0 : parseDuration(values.backfill);
  if (backfillMs > 0) {
    const events = demoEvents(traffic, started - backfillMs, started - 1000, Math.min(rate, 4));
    let sent = 0;
    for (let i = 0; i < events.length && !stop.signal.aborted; i += 1000) {
      sent += await post(url, key, events.slice(i, i + 1000), stop.signal);
    }
    log.print(`backfilled ${sent.toLocaleString("en-US")} events over the last ${values.backfill}`);
  }

  let total = 0;
  let errors = 0;
  let timeouts = 0;
  let cost = 0;
  let windowCount = 0;
  let windowStart = Date.now();
  let nextReport = windowStart + 5_000;
  let spikeUntil = 0;
  let nextSpike = Date.now() + 60_000 + Math.random() * 120_000;
  log.print(`sending ~${rate}/s to ${url.origin} (Ctrl-C to stop)`);
  while (!stop.signal.aborted && Date.now() < endAt) {
    const tickStart = Date.now();
    if (tickStart >= nextSpike) {
      spikeUntil = tickStart + 45_000 + Math.random() * 45_000;
      nextSpike = spikeUntil + 4 * 60_000 + Math.random() * 5 * 60_000;
    }
    const spiking = tickStart < spikeUntil;
    const wave = 1 + 0.35 * Math.sin((2 * Math.PI * tickStart) / 600_000);
    const expected = rate * wave * (spiking ? 1.6 : 1);
    const count = Math.floor(expected) + (Math.random() < expected % 1 ? 1 : 0);
    const events = Array.from({ length: count }, () => traffic.next(Date.now(), spiking));
    if (events.length > 0) {
      total += await post(url, key, events, stop.signal);
      windowCount += events.length;
      for (const e of events) {
        if (e.status === "error") errors++;
        if (e.status === "timeout") timeouts++;
        cost += estimateCost(e);
      }
    }
    if (Date.now() >= nextReport) {
      const time = new Date().toISOString().slice(11, 19);
      log.print(
        `${time}  ${total.toLocaleString("en-US")} events · ${
          (windowCount / ((Date.now() - windowStart) / 1000)).toFixed(1)
        }/s · errors ${((errors / Math.max(1, total)) * 100).toFixed(1)}% · timeouts ${
          ((timeouts / Math.max(1, total)) * 100).toFixed(1)
        }% · ~$${cost.toFixed(2)} at list prices${
          spiking ? " · COST SPIKE: research-agent runaway" : ""
        }`,
      );
      windowCount = 0;
      windowStart = Date.now();
      nextReport += 5_000;
    }
    const wait = 1000 - (Date.now() - tickStart);
    if (wait > 0 && !stop.signal.aborted) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        stop.signal.addEventListener("abort", () => {
          clearTimeout(timer);
          resolve();
        }, { once: true });
      });
    }
  }
  Deno.removeSignalListener("SIGINT", onSignal);
  log.print(
    `sent ${total.toLocaleString("en-US")} events in ${
      Math.round((Date.now() - started) / 1000)
    } s (~$${cost.toFixed(2)} at list prices)`,
  );
}

if (import.meta.main) {
  try {
    await main();
  } catch (error) {
    createLogger().error(error instanceof Error ? error.message : String(error));
    Deno.exit(1);
  }
}
