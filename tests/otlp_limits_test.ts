// POST /v1/traces within bounds: spans counted on the wire before decoding, span and event caps
// answered as OTLP does (413, a google.rpc.Status naming the knob, nothing stored), decoding in
// workers with a queue (503 + Retry-After past it) and a time budget, /healthz answering meanwhile.
import assert from "node:assert/strict";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { AppError } from "../lib/errors.ts";
import { decodeTraces } from "../lib/otlp/codec.ts";
import { StatusSchema } from "../lib/otlp/gen/google/rpc/status_pb.ts";
import { ExportTraceServiceRequestSchema } from "../lib/otlp/gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.ts";
import { SpanSchema } from "../lib/otlp/gen/opentelemetry/proto/trace/v1/trace_pb.ts";
import { countSpans } from "../lib/otlp/wire.ts";
import { startTestMonitor, waitFor } from "./_fixtures.ts";
import { otlpJson, postTraces, serveOtlp } from "./otlp_fixtures.ts";

const NOW = Date.parse("2026-11-01T10:00:00Z");
const PROTOBUF = { "content-type": "application/x-protobuf" };

function varint(n: number): number[] {
  const out: number[] = [];
  for (; n > 127; n = Math.floor(n / 128)) out.push((n % 128) | 128);
  out.push(n);
  return out;
}

function concat(...parts: Array<Uint8Array | number[]>): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A length-delimited field: tag, length, payload. */
function field(no: number, payload: Uint8Array): Uint8Array<ArrayBuffer> {
  return concat([(no << 3) | 2, ...varint(payload.length)], payload);
}

/** request{resource_spans{scope_spans{<body>}}} written on the wire. */
function envelope(scopeSpans: Uint8Array): Uint8Array<ArrayBuffer> {
  return field(1, field(2, scopeSpans));
}

/** `n` empty spans (ScopeSpans.spans = field 2, length 0) in one export: 2 bytes a span. */
function emptySpans(n: number): Uint8Array<ArrayBuffer> {
  const spans = new Uint8Array(2 * n);
  for (let i = 0; i < n; i++) spans[2 * i] = 0x12;
  return envelope(spans);
}

function spanId(i: number): Uint8Array {
  return new Uint8Array([0xa0, 0, 0, 0, i >>> 24, (i >>> 16) & 255, (i >>> 8) & 255, i & 255]);
}

function stringAttr(key: string, value: string) {
  return { key, value: { value: { case: "stringValue" as const, value } } };
}

/** `n` model-call spans (gen_ai chat on gpt-4o), each its own id, as binary OTLP. */
function modelSpans(n: number): Uint8Array<ArrayBuffer> {
  const start = BigInt(NOW) * 1_000_000n;
  const spans = Array.from({ length: n }, (_, i) => ({
    traceId: new Uint8Array(16).fill(7),
    spanId: spanId(i),
    name: "chat gpt-4o",
    startTimeUnixNano: start,
    endTimeUnixNano: start + 250_000_000n,
    attributes: [
      stringAttr("gen_ai.operation.name", "chat"),
      stringAttr("gen_ai.request.model", "gpt-4o"),
    ],
  }));
  return toBinary(
    ExportTraceServiceRequestSchema,
    create(ExportTraceServiceRequestSchema, { resourceSpans: [{ scopeSpans: [{ spans }] }] }),
  ) as Uint8Array<ArrayBuffer>;
}

/** About `bytes` of plain spans with 40 attributes each: within every cap, slow to decode. */
function heavyExport(bytes: number): Uint8Array<ArrayBuffer> {
  const span = create(SpanSchema, {
    traceId: new Uint8Array(16).fill(9),
    spanId: spanId(1),
    name: "GET /",
    attributes: Array.from({ length: 40 }, (_, j) => stringAttr(`http.attr.${j}`, "x")),
  });
  const one = field(2, toBinary(SpanSchema, span));
  const copies = Math.floor(bytes / one.length);
  const spans = new Uint8Array(one.length * copies);
  for (let i = 0; i < copies; i++) spans.set(one, i * one.length);
  return envelope(spans);
}

async function protobufStatus(response: Response): Promise<{ code: number; message: string }> {
  assert.equal(response.headers.get("content-type"), "application/x-protobuf");
  const status = fromBinary(StatusSchema, new Uint8Array(await response.arrayBuffer()));
  return { code: status.code, message: status.message };
}

