// The durable ingest buffer in Deno KV. append() resolves only once the events are committed;
// the flusher reads the oldest chunks and acks them after the database has committed them.
import { gunzipSync, gzipSync } from "node:zlib";
import type { StoredEvent } from "../ingest/event.ts";
import { sliceWhole } from "../ingest/storable.ts";
import { GroupCommitter, type KvWrite } from "./group_commit.ts";
import { kvKeys } from "./kv_keys.ts";

/** KV rejects values over 65,536 bytes; leave room for the envelope. */
const MAX_CHUNK_BYTES = 60_000;

interface Chunk {
  /** Number of events in the chunk. */
  n: number;
  /** gzip of the JSON array of StoredEvent. */
  gz: Uint8Array<ArrayBuffer>;
}

export interface BufferedChunk {
  id: string;
  /** Versionstamp when read: ack removes and uncounts the chunk only if it is still there. */
  versionstamp: string;
  events: StoredEvent[];
  /** Set when the chunk cannot be decoded: `events` is empty, the raw value is kept to park it. */
  undecodable?: UndecodableChunk;
}

export interface UndecodableChunk {
  error: string;
  /** How many events the chunk counted in the buffer size. */
  n: number;
  /** The stored bytes, as found. */
  gz: Uint8Array<ArrayBuffer> | null;
}

export class EventBuffer {
  readonly #committer: GroupCommitter;
  #sequence = 0;
  /** Decoded chunks of the last readNewest, by id and versionstamp: a chunk never changes. */
  #decoded = new Map<string, StoredEvent[]>();

  constructor(private readonly kv: Deno.Kv) {
    this.#committer = new GroupCommitter(kv);
  }

