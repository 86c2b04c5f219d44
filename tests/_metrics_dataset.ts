// The metrics suites' synthetic events and the answers the contract requires of them, computed
// here the slow, obvious way; and GET as the admin, expecting 200 JSON.
import assert from "node:assert/strict";
import type { StoredEvent } from "../lib/ingest/event.ts";
import { exactQuantile } from "../lib/metrics/histogram.ts";
import { ADMIN_TOKEN, storedEvent, type TestMonitor } from "./_fixtures.ts";

export const NOW = Date.parse("2026-11-23T12:34:56.789Z");
export const HOUR = 3_600_000;
export const MODELS = [
  ["gpt-4o", "openai"],
  ["gpt-4o-mini", "openai"],
  ["claude-sonnet-4", "anthropic"],
  ["llama-3-70b", null],
] as const;
export const ENDPOINTS = ["chat", "search", "summarize"];

export function dataset(projectId: string): StoredEvent[] {
  return Array.from({ length: 1500 }, (_, i) => {
    const [model, provider] = MODELS[i % 4]!;
    const latency = i % 13 === 0
      ? null
      : 120 + ((i * 7919) % 1009) * 2.7 + (i % 97 === 0 ? 9000 : 0);
    return storedEvent({
      project_id: projectId,
      id: `ev-${i}`,
      ts: NOW - 1 - ((i * 7_207_211) % (3 * HOUR)),
      model,
      provider,
      endpoint: ENDPOINTS[i % 3]!,
      application: i % 5 === 0 ? "batch" : null,
      user_id: `user-${i % 7}`,
      status: i % 11 === 0 ? "error" : i % 17 === 0 ? "timeout" : "success",
      input_tokens: 10 + (i % 50),
      output_tokens: 5 + (i % 30),
      cached_input_tokens: i % 4 === 0 ? 3 : null,
      latency_ms: latency,
      time_to_first_token_ms: i % 2 === 0 ? 50 + (i % 10) : null,
      cost_usd: i % 9 === 0 ? null : 0.0001 * (1 + (i % 6)),
    });
  });
}

export type Filter = Partial<
  Record<"model" | "provider" | "endpoint" | "application" | "user_id" | "status", string[]>
>;

export function select(
  events: StoredEvent[],
  from: number,
  to: number,
  filters: Filter = {},
): StoredEvent[] {
  return events.filter((e) =>
    e.ts >= from && e.ts < to &&
    Object.entries(filters).every(([k, values]) => {
      const v = e[k as keyof StoredEvent];
      return values!.includes(v === null ? "" : String(v));
    })
  );
}

/** The contract's numbers, computed the slow, obvious way. */
export function expected(events: StoredEvent[], windowMs: number) {
  const n = events.length;
  const sum = (f: (e: StoredEvent) => number) => events.reduce((s, e) => s + f(e), 0);
  const latencies = events.flatMap((e) => (e.latency_ms === null ? [] : [e.latency_ms]));
  const cost = sum((e) => e.cost_usd ?? 0);
  const tokens = sum((e) => e.input_tokens + e.output_tokens);
  return {
    requests: n,
    requests_per_minute: n / (windowMs / 60_000),
    error_rate: n ? events.filter((e) => e.status === "error").length / n : 0,
    timeout_rate: n ? events.filter((e) => e.status === "timeout").length / n : 0,
    avg_latency_ms: latencies.length ? latencies.reduce((a, b) => a + b, 0) / latencies.length : 0,
    p50_latency_ms: exactQuantile(latencies, 0.5),
    p95_latency_ms: exactQuantile(latencies, 0.95),
    p99_latency_ms: exactQuantile(latencies, 0.99),
    input_tokens: sum((e) => e.input_tokens),
    output_tokens: sum((e) => e.output_tokens),
    tokens_per_minute: tokens / (windowMs / 60_000),
    cost_usd: cost,
    cost_per_hour: cost / (windowMs / HOUR),
    cost_per_request: n ? cost / n : 0,
    unpriced_requests: events.filter((e) => e.cost_usd === null).length,
  };
}

export function assertMatches(
  actual: Record<string, unknown>,
  want: Record<string, number>,
  what: string,
) {
  for (const [name, value] of Object.entries(want)) {
    const got = actual[name];
    assert.equal(typeof got, "number", `${what}: ${name} is a number`);
    if (name.startsWith("p") && name.endsWith("_latency_ms")) {
      const error = value === 0
        ? Math.abs(got as number)
        : Math.abs((got as number) - value) / value;
      assert.ok(error <= 0.02, `${what}: ${name} ${got} vs exact ${value}`);
    } else {
      assert.ok(
        Math.abs((got as number) - value) <= 1e-9 * Math.max(1, Math.abs(value)),
        `${what}: ${name} ${got} vs ${value}`,
      );
    }
  }
}

export async function get(t: TestMonitor, path: string): Promise<Record<string, unknown>> {
  const response = await t.app.request(path, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  assert.equal(response.status, 200, `${path}: ${await response.clone().text()}`);
  assert.equal(response.headers.get("content-type"), "application/json");
  return await response.json();
}
