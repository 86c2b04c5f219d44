// Caches the settled whole hours of long windows: a 30-day view re-reads only its edges (a few
// minute rollups and raw events) instead of every hourly rollup, so its cost stays flat as data
// grows. Per process and bounded; correct across instances because every late write (an event
// older than the settle time, a re-pricing) bumps a per-project epoch in KV that is part of the key.
import type { StoredEvent } from "./event.ts";
import type { MetricsQuery } from "./query.ts";
import type { EventStore } from "./store/event_store.ts";
import { kvKeys } from "./store/kv_keys.ts";
import type { GroupRow } from "./store/read_queries.ts";

const HOUR = 3_600_000;
/** Hours that ended at least this long ago no longer change, but for late writes. */
export const SETTLE_MS = 5 * 60_000;
/** Below this span the windows are cheap enough to read whole. */
const MIN_CACHED_MS = 2 * HOUR;

interface Entry {
  rows: GroupRow[];
  at: number;
}

export class HourCache {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly kv: Deno.Kv,
    private readonly now: () => number,
    private readonly options: { maxEntries: number; ttlMs: number } = {
      maxEntries: 500,
      ttlMs: 10 * 60_000,
    },
  ) {}

  /** The same rows as store.aggregate(q), split into cached settled hours and live edges. */
  async aggregate(store: EventStore, q: MetricsQuery): Promise<GroupRow[]> {
    const now = this.now();
    const h1 = Math.ceil(q.from / HOUR) * HOUR;
    const h2 = Math.floor(Math.min(q.to, now - SETTLE_MS) / HOUR) * HOUR;
    if (q.filters.user_id || h2 - h1 < MIN_CACHED_MS) return await store.aggregate(q);
    const epoch = await this.#epoch(q.projectId);
    const filters = Object.entries(q.filters).map(([k, v]) => [k, [...v].sort()]).sort();
    const key = JSON.stringify([q.projectId, filters, h1, h2, epoch]);
    const hit = this.#entries.get(key);
    const settled = hit && now - hit.at < this.options.ttlMs
      ? hit.rows
      : store.aggregate({ ...q, from: h1, to: h2 }).then((rows) => this.#remember(key, rows, now));
    const parts = await Promise.all([
      settled,
      q.from < h1 ? store.aggregate({ ...q, to: h1 }) : [],
      h2 < q.to ? store.aggregate({ ...q, from: h2 }) : [],
    ]);
    return parts.flat();
  }

  #remember(key: string, rows: GroupRow[], now: number): GroupRow[] {
    if (this.#entries.size >= this.options.maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    this.#entries.set(key, { rows, at: now });
    return rows;
  }

  async #epoch(projectId: string): Promise<string> {
    const entry = await this.kv.get<Deno.KvU64>(kvKeys.rollupEpoch(projectId));
    return entry.value ? String(entry.value.value) : "0";
  }
}

/** Marks the projects whose settled hours a write changed (late events, re-pricing). */
export async function bumpEpochs(kv: Deno.Kv, projectIds: Iterable<string>): Promise<void> {
  const op = kv.atomic();
  let any = false;
  for (const id of new Set(projectIds)) {
    op.sum(kvKeys.rollupEpoch(id), 1n);
    any = true;
  }
  if (any) await op.commit();
}

/** The projects of events old enough to land in hours a cache may hold. */
export function lateProjects(events: readonly StoredEvent[], now: number): string[] {
  return events.filter((e) => e.ts < now - SETTLE_MS).map((e) => e.project_id);
}
