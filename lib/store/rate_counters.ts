// Per-key request counters in KV, one per (key, minute), so every instance counts the same
// requests. An increment is not written here: it rides along with the request's buffer write.
import type { KvWrite } from "./group_commit.ts";
import { kvKeys } from "./kv_keys.ts";

/** The counter increment committed with a request's write (lib/store/buffer.ts). */
export type RateHit = KvWrite["sums"][number];

export class RateCounterStore {
  constructor(private readonly kv: Deno.Kv) {}

  /** One more request for `keyId` in `minute` (minutes since the epoch). */
  hit(keyId: string, minute: number): RateHit {
    return { key: kvKeys.rate(keyId, minute), n: 1n };
  }

  /** Requests counted so far for `keyId` in `minute`. */
  async used(keyId: string, minute: number): Promise<number> {
    const entry = await this.kv.get<Deno.KvU64>(kvKeys.rate(keyId, minute));
    return entry.value ? Number(entry.value.value) : 0;
  }

  /** Deletes the counters of minutes before `minute`; returns how many. */
  async deleteBefore(minute: number): Promise<number> {
    let deleted = 0;
    for await (const e of this.kv.list({ prefix: kvKeys.rates() })) {
      if (typeof e.key[2] === "number" && e.key[2] < minute) {
        await this.kv.delete(e.key);
        deleted++;
      }
    }
    return deleted;
  }
}
