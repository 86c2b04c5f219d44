// Synthetic LLM traffic for `deno task demo` (and the screenshot and page tests): Zipf-distributed
// users, streaming with time to first token, long-tail latencies, errors and timeouts, and now and
// then a runaway research agent that makes the cost spike. Seeded: a seed replays the same events.
import { seededRandom as rng } from "../../lib/shared/random.ts";
import { ENDPOINTS, ERRORS, MODELS, PLANS, PROMPTS, REGIONS } from "./_catalogue.ts";

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
