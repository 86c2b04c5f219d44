// The numbers of GET /api/metrics/current and /history: database aggregates merged with the
// events still in the KV buffer, so an event shows the moment it is acknowledged. The buffer is
// read first, then the database in one snapshot that also says which buffered ids it already
// holds: an event a flush has just committed (and not yet removed from KV) counts once, exactly.
import { addEvent, fromRow, type GroupAggregate, groupEvents, matches } from "./aggregate.ts";
import type { StoredEvent } from "../ingest/event.ts";
import {
  type Aggregate,
  emptyAggregate,
  mergeInto,
  type MetricName,
  METRICS,
  metricValues,
} from "./catalogue.ts";
import type { BreakdownBy, HistoryQuery, MetricsQuery } from "./query.ts";
import { type HistoryResult, historySeries, historySlots } from "./history_series.ts";
import type { EventBuffer } from "../store/buffer.ts";
import type { EventStore } from "../store/event_store.ts";
import type { HourCache } from "./hour_cache.ts";
import { BIN_METRICS, keyOf, pendingSums, ranked } from "./breakdown_top.ts";

export type { HistoryResult } from "./history_series.ts";

/** At most this many buffered events are read for freshness (the newest ones). */
export const FRESH_EVENTS_CAP = 50_000;
const TOP_ENDPOINTS = 10;

export type CurrentMetrics =
  & { window: string; from: string; to: string }
  & Record<MetricName, number>
  & {
    /** With compare=previous: every metric over the window just before. */
    previous?: Record<MetricName, number>;
    active_models: Array<{
      model: string;
      provider: string;
      requests: number;
      share: number;
      cost_usd: number;
      /** Requests with no price: cost_usd leaves them out. */
      unpriced_requests: number;
      p95_latency_ms: number;
      error_rate: number;
    }>;
    top_endpoints: Array<{
      endpoint: string;
      requests: number;
      cost_usd: number;
      unpriced_requests: number;
      p95_latency_ms: number;
      error_rate: number;
    }>;
  };

export interface LiveMetricsDeps {
  store: EventStore;
  buffer: EventBuffer;
  /** Caches the settled hours of long windows (optional: without it every read is whole). */
  hours?: HourCache;
}

/**
 * The newest buffered events; one read serves every query of a stream tick. Read it before the
 * database: an event then either is still buffered or was stored before the database read.
 */
export function readFresh(buffer: EventBuffer): Promise<StoredEvent[]> {
  return buffer.readNewest(FRESH_EVENTS_CAP);
}

/** Buffered events of q, each id once (the first, as the flusher's ledger keeps it). */
export function pendingEvents(buffered: readonly StoredEvent[], q: MetricsQuery): StoredEvent[] {
  const seen = new Set<string>();
  return buffered.filter((e) => matches(e, q) && !seen.has(e.id) && seen.add(e.id) !== undefined);
}

/** The pending events the database did not hold in the read's snapshot. */
export function unstored(pending: StoredEvent[], stored: string[]): StoredEvent[] {
  if (stored.length === 0) return pending;
  const inDb = new Set(stored);
  return pending.filter((e) => !inDb.has(e.id));
}

export async function currentMetrics(
  deps: LiveMetricsDeps,
  q: MetricsQuery,
  fresh?: StoredEvent[],
  options: { previous?: boolean } = {},
): Promise<CurrentMetrics> {
  if (options.previous) {
    // The window just before, of the same length: the baseline for trend arrows.
    const span = q.to - q.from;
    const earlier = { ...q, from: q.from - span, to: q.from };
    const buffered = fresh ?? await readFresh(deps.buffer);
    const [now, before] = await Promise.all([
      currentMetrics(deps, q, buffered),
      currentMetrics(deps, earlier, buffered),
    ]);
    const { window: _w, from: _f, to: _t, active_models: _m, top_endpoints: _e, ...values } =
      before;
    return { ...now, previous: values };
  }
  const pending = pendingEvents(fresh ?? await readFresh(deps.buffer), q);
  const ids = pending.map((e) => e.id);
  const { rows, stored } = deps.hours
    ? await deps.hours.aggregate(deps.store, q, ids)
    : await deps.store.liveAggregate(q, ids);
  const groups: GroupAggregate[] = rows.map((r) => ({
    model: r.model,
    provider: r.provider,
    endpoint: r.endpoint,
    agg: fromRow(r),
  }));
  groups.push(...groupEvents(unstored(pending, stored), q));
  return buildCurrent(groups, q);
}

