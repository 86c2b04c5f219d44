// POST /v1/traces answers every failure the OTLP/HTTP way: the right status, Retry-After where
// the client should retry, and a google.rpc.Status body in the request's encoding.
import assert from "node:assert/strict";
import { fromBinary } from "@bufbuild/protobuf";
import { StatusSchema } from "../lib/otlp/gen/google/rpc/status_pb.ts";
import { ADMIN_TOKEN, startTestMonitor } from "./_fixtures.ts";
import { fixture, otlpJson, postTraces } from "./otlp_fixtures.ts";

const NOW = Date.parse("2026-11-01T11:00:00Z");

async function status(response: Response): Promise<{ code: number; message: string }> {
  assert.equal(response.headers.get("content-type"), "application/json");
  return await response.json();
}

Deno.test("POST /v1/traces answers 401 and 403 with a Status in the request's encoding", async () => {
  await using t = await startTestMonitor();
  const anonymous = await postTraces(t, "{}", { authorization: "" });
  assert.equal(anonymous.status, 401);
  assert.deepEqual(await status(anonymous), {
    code: 16,
    message: "missing Authorization: Bearer <ingest key>",
  });

  const proto = await postTraces(t, new Uint8Array(), {
    authorization: "Bearer lmi_unknown_key_0123456789",
    "content-type": "application/x-protobuf",
  });
  assert.equal(proto.status, 401);
  assert.equal(proto.headers.get("content-type"), "application/x-protobuf");
  const decoded = fromBinary(StatusSchema, new Uint8Array(await proto.arrayBuffer()));
  assert.equal(decoded.code, 16);
  assert.equal(decoded.message, "unknown or revoked key");

  const admin = await postTraces(t, "{}", { authorization: `Bearer ${ADMIN_TOKEN}` });
  assert.equal(admin.status, 403);
  assert.deepEqual(await status(admin), {
    code: 7,
    message: "the admin token cannot ingest; use an ingest key",
  });
});

Deno.test("POST /v1/traces answers 415 for a content type OTLP/HTTP does not use", async () => {
  await using t = await startTestMonitor();
  const response = await postTraces(t, "resourceSpans", { "content-type": "text/plain" });
  assert.equal(response.status, 415);
  assert.deepEqual(await status(response), {
    code: 3,
    message: "Content-Type must be application/x-protobuf or application/json (OTLP/HTTP)",
  });
});

Deno.test("POST /v1/traces answers malformed JSON and protobuf with a 400 that says why", async () => {
  await using t = await startTestMonitor();
  const cases: Array<[string | Uint8Array, string, string | RegExp]> = [
    ["{not json", "application/json", /^body is not valid JSON: /],
    [
      '{"resourceSpans": 5}',
      "application/json",
      "body is not a valid OTLP JSON ExportTraceServiceRequest: cannot decode field opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.resource_spans from JSON: expected Array, got 5",
    ],
    [
      JSON.stringify(otlpJson([{ spanId: "zz", name: "chat", startMs: 0, durationMs: 1 }])),
      "application/json",
      'body is not a valid OTLP JSON ExportTraceServiceRequest: spanId "zz" is not hex',
    ],
    [
      new Uint8Array([0x0a, 0xff, 0xff, 0xff]),
      "application/x-protobuf",
      "body is not a valid protobuf ExportTraceServiceRequest: premature EOF",
    ],
    [
      new TextEncoder().encode("hello world"),
      "application/x-protobuf",
      "body is not a valid protobuf ExportTraceServiceRequest: cant skip wire type 4",
    ],
  ];
  for (const [body, contentType, message] of cases) {
    const response = await postTraces(t, body, { "content-type": contentType });
    assert.equal(response.status, 400, `${contentType} ${String(body).slice(0, 30)}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const answer = contentType === "application/json"
      ? JSON.parse(new TextDecoder().decode(bytes))
      : fromBinary(StatusSchema, bytes);
    assert.equal(answer.code, 3);
    if (message instanceof RegExp) assert.match(answer.message, message);
    else assert.equal(answer.message, message);
  }
  // Nothing broke: the next export goes through.
  const ok = await postTraces(t, await fixture("openlit.json"));
  assert.equal(ok.status, 200);
  await ok.body?.cancel();
});

Deno.test("POST /v1/traces answers 413 past 4 MiB and 200 {} for an empty export", async () => {
  await using t = await startTestMonitor();
  const big = await postTraces(t, " ".repeat(4 * 1_048_576 + 1));
  assert.equal(big.status, 413);
  assert.deepEqual(await status(big), {
    code: 8,
    message: "body is larger than 4194304 bytes (after decompression)",
  });
  const empty = await postTraces(t, "{}");
  assert.equal(empty.status, 200);
  assert.deepEqual(await empty.json(), {});
});

Deno.test("POST /v1/traces answers 429 with Retry-After past the key's rate", async () => {
  await using t = await startTestMonitor({
    env: { INGEST_RATE_LIMIT_PER_MINUTE: "1" },
    now: () => NOW + 15_000,
  });
  const body = otlpJson([{
    spanId: "0000000000000001",
    name: "GET /",
    startMs: NOW,
    durationMs: 5,
  }]);
  const first = await postTraces(t, body);
  assert.equal(first.status, 200, "a request without GenAI spans still counts");
  await first.body?.cancel();
  const second = await postTraces(t, body);
  assert.equal(second.status, 429);
  assert.equal(second.headers.get("retry-after"), "45");
  assert.equal((await status(second)).code, 8);
});

Deno.test("POST /v1/traces answers 503 with Retry-After when the buffer is full, storing nothing", async () => {
  await using t = await startTestMonitor({ env: { BUFFER_MAX_EVENTS: "2" }, now: () => NOW });
  const response = await postTraces(t, await fixture("openllmetry.json"));
  assert.equal(response.status, 503);
  assert.equal(response.headers.get("retry-after"), "5");
  assert.equal((await status(response)).code, 14);
  assert.equal(await t.monitor.deps.buffer.size(), 0);
});

Deno.test("POST /v1/traces counts invalid model-call spans in rejected_spans and keeps the rest", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  const response = await postTraces(
    t,
    otlpJson([
      {
        spanId: "00000000000000a1",
        name: "chat",
        startMs: NOW,
        durationMs: 10,
        attributes: { "gen_ai.operation.name": "chat", "gen_ai.usage.input_tokens": 3 },
      },
      {
        spanId: "00000000000000a2",
        name: "chat gpt-4o",
        startMs: NOW + 3_600_000,
        durationMs: 10,
        attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o" },
      },
      {
        spanId: "00000000000000a3",
        name: "chat gpt-4o",
        startMs: NOW,
        durationMs: 10,
        attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o" },
      },
    ]),
  );
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), {
    partialSuccess: {
      rejectedSpans: "2",
      errorMessage:
        "1 accepted; 2 span(s) rejected: span 00000000000000a1: model: is required | span 00000000000000a2: timestamp: must not be more than 5 minutes in the future",
    },
  });
  assert.equal(await t.monitor.deps.buffer.size(), 1);
});
