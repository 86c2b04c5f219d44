// POST /v1/traces through the whole app with OTLP JSON as OpenLLMetry and OpenLIT emit it:
// spans → events (fields, skipped spans, content), idempotent retries, gzip, protobuf answers.
import assert from "node:assert/strict";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import type { StoredEvent } from "../lib/ingest/event.ts";
import { decodeTraces } from "../lib/otlp/codec.ts";
import {
  ExportTraceServiceRequestSchema,
  ExportTraceServiceResponseSchema,
} from "../lib/otlp/gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.ts";
import { gzipBytes, startTestMonitor, type TestMonitor } from "./_fixtures.ts";
import { fixture, postTraces } from "./otlp_fixtures.ts";

const OPENLLMETRY_TRACE = "5b8aa5a2d2c872e8321cf37308d69df2";
const OPENLIT_TRACE = "0af7651916cd43dd8448eb211c80319c";
const T0 = Date.parse("2026-11-01T10:00:00Z");

async function stored(t: TestMonitor, traceId: string, spanId: string): Promise<StoredEvent> {
  const event = await t.monitor.deps.store.getEvent(t.projectId, `${traceId}-${spanId}`);
  assert.ok(event, `event of span ${spanId} is stored`);
  return event;
}

function pick(e: StoredEvent, keys: Array<keyof StoredEvent>): Partial<StoredEvent> {
  return Object.fromEntries(keys.map((k) => [k, e[k]]));
}

const FIELDS: Array<keyof StoredEvent> = [
  "ts",
  "model",
  "provider",
  "status",
  "endpoint",
  "application",
  "user_id",
  "session_id",
  "trace_id",
  "input_tokens",
  "output_tokens",
  "cached_input_tokens",
  "latency_ms",
  "time_to_first_token_ms",
  "error_type",
  "error_message",
];

Deno.test("POST /v1/traces turns OpenLLMetry spans into events and counts the others as skipped", async () => {
  await using t = await startTestMonitor();
  const response = await postTraces(t, await fixture("openllmetry.json"));
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.deepEqual(await response.json(), {
    partialSuccess: {
      errorMessage:
        "3 accepted; 2 span(s) skipped, not rejected: 2 without GenAI attributes, 0 GenAI span(s) that are not a model call (agent, tool, step or wrapper spans)",
    },
  });
  assert.equal(await t.monitor.deps.flusher.drain(), 3);

  const openai = await stored(t, OPENLLMETRY_TRACE, "e5f5bd2b1e1d7c4a");
  assert.deepEqual(pick(openai, FIELDS), {
    ts: T0 + 100,
    model: "gpt-4o-mini-2024-07-18",
    provider: "openai",
    status: "success",
    endpoint: "joke_generator",
    application: "joke-service",
    user_id: "u-42",
    session_id: "s-7",
    trace_id: OPENLLMETRY_TRACE,
    input_tokens: 15,
    output_tokens: 24,
    cached_input_tokens: 8,
    latency_ms: 1200,
    time_to_first_token_ms: null,
    error_type: null,
    error_message: null,
  });
  assert.deepEqual(openai.metadata, {
    tenant: "acme",
    "otel.span.name": "openai.chat",
    "gen_ai.request.model": "gpt-4o-mini",
    "llm.request.type": "chat",
    "llm.is_streaming": false,
    "gen_ai.openai.api_base": "https://api.openai.com/v1/",
    "gen_ai.response.id": "chatcmpl-AZ1pq3xKhn0S7",
    "gen_ai.openai.system_fingerprint": "fp_0ba0d124f1",
    "deployment.environment": "staging",
    "telemetry.sdk.language": "python",
    "telemetry.sdk.name": "opentelemetry",
    "telemetry.sdk.version": "1.27.0",
  });
  assert.equal(openai.input, null, "content is not stored unless STORE_CONTENT is on");
  assert.equal(openai.cost_source, "computed", "priced from the price table like /v1/events");

  const anthropic = await stored(t, OPENLLMETRY_TRACE, "a1f2c3d4e5f60718");
  assert.deepEqual(pick(anthropic, ["model", "provider", "status", "latency_ms", "error_type"]), {
    model: "claude-3-5-haiku-20241022",
    provider: "anthropic",
    status: "timeout",
    latency_ms: 1000,
    error_type: "anthropic.APITimeoutError",
  });
  assert.equal(anthropic.error_message, "APITimeoutError: Request timed out.");

  const cohere = await stored(t, OPENLLMETRY_TRACE, "c0c0a1b2c3d4e5f6");
  assert.deepEqual(
    pick(cohere, ["model", "provider", "input_tokens", "output_tokens", "endpoint"]),
    {
      model: "command-r",
      provider: "cohere",
      input_tokens: 40,
      output_tokens: 10,
      endpoint: "joke_generator",
    },
  );
});