Deno.test("countSpans() counts spans on the wire and stops one past the limit", () => {
  assert.equal(countSpans(emptySpans(3), 10), 3);
  assert.equal(countSpans(emptySpans(2_000_000), 10_000), 10_001);
  assert.equal(countSpans(modelSpans(5), 10), 5);
  assert.equal(countSpans(new Uint8Array(), 10), 0);
});

Deno.test("decodeTraces() rejects a nested message that overruns its length instead of decoding spans the count did not see", () => {
  // ScopeSpans: a scope of 2 bytes whose name claims 5, then an unknown field 15 holding 3 spaces
  // and 50 empty spans. A decoder that trusts the inner length reads the name "z" + 103 + "   "
  // and lands on those spans, which a count that skips field 15 never saw.
  const hidden = new Uint8Array(100);
  for (let i = 0; i < 50; i++) hidden[2 * i] = 0x12;
  const unknown = concat([0x7a, 3 + hidden.length, 0x20, 0x20, 0x20], hidden);
  const body = envelope(concat([0x0a, 0x02, 0x0a, 0x05], unknown));
  assert.equal(countSpans(body, 10), 0);
  assert.throws(
    () => decodeTraces(body, "protobuf", 10),
    (error) =>
      error instanceof AppError && error.kind === "bad_request" &&
      error.message === "body is not a valid protobuf ExportTraceServiceRequest: premature EOF",
  );
});

Deno.test("POST /v1/traces rejects 2,000,000 empty spans with a 413 naming the span limit", async () => {
  await using t = await startTestMonitor();
  const body = emptySpans(2_000_000);
  assert.ok(body.length < 4 * 1_048_576, "within the body limit: the span count must stop it");
  const response = await postTraces(t, body, PROTOBUF);
  assert.equal(response.status, 413);
  assert.deepEqual(await protobufStatus(response), {
    code: 8,
    message:
      "more than 10000 spans in one request; OTLP_MAX_SPANS_PER_REQUEST allows 10000: send smaller batches",
  });
  assert.equal(t.monitor.deps.otlpDecoder.stats().timedOut, 0);
});

Deno.test("POST /v1/traces rejects 25,000 model-call spans whole and stores none of them", async () => {
  await using t = await startTestMonitor({ now: () => NOW + 60_000 });
  const response = await postTraces(t, modelSpans(25_000), PROTOBUF);
  assert.equal(response.status, 413);
  assert.deepEqual(await protobufStatus(response), {
    code: 8,
    message:
      "more than 10000 spans in one request; OTLP_MAX_SPANS_PER_REQUEST allows 10000: send smaller batches",
  });
  await t.monitor.deps.flusher.drain();
  assert.deepEqual(await t.monitor.deps.store.listEventIds(t.projectId), []);
  assert.equal(await t.monitor.deps.buffer.size(), 0);
});

Deno.test("POST /v1/traces counts JSON spans before decoding and answers the limit in JSON", async () => {
  await using t = await startTestMonitor({ env: { OTLP_MAX_SPANS_PER_REQUEST: "3" } });
  const spans = ["01", "02", "03", "04"].map((n) => ({
    spanId: `00000000000000${n}`,
    name: "GET /",
    startMs: NOW,
    durationMs: 1,
  }));
  const over = await postTraces(t, otlpJson(spans));
  assert.equal(over.status, 413);
  assert.equal(over.headers.get("content-type"), "application/json");
  assert.deepEqual(await over.json(), {
    code: 8,
    message:
      "more than 3 spans in one request; OTLP_MAX_SPANS_PER_REQUEST allows 3: send smaller batches",
  });
  const within = await postTraces(t, otlpJson(spans.slice(0, 3)));
  assert.equal(within.status, 200);
  await within.body?.cancel();
});

