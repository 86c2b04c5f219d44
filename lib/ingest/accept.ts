// POST /v1/events after authentication: envelope, limits, validation, rate and buffer checks,
// then one durable KV write. Throws AppError for whole-request failures.
import type { Config } from "../config.ts";
import { AppError } from "../errors.ts";
import { parseEvents, type Rejection, type StoredEvent } from "./event.ts";
import { checkRate } from "./rate_limit.ts";
import { RateCounterStore } from "../store/rate_counters.ts";
import type { EventBuffer } from "../store/buffer.ts";
import type { PriceStore } from "../store/price_store.ts";
import type { Pricer } from "../cost/pricing.ts";
import type { PublicKey } from "../access/types.ts";
import { storableEvent } from "./storable.ts";

export const MAX_EVENTS_PER_REQUEST = 1_000;

export interface IngestDeps {
  kv: Deno.Kv;
  buffer: EventBuffer;
  prices: PriceStore;
  pricer: Pricer;
  config: Pick<
    Config,
    "BUFFER_MAX_EVENTS" | "INGEST_RATE_LIMIT_PER_MINUTE" | "STORE_CONTENT" | "CONTENT_MAX_CHARS"
  >;
  now: () => number;
}

export interface IngestResult {
  accepted: number;
  rejected: Rejection[];
}

/** The events array of a body: {"events": [...]} or a bare array. */
export function eventsOf(body: unknown): unknown[] {
  const events = Array.isArray(body)
    ? body
    : body !== null && typeof body === "object" && "events" in body
    ? (body as { events: unknown }).events
    : undefined;
  if (!Array.isArray(events)) {
    throw new AppError("bad_request", 'body must be {"events": [...]} or a JSON array of events');
  }
  if (events.length === 0) {
    throw new AppError("bad_request", "events: must contain at least one event");
  }
  if (events.length > MAX_EVENTS_PER_REQUEST) {
    throw new AppError(
      "too_large",
      `events: at most ${MAX_EVENTS_PER_REQUEST} per request, got ${events.length}; split the batch`,
    );
  }
  return events;
}

/** Checks the key's rate before the body is read. */
export async function admit(key: PublicKey, deps: IngestDeps) {
  const rate = await checkRate(
    new RateCounterStore(deps.kv),
    key.id,
    deps.config.INGEST_RATE_LIMIT_PER_MINUTE,
    deps.now(),
  );
  if (!rate.allowed) {
    throw new AppError(
      "rate_limited",
      `rate limit of ${deps.config.INGEST_RATE_LIMIT_PER_MINUTE} requests per minute reached for this key; retry after ${rate.retryAfterS} s`,
      { retryAfterS: rate.retryAfterS },
    );
  }
  return rate;
}

export async function ingest(
  body: unknown,
  key: PublicKey,
  rateHit: Awaited<ReturnType<typeof admit>>["hit"],
  deps: IngestDeps,
): Promise<IngestResult> {
  const raw = eventsOf(body);
  const { accepted, rejected } = parseEvents(raw, {
    projectId: key.project_id,
    now: deps.now(),
    storeContent: deps.config.STORE_CONTENT,
    contentMaxChars: deps.config.CONTENT_MAX_CHARS,
  });
  if (accepted.length === 0) {
    throw new AppError("bad_request", "no valid events in the batch", { details: { rejected } });
  }
  await acceptEvents(accepted, key.project_id, rateHit, deps);
  return { accepted: accepted.length, rejected };
}

/**
 * The common tail of every ingest path (/v1/events, /v1/traces): prices the events that came
 * without a cost, makes every text and number storable (the last guard: whatever a mapping
 * missed, the database will not refuse it and stall the drain), checks the buffer bound, and
 * commits them to KV. Durable when it resolves.
 */
export async function acceptEvents(
  events: StoredEvent[],
  projectId: string,
  rateHit: Awaited<ReturnType<typeof admit>>["hit"],
  deps: IngestDeps,
): Promise<void> {
  const overrides = await deps.prices.list(projectId);
  const priced = events.map((e) => storableEvent(deps.pricer.apply(e, overrides)));
  if ((await deps.buffer.size()) + priced.length > deps.config.BUFFER_MAX_EVENTS) {
    throw new AppError(
      "unavailable",
      "the ingest buffer is full (the database is unreachable or slow); nothing was stored, retry later",
      { retryAfterS: 5 },
    );
  }
  try {
    await deps.buffer.append(priced, [rateHit]);
  } catch (error) {
    throw new AppError(
      "unavailable",
      "the ingest buffer is unavailable; nothing was stored, retry later",
      {
        retryAfterS: 2,
        cause: error,
      },
    );
  }
}
