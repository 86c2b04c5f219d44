// Group commit for Deno KV: writes that arrive while a commit is in flight are merged into the
// next one, so N concurrent requests cost about one fsync instead of N. Each caller's promise
// settles only once its own writes are committed.

export interface KvWrite {
  sets: Array<{ key: Deno.KvKey; value: unknown }>;
  sums: Array<{ key: Deno.KvKey; n: bigint }>;
  /** Serialised size of the sets, to keep one commit under KV's limits. */
  bytes: number;
}

interface Pending {
  write: KvWrite;
  done: PromiseWithResolvers<void>;
}

/** KV's own caps are 1,000 mutations and 819,200 bytes per commit; stay below them. */
const MAX_MUTATIONS = 900;
const MAX_BYTES = 700_000;

export class GroupCommitter {
  #queue: Pending[] = [];
  #running = false;

  constructor(private readonly kv: Deno.Kv) {}

  commit(write: KvWrite): Promise<void> {
    const done = Promise.withResolvers<void>();
    this.#queue.push({ write, done });
    if (!this.#running) void this.#drain();
    return done.promise;
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      while (this.#queue.length > 0) {
        const group = this.#takeGroup();
        try {
          await this.#commitGroup(group.map((p) => p.write));
          for (const p of group) p.done.resolve();
        } catch (error) {
          for (const p of group) p.done.reject(error);
        }
      }
    } finally {
      this.#running = false;
    }
  }

  #takeGroup(): Pending[] {
    const group: Pending[] = [];
    let mutations = 0;
    let bytes = 0;
    while (this.#queue.length > 0) {
      const next = this.#queue[0]!;
      const m = next.write.sets.length + next.write.sums.length;
      if (
        group.length > 0 && (mutations + m > MAX_MUTATIONS || bytes + next.write.bytes > MAX_BYTES)
      ) {
        break;
      }
      group.push(this.#queue.shift()!);
      mutations += m;
      bytes += next.write.bytes;
    }
    return group;
  }

  async #commitGroup(writes: KvWrite[]): Promise<void> {
    const op = this.kv.atomic();
    const sums = new Map<string, { key: Deno.KvKey; n: bigint }>();
    for (const w of writes) {
      for (const s of w.sets) op.set(s.key, s.value);
      for (const s of w.sums) {
        const id = JSON.stringify(s.key);
        sums.set(id, { key: s.key, n: (sums.get(id)?.n ?? 0n) + s.n });
      }
    }
    for (const s of sums.values()) op.sum(s.key, BigInt.asUintN(64, s.n));
    const result = await op.commit();
    if (!result.ok) throw new Error("KV commit was not applied");
  }
}
