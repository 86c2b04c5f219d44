// Decodes OTLP exports off the HTTP thread: count spans, decode, map model-call spans to validated
// events. One request at a time; decoder_pool.ts terminates a worker that runs past its budget.
/// <reference lib="deno.worker" />
import { AppError } from "../errors.ts";
import { decodeTraces } from "./codec.ts";
import { tracesToEvents } from "./traces_to_events.ts";
import type { DecodeReply, DecodeRequest } from "./_decode_messages.ts";

self.onmessage = (message: MessageEvent<DecodeRequest>) => {
  const { id, bytes, format, options } = message.data;
  let reply: DecodeReply;
  try {
    const request = decodeTraces(bytes, format, options.maxSpans);
    reply = { id, result: tracesToEvents(request, options) };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    reply = {
      id,
      error: { kind: e instanceof AppError ? e.kind : null, name: e.name, message: e.message },
    };
  }
  self.postMessage(reply);
};

self.postMessage({ ready: true } satisfies DecodeReply);
