// Caches the settled whole hours of long windows: a 30-day view re-reads only its edges (a few
// minute rollups and raw events) instead of every hourly rollup, so its cost stays flat as data
// grows. Per process and bounded; correct across instances because every late write (an event
// older than the settle time, a re-pricing) bumps a per-project epoch in the database, in the
// write's own transaction, and each read checks it in the snapshot it reads the edges from.
import type { MetricsQuery } from "./query.ts";
import { canonicalFilters } from "../shared/windows.ts";
import { type EventStore, SETTLE_MS } from "../store/event_store.ts";
import type { LiveResult } from "../store/live_reads.ts";
import type { GroupRow } from "../store/read_queries.ts";

export { SETTLE_MS };

const HOUR = 3_600_000;
/** Below this span the windows are cheap enough to read whole. */
const MIN_CACHED_MS = 2 * HOUR;

interface Entry {
  rows: GroupRow[];
  epoch: number;
  at: number;
}

export class HourCache {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly now: () => number,
    private readonly options: { maxEntries: number; ttlMs: number } = {
      maxEntries: 500,
      ttlMs: 10 * 60_000,
    },
  ) {}

  /** The same as store.liveAggregate(q, ids): settled hours from the cache while their epoch holds. */
  async aggregate(
    store: EventStore,
    q: MetricsQuery,
    bufferedIds: string[],
  ): Promise<LiveResult<GroupRow>> {
    const now = this.now();
    const h1 = Math.ceil(q.from / HOUR) * HOUR;
    const h2 = Math.floor(Math.min(q.to, now - SETTLE_MS) / HOUR) * HOUR;
    if (q.filters.user_id || h2 - h1 < MIN_CACHED_MS) {
      return await store.liveAggregate(q, bufferedIds);
    }
    const key = JSON.stringify([q.projectId, canonicalFilters(q.filters), h1, h2]);
    const hit = this.#entries.get(key);
    const cachedEpoch = hit && now - hit.at < this.options.ttlMs ? hit.epoch : null;
    const result = await store.liveAggregate(q, bufferedIds, { from: h1, to: h2, cachedEpoch });
    const settled = result.settled ?? hit!.rows;
    if (result.settled) this.#remember(key, { rows: result.settled, epoch: result.epoch, at: now });
    return { rows: [...settled, ...result.rows], stored: result.stored };
  }

  #remember(key: string, entry: Entry): void {
    this.#entries.delete(key);
    if (this.#entries.size >= this.options.maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    this.#entries.set(key, entry);
  }
}
