// The user rollup suite's events (many users over ten days) and its reference answers, folded in
// JS from the raw events, one event at a time.
import assert from "node:assert/strict";
import type { StoredEvent } from "../lib/ingest/event.ts";
import { addEvent, matches } from "../lib/metrics/aggregate.ts";
import {
  type Aggregate,
  emptyAggregate,
  type MetricName,
  metricValues,
} from "../lib/metrics/catalogue.ts";
import type { BreakdownResult } from "../lib/metrics/live_metrics.ts";
import type { BreakdownBy, MetricsQuery } from "../lib/metrics/query.ts";
import { storedEvent } from "./_events.ts";
import { assertMatches, expected } from "./_metrics_dataset.ts";

export const DAY = 86_400_000;
export const NOW = Date.parse("2026-11-23T12:34:56.789Z");
const MODELS = [["gpt-4o", "openai"], ["claude-sonnet-4", "anthropic"], ["llama-3", null]] as const;

/** n events over the ten days before NOW: 37 users (and some without), three applications. */
export function userEvents(projectId: string, n: number, prefix = "ev"): StoredEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const [model, provider] = MODELS[i % 3]!;
    return storedEvent({
      project_id: projectId,
      id: `${prefix}-${i}`,
      ts: NOW - 1 - ((i * 7_919_573) % (10 * DAY)),
      received_at: NOW,
      model,
      provider,
      endpoint: i % 4 === 0 ? "search" : "chat",
      application: i % 3 === 0 ? "batch" : i % 3 === 1 ? "assistant" : null,
      user_id: i % 23 === 0 ? null : `user-${(i * 7) % 37}`,
      status: i % 11 === 0 ? "error" : i % 17 === 0 ? "timeout" : "success",
      input_tokens: 10 + (i % 50),
      output_tokens: 5 + (i % 30),
      cached_input_tokens: i % 4 === 0 ? 3 : null,
      latency_ms: i % 13 === 0 ? null : 40 + ((i * 7919) % 1009) * 2.7 + (i % 97 === 0 ? 9000 : 0),
      time_to_first_token_ms: i % 2 === 0 ? 50 + (i % 10) : null,
      // A part per user: no two users tie on cost (float sums tie in no stable order).
      cost_usd: i % 9 === 0 ? null : 0.0001 * (1 + (i % 6)) + 1e-6 * ((i * 7) % 37),
      cost_source: "computed",
      input_cost_usd: i % 9 === 0 ? null : 0.00004 * (1 + (i % 6)),
    });
  });
}

/** The breakdown the contract asks for, from raw events: folded in JS, ranked, top `limit`. */
export function reference(
  events: readonly StoredEvent[],
  q: MetricsQuery,
  by: BreakdownBy,
  sort: MetricName,
  limit: number,
) {
  const groups = new Map<string, Aggregate>();
  const members = new Map<string, StoredEvent[]>();
  for (const e of events) {
    if (!matches(e, q)) continue;
    const key = String(e[by] ?? "");
    const agg = groups.get(key) ?? emptyAggregate();
    addEvent(agg, e);
    groups.set(key, agg);
    members.set(key, [...members.get(key) ?? [], e]);
  }
  const windowMs = q.to - q.from;
  const rows = [...groups].map(([key, agg]) => ({ key, ...metricValues(agg, windowMs) }))
    .sort((a, b) => b[sort] - a[sort] || a.key.localeCompare(b.key)).slice(0, limit);
  return { rows, members };
}

/** The breakdown equals the reference: same keys in the same order, the same numbers. */
export function assertBreakdown(
  got: BreakdownResult,
  events: readonly StoredEvent[],
  q: MetricsQuery,
  what: string,
) {
  const want = reference(events, q, got.by, got.sort, Number.MAX_SAFE_INTEGER);
  const n = got.rows.length;
  assert.deepEqual(got.rows.map((r) => r.key), want.rows.slice(0, n).map((r) => r.key), what);
  for (const [i, row] of got.rows.entries()) {
    const { key: _key, ...values } = want.rows[i]!;
    assertMatches(row, values, `${what} ${row.key}`);
    // And against the exact answer (exact quantiles within the histogram's accuracy).
    const exact = expected(want.members.get(row.key)!, q.to - q.from);
    assertMatches(row, exact, `${what} ${row.key} (exact)`);
  }
}
