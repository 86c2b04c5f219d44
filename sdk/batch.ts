// Batches on the wire: events serialised one by one, the envelope, size estimates, messages.
import type { Rejection } from "./send.ts";
import type { LlmEvent } from "./types.ts";

/** Largest batch body, estimated in UTF-8 bytes: half the monitor's 1 MiB limit. */
export const MAX_BATCH_BYTES = 512 * 1024;
/** Browsers allow about 64 KiB of keepalive bodies in flight per page. */
export const KEEPALIVE_BYTES = 60 * 1024;

/** Events taken from the queue together; firstSeq is the queue sequence number of the first;
 * settled counts those already accepted, failed or dropped (a split batch settles in parts). */
export interface Batch {
  firstSeq: number;
  parts: string[];
  settled: number;
}

/** JSON of one event, or null when it cannot be serialised (cyclic, BigInt). */
export function serialise(event: LlmEvent | undefined): string | null {
  try {
    return JSON.stringify(event);
  } catch (_) {
    return null;
  }
}

export function envelope(parts: string[]): string {
  return `{"events":[${parts.join(",")}]}`;
}

export function rejectionMessage(rejected: Rejection[]): string {
  const first = rejected[0]!;
  const more = rejected.length > 1 ? ` (and ${rejected.length - 1} more)` : "";
  return `${rejected.length} events rejected; event ${first.index}: ${
    first.errors.join(", ")
  }${more}`;
}

/** UTF-8 bytes of a string, overestimated cheaply: 3 per non-ASCII code unit. */
export function utf8Estimate(text: string): number {
  // deno-lint-ignore no-control-regex
  return /^[\x00-\x7f]*$/.test(text) ? text.length : text.length * 3;
}
