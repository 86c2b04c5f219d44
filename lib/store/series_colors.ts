// Which palette slot each series has, per project and grouping: the first time a model (provider,
// endpoint, application) is shown it takes the project's next slot, recorded in Deno KV, and
// keeps it for good. The assignment is one atomic commit (the counter and every new key checked),
// so several monitors sharing one KV agree; a slot never changes, so each instance caches it.
import { kvKeys } from "./kv_keys.ts";

/** The groupings whose series are coloured by key (status has its own colours). */
export const COLORED_GROUPS = ["model", "provider", "endpoint", "application"] as const;
export type ColoredGroup = typeof COLORED_GROUPS[number];

/** At most this many keys get a slot per call: the ones a page or a chart shows first. */
export const MAX_ASSIGNED = 50;
/** Keys longer than this get no slot (a KV key is at most 2 KiB). */
const MAX_KEY_CHARS = 512;
/** Keys per read and commit: with the counter, the 10 keys a getMany (and a check list) allows. */
const BATCH = 9;

export function isColoredGroup(group: string | null | undefined): group is ColoredGroup {
  return (COLORED_GROUPS as readonly string[]).includes(group ?? "");
}

export class SeriesColorStore {
  readonly #kv: Deno.Kv;
  readonly #cache = new Map<string, number>();

  constructor(kv: Deno.Kv) {
    this.#kv = kv;
  }

  /**
   * The slot of each key (in `keys` order, the first MAX_ASSIGNED distinct ones), assigning the
   * next free slots to keys never seen in this project and grouping.
   */
  async slots(
    projectId: string,
    group: ColoredGroup,
    keys: readonly string[],
  ): Promise<Record<string, number>> {
    const wanted = [...new Set(keys)].filter((k) => k.length <= MAX_KEY_CHARS)
      .slice(0, MAX_ASSIGNED);
    const out: Record<string, number> = {};
    const cacheKey = (k: string) => `${projectId}\u0000${group}\u0000${k}`;
    const missing = wanted.filter((k) => {
      const slot = this.#cache.get(cacheKey(k));
      if (slot !== undefined) out[k] = slot;
      return slot === undefined;
    });
    for (let i = 0; i < missing.length; i += BATCH) {
      const found = await this.#assign(projectId, group, missing.slice(i, i + BATCH));
      for (const [k, slot] of Object.entries(found)) {
        this.#cache.set(cacheKey(k), slot);
        out[k] = slot;
      }
    }
    return out;
  }

  /** Reads the slots of keys; gives the unassigned ones the next slots in one atomic commit. */
  async #assign(projectId: string, group: ColoredGroup, keys: string[]) {
    const entryKeys = keys.map((k) => kvKeys.seriesColor(projectId, group, k));
    const nextKey = kvKeys.seriesColorNext(projectId, group);
    for (;;) {
      const [next, ...entries] = await this.#kv.getMany<number[]>([nextKey, ...entryKeys]);
      const found: Record<string, number> = {};
      const fresh: number[] = [];
      entries.forEach((e, i) => {
        if (e.value === null) fresh.push(i);
        else found[keys[i]!] = e.value;
      });
      if (fresh.length === 0) return found;
      let slot = next!.value ?? 0;
      const op = this.#kv.atomic().check(next!);
      for (const i of fresh) {
        op.check(entries[i]!).set(entryKeys[i]!, slot);
        found[keys[i]!] = slot++;
      }
      if ((await op.set(nextKey, slot).commit()).ok) return found;
      // Another instance assigned some of them first: read again, take theirs.
    }
  }
}

/**
 * The slots of keys of a grouping, from the store when the dependencies have one; without it,
 * each key's rank in `keys` (the order the caller shows them).
 */
export async function seriesSlots(
  deps: { store: unknown; seriesColors?: SeriesColorStore },
  projectId: string,
  group: ColoredGroup,
  keys: readonly string[],
): Promise<Record<string, number>> {
  if (deps.seriesColors) return await deps.seriesColors.slots(projectId, group, keys);
  return Object.fromEntries(keys.map((k, i) => [k, i]));
}

/** A history (GET /api/metrics/history) with the slot of each of its series, when coloured. */
export async function withSlots<T extends { series: Array<{ key: string }> }>(
  deps: { store: unknown; seriesColors?: SeriesColorStore },
  projectId: string,
  group: string | null,
  history: T,
): Promise<T & { colors?: Record<string, number> }> {
  if (!isColoredGroup(group)) return history;
  const keys = history.series.map((s) => s.key);
  return { ...history, colors: await seriesSlots(deps, projectId, group, keys) };
}
