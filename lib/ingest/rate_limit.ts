// Per-key request limit over fixed one-minute windows, counted in KV so all instances share it.
import { kvKeys } from "../store/kv_keys.ts";
import type { KvWrite } from "../store/group_commit.ts";

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window resets. */
  retryAfterS: number;
  /** The counter increment to commit with the request's write when allowed. */
  hit: KvWrite["sums"][number];
}

export async function checkRate(
  kv: Deno.Kv,
  keyId: string,
  limitPerMinute: number,
  now: number,
): Promise<RateDecision> {
  const minute = Math.floor(now / 60_000);
  const key = kvKeys.rate(keyId, minute);
  const hit = { key, n: 1n };
  const retryAfterS = Math.max(1, Math.ceil(((minute + 1) * 60_000 - now) / 1000));
  if (limitPerMinute === 0) return { allowed: true, retryAfterS, hit };
  const entry = await kv.get<Deno.KvU64>(key);
  const used = entry.value ? Number(entry.value.value) : 0;
  return { allowed: used < limitPerMinute, retryAfterS, hit };
}

/** Deletes the counters of windows before the current one. */
export async function pruneRateCounters(kv: Deno.Kv, now: number): Promise<number> {
  const current = Math.floor(now / 60_000);
  let pruned = 0;
  for await (const e of kv.list({ prefix: kvKeys.rates() })) {
    if (typeof e.key[2] === "number" && e.key[2] < current) {
      await kv.delete(e.key);
      pruned++;
    }
  }
  return pruned;
}
