// Per-key request limit over fixed one-minute windows; the counters are shared by all instances
// (lib/store/rate_counters.ts).
import type { RateCounterStore, RateHit } from "../store/rate_counters.ts";

const WINDOW_MS = 60_000;

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window resets. */
  retryAfterS: number;
  /** The counter increment to commit with the request's write when allowed. */
  hit: RateHit;
}

export async function checkRate(
  counters: RateCounterStore,
  keyId: string,
  limitPerMinute: number,
  now: number,
): Promise<RateDecision> {
  const minute = Math.floor(now / WINDOW_MS);
  const hit = counters.hit(keyId, minute);
  const retryAfterS = Math.max(1, Math.ceil(((minute + 1) * WINDOW_MS - now) / 1000));
  if (limitPerMinute === 0) return { allowed: true, retryAfterS, hit };
  const used = await counters.used(keyId, minute);
  return { allowed: used < limitPerMinute, retryAfterS, hit };
}

/** Deletes the counters of windows before the current one. */
export function pruneRateCounters(counters: RateCounterStore, now: number): Promise<number> {
  return counters.deleteBefore(Math.floor(now / WINDOW_MS));
}
