// Leases in KV: one instance at a time does a job (flushing, retention, budget checks).
import { kvKeys } from "./kv_keys.ts";

interface Lease {
  holder: string;
  until: number;
}

/** Takes or renews a lease; false when another holder's lease is still live. */
export async function acquireLease(
  kv: Deno.Kv,
  name: string,
  holder: string,
  ttlMs: number,
  now: number,
): Promise<boolean> {
  const current = await kv.get<Lease>(kvKeys.lease(name));
  if (current.value && current.value.holder !== holder && current.value.until > now) return false;
  const lease: Lease = { holder, until: now + ttlMs };
  const result = await kv.atomic().check(current).set(current.key, lease, { expireIn: ttlMs })
    .commit();
  return result.ok;
}

/**
 * Claims a job that should run once per `everyMs` across all instances: true for the one caller
 * that gets it, until the period has passed.
 */
export async function claimPeriodic(
  kv: Deno.Kv,
  name: string,
  holder: string,
  everyMs: number,
  now: number,
) {
  const current = await kv.get<Lease>(kvKeys.lease(name));
  if (current.value && current.value.until > now) return false;
  const marker: Lease = { holder, until: now + everyMs };
  return (await kv.atomic().check(current).set(current.key, marker, { expireIn: everyMs }).commit())
    .ok;
}

/** Gives a lease back, if this holder still has it. */
export async function releaseLease(kv: Deno.Kv, name: string, holder: string): Promise<void> {
  const current = await kv.get<Lease>(kvKeys.lease(name));
  if (current.value?.holder === holder) {
    await kv.atomic().check(current).delete(current.key).commit();
  }
}
