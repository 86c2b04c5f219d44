// Aggregates from database rows and from buffered events, in one shape that merges by addition.
import type { StoredEvent } from "../ingest/event.ts";
import { binOf } from "./histogram.ts";
import { type Aggregate, emptyAggregate, SUM_FIELDS } from "./catalogue.ts";
import type { Filters, MetricsQuery } from "./query.ts";
import type { GroupRow } from "../store/read_queries.ts";

export interface GroupAggregate {
  model: string;
  provider: string;
  endpoint: string;
  agg: Aggregate;
}

export function fromRow(row: Omit<GroupRow, "model" | "provider" | "endpoint">): Aggregate {
  const agg = emptyAggregate();
  for (const f of SUM_FIELDS) agg[f] = Number(row[f]);
  for (const [bin, n] of row.bins) agg.bins.set(Number(bin), Number(n));
  return agg;
}

/** Adds one event to an aggregate, as the rollups do. */
export function addEvent(agg: Aggregate, e: StoredEvent): void {
  agg.requests += 1;
  if (e.status === "error") agg.errors += 1;
  if (e.status === "timeout") agg.timeouts += 1;
  agg.input_tokens += e.input_tokens;
  agg.output_tokens += e.output_tokens;
  agg.cached_input_tokens += e.cached_input_tokens ?? 0;
  agg.reasoning_tokens += e.reasoning_tokens ?? 0;
  if (e.cost_usd === null) agg.unpriced += 1;
  else agg.cost_usd += e.cost_usd;
  agg.input_cost_usd += e.input_cost_usd ?? 0;
  agg.output_cost_usd += e.output_cost_usd ?? 0;
  agg.cache_savings_usd += e.cache_savings_usd ?? 0;
  if (e.latency_ms !== null) {
    agg.latency_count += 1;
    agg.latency_sum_ms += e.latency_ms;
    const bin = binOf(e.latency_ms);
    agg.bins.set(bin, (agg.bins.get(bin) ?? 0) + 1);
  }
  if (e.time_to_first_token_ms !== null) {
    agg.ttft_count += 1;
    agg.ttft_sum_ms += e.time_to_first_token_ms;
  }
}

/** True when a buffered event belongs to the query's project, range and filters. */
export function matches(
  e: StoredEvent,
  q: Pick<MetricsQuery, "projectId" | "from" | "to" | "filters">,
): boolean {
  if (e.project_id !== q.projectId || e.ts < q.from || e.ts >= q.to) return false;
  for (const [field, values] of Object.entries(q.filters) as Array<[keyof Filters, string[]]>) {
    const value = field === "provider" || field === "application" ? (e[field] ?? "") : e[field];
    if (!values.includes(value ?? "")) return false;
  }
  return true;
}

/** Buffered events of a query folded by (model, provider, endpoint). */
export function groupEvents(events: readonly StoredEvent[], q: MetricsQuery): GroupAggregate[] {
  const groups = new Map<string, GroupAggregate>();
  for (const e of events) {
    if (!matches(e, q)) continue;
    const provider = e.provider ?? "";
    const key = JSON.stringify([e.model, provider, e.endpoint]);
    let g = groups.get(key);
    if (!g) {
      g = { model: e.model, provider, endpoint: e.endpoint, agg: emptyAggregate() };
      groups.set(key, g);
    }
    addEvent(g.agg, e);
  }
  return [...groups.values()];
}