Deno.test("POST /v1/traces reads OpenLIT spans: cost, time to first token, content events", async () => {
  await using t = await startTestMonitor({ env: { STORE_CONTENT: "true" } });
  const response = await postTraces(t, await fixture("openlit.json"));
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), {
    partialSuccess: {
      errorMessage:
        "2 accepted; 1 span(s) skipped, not rejected: 1 without GenAI attributes, 0 GenAI span(s) that are not a model call (agent, tool, step or wrapper spans)",
    },
  });
  await t.monitor.deps.flusher.drain();

  const chat = await stored(t, OPENLIT_TRACE, "53995c3f42cd8ad8");
  assert.deepEqual(pick(chat, [...FIELDS, "cost_usd", "cost_source", "input", "output"]), {
    ts: T0 + 200,
    model: "gpt-4o-2024-08-06",
    provider: "openai",
    status: "success",
    endpoint: "chat",
    application: "support-bot",
    user_id: null,
    session_id: null,
    trace_id: OPENLIT_TRACE,
    input_tokens: 120,
    output_tokens: 80,
    cached_input_tokens: null,
    latency_ms: 2300,
    time_to_first_token_ms: 350,
    error_type: null,
    error_message: null,
    cost_usd: 0.0011,
    cost_source: "reported",
    input: "user: How do I reset my password? My card is [card]",
    output: "Open Settings, then Security, then Reset password.",
  });
  assert.equal(chat.metadata?.["gen_ai.response.finish_reasons"], '["stop"]');
  assert.equal(chat.metadata?.["gen_ai.request.model"], "gpt-4o");
  assert.equal(chat.metadata?.["gen_ai.server.tbt"], 0.012);

  const embedding = await stored(t, OPENLIT_TRACE, "00f067aa0ba902b7");
  assert.deepEqual(
    pick(embedding, ["model", "endpoint", "input_tokens", "output_tokens", "cost_usd"]),
    {
      model: "text-embedding-3-small",
      endpoint: "embeddings",
      input_tokens: 9,
      output_tokens: 0,
      cost_usd: 1.8e-7,
    },
  );
});

Deno.test("POST /v1/traces stores an export sent twice once (the span is the idempotency key)", async () => {
  await using t = await startTestMonitor();
  const body = await fixture("openllmetry.json");
  for (let i = 0; i < 2; i++) {
    const response = await postTraces(t, body);
    assert.equal(response.status, 200);
    await response.body?.cancel();
  }
  await t.monitor.deps.flusher.drain();
  assert.deepEqual(await t.monitor.deps.store.listEventIds(t.projectId), [
    `${OPENLLMETRY_TRACE}-a1f2c3d4e5f60718`,
    `${OPENLLMETRY_TRACE}-c0c0a1b2c3d4e5f6`,
    `${OPENLLMETRY_TRACE}-e5f5bd2b1e1d7c4a`,
  ]);
  assert.equal((await t.monitor.deps.store.stats(t.projectId)).requests_rolled_up_1m, 3);
});

Deno.test("POST /v1/traces accepts gzip and answers protobuf with protobuf", async () => {
  await using t = await startTestMonitor();
  const json = JSON.stringify(await fixture("openlit.json"));
  const gz = await postTraces(t, await gzipBytes(json), { "content-encoding": "gzip" });
  assert.equal(gz.status, 200);
  await gz.body?.cancel();

  const binary = toBinary(
    ExportTraceServiceRequestSchema,
    decodeTraces(new TextEncoder().encode(json), "json"),
  );
  const proto = await postTraces(t, binary, { "content-type": "application/x-protobuf" });
  assert.equal(proto.status, 200);
  assert.equal(proto.headers.get("content-type"), "application/x-protobuf");
  const answer = fromBinary(
    ExportTraceServiceResponseSchema,
    new Uint8Array(await proto.arrayBuffer()),
  );
  assert.equal(answer.partialSuccess?.rejectedSpans, 0n);
  assert.match(answer.partialSuccess?.errorMessage ?? "", /^2 accepted; 1 span\(s\) skipped/);
  await t.monitor.deps.flusher.drain();
  assert.equal((await t.monitor.deps.store.listEventIds(t.projectId)).length, 2);
});