/** Totals, models and endpoints from grouped aggregates. */
export function buildCurrent(groups: GroupAggregate[], q: MetricsQuery): CurrentMetrics {
  const windowMs = q.to - q.from;
  const total = emptyAggregate();
  const byModel = new Map<string, { model: string; provider: string; agg: Aggregate }>();
  const byEndpoint = new Map<string, Aggregate>();
  for (const g of groups) {
    mergeInto(total, g.agg);
    const modelKey = JSON.stringify([g.model, g.provider]);
    const m = byModel.get(modelKey) ??
      { model: g.model, provider: g.provider, agg: emptyAggregate() };
    byModel.set(modelKey, m);
    mergeInto(m.agg, g.agg);
    const e = byEndpoint.get(g.endpoint) ?? emptyAggregate();
    byEndpoint.set(g.endpoint, mergeInto(e, g.agg));
  }
  const p95 = (a: Aggregate) => METRICS.p95_latency_ms.value(a);
  const errorRate = (a: Aggregate) => METRICS.error_rate.value(a);
  return {
    window: q.window,
    from: new Date(q.from).toISOString(),
    to: new Date(q.to).toISOString(),
    ...metricValues(total, windowMs),
    active_models: [...byModel.values()]
      .map(({ model, provider, agg }) => ({
        model,
        provider,
        requests: agg.requests,
        share: total.requests > 0 ? agg.requests / total.requests : 0,
        cost_usd: agg.cost_usd,
        unpriced_requests: agg.unpriced,
        p95_latency_ms: p95(agg),
        error_rate: errorRate(agg),
      }))
      .sort((a, b) => b.requests - a.requests || a.model.localeCompare(b.model)),
    top_endpoints: [...byEndpoint.entries()]
      .map(([endpoint, agg]) => ({
        endpoint,
        requests: agg.requests,
        cost_usd: agg.cost_usd,
        unpriced_requests: agg.unpriced,
        p95_latency_ms: p95(agg),
        error_rate: errorRate(agg),
      }))
      .sort((a, b) => b.requests - a.requests || a.endpoint.localeCompare(b.endpoint))
      .slice(0, TOP_ENDPOINTS),
  };
}

/** A time series per group; every step of the range has a point (zeros where nothing happened). */
export async function historyMetrics(
  deps: LiveMetricsDeps,
  q: HistoryQuery,
  fresh?: StoredEvent[],
): Promise<HistoryResult> {
  const pending = pendingEvents(fresh ?? await readFresh(deps.buffer), q);
  const { rows, stored } = await deps.store.liveHistory(
    q,
    q.stepMs,
    q.groupBy,
    pending.map((e) => e.id),
    BIN_METRICS.has(q.metric),
  );
  const slots = historySlots(rows, unstored(pending, stored), q.stepMs, q.groupBy);
  return historySeries(slots, q.metric, q.groupBy, q, q.stepMs);
}

export interface BreakdownResult {
  by: BreakdownBy;
  sort: MetricName;
  rows: Array<{ key: string } & Record<MetricName, number>>;
}

/** Every metric per value of one dimension (user_id included), sorted by `sort`, top `limit`. */
export async function breakdownMetrics(
  deps: LiveMetricsDeps,
  q: MetricsQuery,
  by: BreakdownBy,
  options: { sort: MetricName; limit: number },
  fresh?: StoredEvent[],
): Promise<BreakdownResult> {
  const pending = pendingEvents(fresh ?? await readFresh(deps.buffer), q);
  const windowMs = q.to - q.from;
  // The store picks the top keys in its snapshot, as ranked() below, and bins only those.
  const top = { ...options, windowMs, pending: pendingSums(pending, by) };
  const { rows, stored } = await deps.store.liveBreakdown(q, by, pending.map((e) => e.id), top);
  const groups = new Map<string, Aggregate>();
  for (const r of rows) groups.set(r.key, fromRow(r));
  for (const e of unstored(pending, stored)) {
    const agg = groups.get(keyOf(e, by)) ?? emptyAggregate();
    addEvent(agg, e);
    groups.set(keyOf(e, by), agg);
  }
  return {
    by,
    sort: options.sort,
    rows: ranked(groups, options.sort, windowMs).slice(0, options.limit)
      .map(([key, agg]) => ({ key, ...metricValues(agg, windowMs) })),
  };
}
