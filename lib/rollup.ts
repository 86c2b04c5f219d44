// Folds events into rollup rows: one per (project, time bucket, model, provider, endpoint,
// application, status), with sums and a latency histogram.
import type { StoredEvent } from "./event.ts";
import { addTo, type Histogram } from "./histogram.ts";

export const GRANULARITIES = { "1m": 60_000, "1h": 3_600_000 } as const;
export type Granularity = keyof typeof GRANULARITIES;

export interface RollupRow {
  project_id: string;
  bucket: number;
  model: string;
  provider: string;
  endpoint: string;
  application: string;
  status: string;
  requests: number;
  errors: number;
  timeouts: number;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  reasoning_tokens: number;
  cost_usd: number;
  unpriced: number;
  latency_count: number;
  latency_sum_ms: number;
  latency_max_ms: number;
  ttft_count: number;
  ttft_sum_ms: number;
  latency_hist: Histogram;
}

export function rollUp(events: readonly StoredEvent[], bucketMs: number): RollupRow[] {
  const rows = new Map<string, RollupRow>();
  for (const e of events) {
    const bucket = Math.floor(e.ts / bucketMs) * bucketMs;
    const dims = [
      e.project_id,
      bucket,
      e.model,
      e.provider ?? "",
      e.endpoint,
      e.application ?? "",
      e.status,
    ];
    const key = JSON.stringify(dims);
    let row = rows.get(key);
    if (!row) {
      row = {
        project_id: e.project_id,
        bucket,
        model: e.model,
        provider: e.provider ?? "",
        endpoint: e.endpoint,
        application: e.application ?? "",
        status: e.status,
        requests: 0,
        errors: 0,
        timeouts: 0,
        input_tokens: 0,
        output_tokens: 0,
        cached_input_tokens: 0,
        reasoning_tokens: 0,
        cost_usd: 0,
        unpriced: 0,
        latency_count: 0,
        latency_sum_ms: 0,
        latency_max_ms: 0,
        ttft_count: 0,
        ttft_sum_ms: 0,
        latency_hist: {},
      };
      rows.set(key, row);
    }
    row.requests += 1;
    if (e.status === "error") row.errors += 1;
    if (e.status === "timeout") row.timeouts += 1;
    row.input_tokens += e.input_tokens;
    row.output_tokens += e.output_tokens;
    row.cached_input_tokens += e.cached_input_tokens ?? 0;
    row.reasoning_tokens += e.reasoning_tokens ?? 0;
    if (e.cost_usd === null) row.unpriced += 1;
    else row.cost_usd += e.cost_usd;
    if (e.latency_ms !== null) {
      row.latency_count += 1;
      row.latency_sum_ms += e.latency_ms;
      row.latency_max_ms = Math.max(row.latency_max_ms, e.latency_ms);
      addTo(row.latency_hist, e.latency_ms);
    }
    if (e.time_to_first_token_ms !== null) {
      row.ttft_count += 1;
      row.ttft_sum_ms += e.time_to_first_token_ms;
    }
  }
  return [...rows.values()];
}