Deno.test("POST /v1/traces caps model-call spans per request; other spans do not count", async () => {
  await using t = await startTestMonitor({
    env: { OTLP_MAX_EVENTS_PER_REQUEST: "2" },
    now: () => NOW + 60_000,
  });
  const over = await postTraces(t, modelSpans(3), PROTOBUF);
  assert.equal(over.status, 413);
  assert.deepEqual(await protobufStatus(over), {
    code: 8,
    message:
      "3 model-call spans in one request; OTLP_MAX_EVENTS_PER_REQUEST allows 2: send smaller batches",
  });

  const mixed = otlpJson([
    ...["b1", "b2"].map((id) => ({
      spanId: `00000000000000${id}`,
      name: "chat",
      startMs: NOW,
      durationMs: 100,
      attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o" },
    })),
    ...["c1", "c2", "c3"].map((id) => ({
      spanId: `00000000000000${id}`,
      name: "GET /",
      startMs: NOW,
      durationMs: 5,
    })),
  ]);
  const within = await postTraces(t, mixed);
  assert.equal(within.status, 200);
  assert.match(
    (await within.json()).partialSuccess.errorMessage,
    /^2 accepted; 3 span\(s\) skipped/,
  );
  await t.monitor.deps.flusher.drain();
  assert.equal((await t.monitor.deps.store.listEventIds(t.projectId)).length, 2);
});

Deno.test("GET /healthz answers on a real server while a large export is being decoded", async () => {
  await using t = await startTestMonitor({ env: { OTLP_DECODE_TIMEOUT_MS: "120000" } });
  await using server = serveOtlp(t);
  const decoder = t.monitor.deps.otlpDecoder;
  const upload = fetch(`${server.url}/v1/traces`, {
    method: "POST",
    headers: { authorization: `Bearer ${t.ingestKey}`, ...PROTOBUF },
    body: heavyExport(3 * 1_048_576),
  });
  await waitFor(() => decoder.stats().busy === 1, "the export to reach a decode worker");
  const health = await fetch(`${server.url}/healthz`);
  assert.equal(health.status, 200);
  assert.equal((await health.json()).ok, true);
  assert.equal(decoder.stats().busy, 1, "the decode was still running when /healthz answered");
  const response = await upload;
  assert.equal(response.status, 200);
  await response.body?.cancel();
});

Deno.test("POST /v1/traces queues past the busy workers and answers 503 with Retry-After past the queue", async () => {
  await using t = await startTestMonitor({
    env: { OTLP_DECODE_WORKERS: "1", OTLP_DECODE_QUEUE: "1", OTLP_DECODE_TIMEOUT_MS: "120000" },
  });
  const decoder = t.monitor.deps.otlpDecoder;
  const heavy = postTraces(t, heavyExport(3 * 1_048_576), PROTOBUF);
  await waitFor(() => decoder.stats().busy === 1, "the heavy export to reach the worker");
  const queued = postTraces(t, emptySpans(1), PROTOBUF);
  await waitFor(() => decoder.stats().queued === 1, "the second export to wait in the queue");

  const refused = await postTraces(t, emptySpans(1), PROTOBUF);
  assert.equal(refused.status, 503);
  assert.equal(refused.headers.get("retry-after"), "1");
  assert.deepEqual(await protobufStatus(refused), {
    code: 14,
    message: "OTLP decoding is at capacity (1 busy, 1 waiting); retry later",
  });
  for (const response of [await heavy, await queued]) {
    assert.equal(response.status, 200);
    await response.body?.cancel();
  }
  assert.deepEqual(decoder.stats(), { busy: 0, queued: 0, timedOut: 0, started: 1 });
});

Deno.test("POST /v1/traces answers 413 when a decode runs past its budget and replaces the worker", async () => {
  await using t = await startTestMonitor({
    env: { OTLP_DECODE_WORKERS: "1", OTLP_DECODE_QUEUE: "0", OTLP_DECODE_TIMEOUT_MS: "1" },
  });
  for (let i = 1; i <= 2; i++) {
    const slow = await postTraces(t, heavyExport(3 * 1_048_576), PROTOBUF);
    assert.equal(slow.status, 413);
    assert.deepEqual(await protobufStatus(slow), {
      code: 8,
      message:
        "decoding the request took longer than 1 ms (OTLP_DECODE_TIMEOUT_MS): send smaller batches",
    });
    // The overrun worker was terminated and the slot freed: the next export gets a new worker.
    assert.deepEqual(t.monitor.deps.otlpDecoder.stats(), {
      busy: 0,
      queued: 0,
      timedOut: i,
      started: i,
    });
  }
});
