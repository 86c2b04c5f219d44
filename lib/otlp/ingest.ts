// POST /v1/traces after authentication and decoding (in a worker: decoder_pool.ts): the events of
// the model-call spans take the same durable path as /v1/events (pricing, buffer bound, KV commit
// before the 200).
import { AppError } from "../errors.ts";
import type { StoredEvent } from "../ingest/event.ts";
import { acceptEvents, type admit, type IngestDeps } from "../ingest/accept.ts";
import type { PublicKey } from "../access/types.ts";
import type { DecodedTraces } from "./traces_to_events.ts";

/** One KV commit stays well under KV's 819,200-byte cap; bigger exports are committed in slices. */
const SLICE_MAX_BYTES = 512 * 1024;
const SLICE_MAX_EVENTS = 1_000;

export interface TracesOutcome {
  accepted: number;
  /** Model-call spans that failed validation, by span id. */
  rejected: DecodedTraces["rejected"];
  /** Spans that are not model calls: counted, not stored, not rejected. */
  skipped: DecodedTraces["skipped"];
}

type RateHit = Awaited<ReturnType<typeof admit>>["hit"];

export async function ingestTraces(
  decoded: DecodedTraces,
  key: PublicKey,
  rateHit: RateHit,
  deps: IngestDeps,
): Promise<TracesOutcome> {
  if (decoded.events.length === 0) await countRequestOnly(rateHit, deps);
  for (const [i, slice] of slices(decoded.events).entries()) {
    await acceptEvents(slice, key.project_id, i === 0 ? rateHit : { ...rateHit, n: 0n }, deps);
  }
  return { accepted: decoded.events.length, rejected: decoded.rejected, skipped: decoded.skipped };
}

/** Nothing to store, but the request still counts against the key's rate. */
async function countRequestOnly(rateHit: RateHit, deps: IngestDeps): Promise<void> {
  try {
    await deps.buffer.append([], [rateHit]);
  } catch (error) {
    throw new AppError("unavailable", "the ingest buffer is unavailable; retry later", {
      retryAfterS: 2,
      cause: error,
    });
  }
}

/** Events in groups of at most SLICE_MAX_EVENTS and about SLICE_MAX_BYTES of JSON. */
function slices(events: StoredEvent[]): StoredEvent[][] {
  const out: StoredEvent[][] = [];
  const encoder = new TextEncoder();
  let current: StoredEvent[] = [];
  let bytes = 0;
  for (const e of events) {
    const size = encoder.encode(JSON.stringify(e)).length;
    if (
      current.length > 0 && (current.length >= SLICE_MAX_EVENTS || bytes + size > SLICE_MAX_BYTES)
    ) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(e);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** OTLP partial_success: rejected spans counted; skipped spans only explained. Null when clean. */
export function partialSuccessOf(
  outcome: TracesOutcome,
): { rejectedSpans: number; errorMessage: string } | null {
  const { notGenai, notModelCall } = outcome.skipped;
  const parts: string[] = [];
  if (notGenai + notModelCall > 0) {
    parts.push(
      `${
        notGenai + notModelCall
      } span(s) skipped, not rejected: ${notGenai} without GenAI attributes, ${notModelCall} GenAI span(s) that are not a model call (agent, tool, step or wrapper spans)`,
    );
  }
  if (outcome.rejected.length > 0) {
    const shown = outcome.rejected.slice(0, 5).map((r) => `span ${r.span}: ${r.errors.join("; ")}`);
    const more = outcome.rejected.length > 5 ? `; and ${outcome.rejected.length - 5} more` : "";
    parts.push(`${outcome.rejected.length} span(s) rejected: ${shown.join(" | ")}${more}`);
  }
  if (parts.length === 0) return null;
  return {
    rejectedSpans: outcome.rejected.length,
    errorMessage: `${outcome.accepted} accepted; ${parts.join("; ")}`,
  };
}
