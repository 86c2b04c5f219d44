// Dead letters: buffered events the database refused (a data error, not an outage) and buffer
// chunks that cannot be decoded. The flusher parks them here so the drain goes on; an admin lists,
// inspects, drops or retries them (lib/access/admin.ts). Stored in Deno KV next to the buffer.
import { gzipSync } from "node:zlib";
import type { StoredEvent } from "../ingest/event.ts";
import { sliceWhole } from "../ingest/storable.ts";
import { decodeEvents, UndecodableChunkError } from "./buffer.ts";
import { kvKeys } from "./kv_keys.ts";

/** KV rejects values over 65,536 bytes; leave room for the record around the bytes. */
const MAX_PARKED_BYTES = 60_000;
const ID_HEX_CHARS = 20;

/** What a dead letter says about itself, without its bytes. */
export interface DeadLetterSummary {
  id: string;
  /** "event": one event the database refused; "chunk": a buffer chunk that cannot be decoded. */
  kind: "event" | "chunk";
  project_id: string | null;
  event_id: string | null;
  model: string | null;
  /** Events held: 1 for an event, the chunk's count for a chunk. */
  events: number;
  error: string;
  /** The database's SQLSTATE (e.g. 22021), null when the error had none. */
  sqlstate: string | null;
  /** First parked, and the last time it failed (ISO 8601). */
  parked_at: string;
  last_failed_at: string;
  /** How many times it failed: 1 when parked, one more for each retry that failed again. */
  attempts: number;
  /** Prompt and completion were shortened to fit one KV value. */
  truncated: boolean;
}

export interface DeadLetter extends DeadLetterSummary {
  /** The parked events: the event, or a chunk's events when they can be decoded at all. */
  parked: StoredEvent[] | null;
}

interface Stored extends DeadLetterSummary {
  /** gzip of the JSON array of events (kind event), or the chunk's bytes as found (kind chunk). */
  gz: Uint8Array<ArrayBuffer> | null;
}

export interface Refusal {
  event: StoredEvent;
  error: string;
  sqlstate: string | null;
}

export class DeadLetterStore {
  constructor(private readonly kv: Deno.Kv) {}

  /** Parks refused events; an event parked again keeps its id and counts one more attempt. */
  async park(refusals: Refusal[], now: number): Promise<string[]> {
    const ids: string[] = [];
    for (const r of refusals) {
      const { gz, truncated } = packEvent(r.event);
      const id = await letterId(["event", r.event.project_id, r.event.id]);
      await this.#put(id, now, {
        kind: "event",
        project_id: r.event.project_id,
        event_id: r.event.id,
        model: r.event.model,
        events: 1,
        error: r.error,
        sqlstate: r.sqlstate,
        truncated,
        gz,
      });
      ids.push(id);
    }
    return ids;
  }

  /** Parks a buffer chunk that cannot be decoded, with its bytes as found. */
  async parkChunk(
    chunk: { id: string; n: number; gz: Uint8Array<ArrayBuffer> | null; error: string },
    now: number,
  ): Promise<string> {
    const id = await letterId(["chunk", chunk.id]);
    const fits = chunk.gz !== null && chunk.gz.byteLength <= MAX_PARKED_BYTES;
    await this.#put(id, now, {
      kind: "chunk",
      project_id: null,
      event_id: null,
      model: null,
      events: chunk.n,
      error: chunk.error,
      sqlstate: null,
      truncated: !fits && chunk.gz !== null,
      gz: fits ? chunk.gz : null,
    });
    return id;
  }

  /** Every dead letter, the most recent failure first. */
  async list(): Promise<DeadLetterSummary[]> {
    const out: DeadLetterSummary[] = [];
    for await (const entry of this.kv.list<Stored>({ prefix: kvKeys.deadLetters() })) {
      out.push(summaryOf(entry.value));
    }
    return out.sort((a, b) =>
      b.last_failed_at.localeCompare(a.last_failed_at) || a.id.localeCompare(b.id)
    );
  }

  /** One dead letter with its events, and the versionstamp that remove() checks. */
  async get(id: string): Promise<{ letter: DeadLetter; versionstamp: string } | null> {
    const entry = await this.kv.get<Stored>(kvKeys.deadLetter(id));
    if (entry.value === null) return null;
    return {
      letter: { ...summaryOf(entry.value), parked: parkedEvents(entry.value.gz) },
      versionstamp: entry.versionstamp,
    };
  }

  async count(): Promise<number> {
    const entry = await this.kv.get<Deno.KvU64>(kvKeys.deadLetterCount());
    return entry.value ? Number(entry.value.value) : 0;
  }

  /**
   * Removes a dead letter; with a versionstamp, only if it is unchanged since read (a retry
   * that failed again and was parked anew stays). False when it was not there (or changed).
   */
  async remove(id: string, versionstamp?: string): Promise<boolean> {
    const key = kvKeys.deadLetter(id);
    for (;;) {
      const entry = await this.kv.get<Stored>(key);
      if (entry.value === null) return false;
      if (versionstamp !== undefined && entry.versionstamp !== versionstamp) return false;
      const result = await this.kv.atomic()
        .check({ key, versionstamp: entry.versionstamp })
        .delete(key)
        .sum(kvKeys.deadLetterCount(), BigInt.asUintN(64, -1n))
        .commit();
      if (result.ok) return true;
    }
  }

  async #put(
    id: string,
    now: number,
    fields: Omit<Stored, "id" | "parked_at" | "last_failed_at" | "attempts">,
  ): Promise<void> {
    const key = kvKeys.deadLetter(id);
    const at = new Date(now).toISOString();
    for (;;) {
      const existing = await this.kv.get<Stored>(key);
      const record: Stored = {
        id,
        ...fields,
        parked_at: existing.value?.parked_at ?? at,
        last_failed_at: at,
        attempts: (existing.value?.attempts ?? 0) + 1,
      };
      const op = this.kv.atomic().check(existing).set(key, record);
      if (existing.value === null) op.sum(kvKeys.deadLetterCount(), 1n);
      if ((await op.commit()).ok) return;
    }
  }
}

/** Deterministic: the same event (project, id) or chunk parked twice is one dead letter. */
async function letterId(parts: string[]): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(JSON.stringify(parts)),
  );
  const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  return `dl_${hex.slice(0, ID_HEX_CHARS)}`;
}

/** gzip of [event]; prompt and completion halved until it fits one KV value. */
function packEvent(event: StoredEvent): { gz: Uint8Array<ArrayBuffer>; truncated: boolean } {
  let e = event;
  let truncated = false;
  for (;;) {
    const gz = new Uint8Array(gzipSync(new TextEncoder().encode(JSON.stringify([e]))));
    if (gz.byteLength <= MAX_PARKED_BYTES || (e.input === null && e.output === null)) {
      return { gz, truncated };
    }
    const half = (s: string | null) =>
      s === null || s.length < 2 ? null : sliceWhole(s, Math.floor(s.length / 2));
    e = { ...e, input: half(e.input), output: half(e.output) };
    truncated = true;
  }
}

function parkedEvents(gz: Uint8Array | null): StoredEvent[] | null {
  try {
    return decodeEvents(gz);
  } catch (error) {
    if (error instanceof UndecodableChunkError) return null;
    throw error;
  }
}

function summaryOf(s: Stored): DeadLetterSummary {
  const { gz: _gz, ...summary } = s;
  return summary;
}
