// Caps on live streams, per credential and in total: how many streams are open and how many
// distinct views (project, window, filters, compare) they watch. The ledger lives in the process
// that serves the streams, so the caps hold per instance.
import { AppError } from "../errors.ts";
import { hashSecret } from "../access/secrets.ts";
import type { Reader } from "../access/types.ts";

export interface StreamCaps {
  /** STREAM_MAX_STREAMS_PER_CREDENTIAL */
  streamsPerCredential: number;
  /** STREAM_MAX_VIEWS_PER_CREDENTIAL */
  viewsPerCredential: number;
  /** STREAM_MAX_STREAMS */
  streams: number;
  /** STREAM_MAX_VIEWS */
  views: number;
}

/** No caps: for hubs built outside the app (benchmarks, unit tests of the tick). */
export const UNCAPPED: StreamCaps = {
  streamsPerCredential: Infinity,
  viewsPerCredential: Infinity,
  streams: Infinity,
  views: Infinity,
};

/** Seconds a refused client is asked to wait: about the time a viewer takes to leave a page. */
export const STREAM_RETRY_AFTER_S = 30;

const CAPS = {
  streamsPerCredential: {
    name: "STREAM_MAX_STREAMS_PER_CREDENTIAL",
    text: "open streams for this credential",
  },
  viewsPerCredential: {
    name: "STREAM_MAX_VIEWS_PER_CREDENTIAL",
    text: "distinct stream views (window, filters, compare) for this credential",
  },
  streams: { name: "STREAM_MAX_STREAMS", text: "open streams on this server" },
  views: { name: "STREAM_MAX_VIEWS", text: "distinct stream views on this server" },
} as const satisfies Record<keyof StreamCaps, { name: string; text: string }>;

/**
 * Who a stream counts against: a widget token, a read key, a browser session, or the admin token.
 * A session is its own credential (many people may sign in with one key); `sessionCookie` is the
 * cookie when the reader came from one, and only its hash is kept.
 */
export async function streamCredential(reader: Reader, sessionCookie?: string): Promise<string> {
  if (reader.kind === "widget") return `widget:${reader.token.id}`;
  if (sessionCookie !== undefined) return `session:${await hashSecret(sessionCookie)}`;
  return reader.kind === "read" ? `read:${reader.key_id}` : "admin";
}

interface Holder {
  streams: number;
  /** View key → this credential's streams on it. */
  views: Map<string, number>;
}

/** Counts open streams by credential and view; admits a new one only under every cap. */
export class StreamLimits {
  readonly #holders = new Map<string, Holder>();
  /** View key → streams on it, over every credential. */
  readonly #views = new Map<string, number>();
  #streams = 0;

  constructor(private readonly caps: StreamCaps = UNCAPPED) {}

  /**
   * Takes a seat for one stream of `credential` on `view`, or throws a 429 AppError naming the cap
   * it would pass. Returns the function that gives the seat back (safe to call twice).
   */
  admit(credential: string, view: string): () => void {
    const holder = this.#holders.get(credential) ?? { streams: 0, views: new Map() };
    if (holder.streams >= this.caps.streamsPerCredential) refuse("streamsPerCredential", this.caps);
    if (!holder.views.has(view) && holder.views.size >= this.caps.viewsPerCredential) {
      refuse("viewsPerCredential", this.caps);
    }
    if (this.#streams >= this.caps.streams) refuse("streams", this.caps);
    if (!this.#views.has(view) && this.#views.size >= this.caps.views) refuse("views", this.caps);

    this.#holders.set(credential, holder);
    holder.streams++;
    holder.views.set(view, (holder.views.get(view) ?? 0) + 1);
    this.#views.set(view, (this.#views.get(view) ?? 0) + 1);
    this.#streams++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      holder.streams--;
      decrement(holder.views, view);
      decrement(this.#views, view);
      this.#streams--;
      if (holder.streams === 0) this.#holders.delete(credential);
    };
  }

  /** Open streams and distinct views, in total and for one credential. */
  usage(credential?: string): { streams: number; views: number } {
    if (credential === undefined) return { streams: this.#streams, views: this.#views.size };
    const holder = this.#holders.get(credential);
    return { streams: holder?.streams ?? 0, views: holder?.views.size ?? 0 };
  }
}

function refuse(cap: keyof StreamCaps, caps: StreamCaps): never {
  const { name, text } = CAPS[cap];
  throw new AppError(
    "rate_limited",
    `too many ${text}: the limit is ${caps[cap]} (${name}); close a stream or retry later`,
    { retryAfterS: STREAM_RETRY_AFTER_S, details: { cap: name, limit: caps[cap] } },
  );
}

function decrement(counts: Map<string, number>, key: string): void {
  const n = (counts.get(key) ?? 0) - 1;
  if (n > 0) counts.set(key, n);
  else counts.delete(key);
}