  /** Durably appends events; extra counters (e.g. a rate-limit hit) commit in the same write. */
  async append(events: StoredEvent[], counters: KvWrite["sums"] = []): Promise<void> {
    const chunks = await toChunks(events);
    const sets = chunks.map((c) => ({ key: kvKeys.bufferChunk(this.#nextChunkId()), value: c }));
    await this.#committer.commit({
      sets,
      sums: [{ key: kvKeys.bufferCount(), n: BigInt(events.length) }, ...counters],
      bytes: chunks.reduce((sum, c) => sum + c.gz.byteLength + 64, 0),
    });
  }

  /** Events buffered and not yet acked, across every instance. */
  async size(): Promise<number> {
    const entry = await this.kv.get<Deno.KvU64>(kvKeys.bufferCount());
    return entry.value ? Number(entry.value.value) : 0;
  }

  /** The oldest chunks, up to about maxEvents events (at least one chunk). */
  async read(maxEvents: number): Promise<BufferedChunk[]> {
    const out: BufferedChunk[] = [];
    let total = 0;
    for await (const entry of this.kv.list<Chunk>({ prefix: kvKeys.bufferChunks() })) {
      const n = countOf(entry.value);
      if (out.length > 0 && total + n > maxEvents) break;
      const chunk = { id: String(entry.key.at(-1)), versionstamp: entry.versionstamp };
      try {
        out.push({ ...chunk, events: fromChunk(entry.value) });
      } catch (error) {
        if (!(error instanceof UndecodableChunkError)) throw error;
        // A chunk that cannot be decoded must not stall the drain: the flusher parks it.
        const gz = entry.value?.gz instanceof Uint8Array ? entry.value.gz : null;
        out.push({ ...chunk, events: [], undecodable: { error: messageOf(error), n, gz } });
      }
      total += n;
    }
    return out;
  }

  /**
   * The newest buffered events, up to about maxEvents, in the order the flusher will take them
   * (for fresh reads, not for flushing).
   */
  async readNewest(maxEvents: number): Promise<StoredEvent[]> {
    const chunks: StoredEvent[][] = [];
    const decoded = new Map<string, StoredEvent[]>();
    let n = 0;
    const iter = this.kv.list<Chunk>({ prefix: kvKeys.bufferChunks() }, { reverse: true });
    for await (const entry of iter) {
      const count = countOf(entry.value);
      if (n + count > maxEvents) break;
      const key = `${String(entry.key.at(-1))}@${entry.versionstamp}`;
      try {
        // Only chunks new since the last read are decompressed: a live tick stays cheap.
        const events = this.#decoded.get(key) ?? fromChunk(entry.value);
        decoded.set(key, events);
        chunks.push(events);
      } catch (error) {
        // Skipped here; the flusher parks it as a dead letter.
        if (!(error instanceof UndecodableChunkError)) throw error;
      }
      n += count;
    }
    this.#decoded = decoded;
    return chunks.reverse().flat();
  }

  /** Removes chunks the database has committed; a chunk another flusher acked already is skipped. */
  async ack(chunks: BufferedChunk[]): Promise<void> {
    // KV allows at most 100 checks per atomic operation.
    for (let i = 0; i < chunks.length; i += 100) {
      const slice = chunks.slice(i, i + 100);
      if ((await this.#remove(slice)).ok) continue;
      for (const c of slice) await this.#remove([c]);
    }
  }

  #remove(chunks: BufferedChunk[]): Promise<Deno.KvCommitResult | Deno.KvCommitError> {
    const op = this.kv.atomic();
    for (const c of chunks) {
      const key = kvKeys.bufferChunk(c.id);
      op.check({ key, versionstamp: c.versionstamp }).delete(key);
    }
    const n = chunks.reduce((sum, c) => sum + (c.undecodable?.n ?? c.events.length), 0);
    return op.sum(kvKeys.bufferCount(), BigInt.asUintN(64, -BigInt(n))).commit();
  }

  /** Time-ordered, unique across instances: ms timestamp, a random part, a local sequence. */
  #nextChunkId(): string {
    const time = Date.now().toString(36).padStart(10, "0");
    const random = crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36).padStart(7, "0");
    const seq = (this.#sequence++ % 1_679_616).toString(36).padStart(4, "0");
    return `${time}-${random}-${seq}`;
  }
}

/** Splits events into gzip chunks that each fit in one KV value. */
async function toChunks(events: StoredEvent[]): Promise<Chunk[]> {
  if (events.length === 0) return [];
  const gz = gzip(JSON.stringify(events));
  if (gz.byteLength <= MAX_CHUNK_BYTES) return [{ n: events.length, gz }];
  if (events.length === 1) return toChunks([shrink(events[0]!)]);
  const mid = Math.ceil(events.length / 2);
  return [...(await toChunks(events.slice(0, mid))), ...(await toChunks(events.slice(mid)))];
}

/** An event too large for one KV value even alone: its prompt and completion are halved. */
function shrink(e: StoredEvent): StoredEvent {
  const half = (s: string | null) => (s === null ? null : sliceWhole(s, Math.floor(s.length / 2)));
  if (e.input === null && e.output === null) {
    throw new Error(`event ${e.id} is too large to buffer`);
  }
  return { ...e, input: half(e.input), output: half(e.output) };
}

function gzip(text: string): Uint8Array<ArrayBuffer> {
  // Level 1: a quarter of the CPU of the default level; chunks stay far below the value limit.
  return new Uint8Array(gzipSync(new TextEncoder().encode(text), { level: 1 }));
}

export class UndecodableChunkError extends Error {
  override name = "UndecodableChunkError";
}

function fromChunk(chunk: Chunk): StoredEvent[] {
  return decodeEvents(chunk?.gz);
}

/** The events of a chunk's bytes; UndecodableChunkError unless gzip of a JSON array of events. */
export function decodeEvents(gz: Uint8Array | null | undefined): StoredEvent[] {
  let events: unknown;
  try {
    if (!(gz instanceof Uint8Array)) throw new TypeError("the chunk holds no bytes");
    events = JSON.parse(new TextDecoder().decode(gunzipSync(gz)));
  } catch (error) {
    throw new UndecodableChunkError(`cannot decode the chunk: ${messageOf(error)}`, {
      cause: error,
    });
  }
  if (!Array.isArray(events) || !events.every(isEventLike)) {
    throw new UndecodableChunkError("the chunk is not a JSON array of events");
  }
  return events;
}

function isEventLike(e: unknown): e is StoredEvent {
  if (e === null || typeof e !== "object") return false;
  const r = e as Record<string, unknown>;
  return typeof r.project_id === "string" && typeof r.id === "string" &&
    typeof r.ts === "number" && typeof r.model === "string" && typeof r.endpoint === "string";
}

/** The count the chunk added to the buffer size (0 when the chunk is unreadable). */
function countOf(chunk: Chunk | null | undefined): number {
  const n = chunk?.n;
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
