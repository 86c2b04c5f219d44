// Messages between the OTLP decoder pool (decoder_pool.ts) and its workers (decode_worker.ts).
import type { ErrorKind } from "../errors.ts";
import type { OtlpFormat } from "./codec.ts";
import type { DecodedTraces, TracesOptions } from "./traces_to_events.ts";

export interface DecodeOptions extends TracesOptions {
  /** Spans one request may carry, counted before decoding; past it the request is a 413. */
  maxSpans: number;
}

export interface DecodeRequest {
  id: number;
  bytes: Uint8Array;
  format: OtlpFormat;
  options: DecodeOptions;
}

export type DecodeReply =
  | { ready: true }
  | { id: number; result: DecodedTraces }
  /** kind is set for an AppError (the client's fault or a limit); null for a bug. */
  | { id: number; error: { kind: ErrorKind | null; name: string; message: string } };
