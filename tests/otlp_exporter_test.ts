// The real OpenTelemetry JS SDK exporting GenAI spans to a running monitor over a socket, as
// OTLP/HTTP JSON and as OTLP/HTTP protobuf: what arrives is what the spans said, stored once.
import assert from "node:assert/strict";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { OTLPTraceExporter as JsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-base";
import type { StoredEvent } from "../lib/ingest/event.ts";
import { startTestMonitor, type TestMonitor } from "./_fixtures.ts";
import { serveOtlp } from "./otlp_fixtures.ts";

/** Records a request handled by an agent: an HTTP span, a chat call, a timed-out call. */
function recordSpans(): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      "service.name": "checkout-api",
      "deployment.environment.name": "prod",
    }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer("genai-test");
  const t0 = Date.now() - 60_000;
  tracer.startActiveSpan("POST /chat", { kind: SpanKind.SERVER, startTime: t0 }, (http) => {
    const chat = tracer.startSpan("chat gpt-4o", {
      kind: SpanKind.CLIENT,
      startTime: t0 + 20,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.agent.name": "support-agent",
        "gen_ai.conversation.id": "conv-1",
        "user.id": "u-1",
      },
    });
    chat.setAttributes({
      "gen_ai.response.model": "gpt-4o-2024-08-06",
      "gen_ai.usage.input_tokens": 100,
      "gen_ai.usage.output_tokens": 50,
      "gen_ai.usage.cache_read.input_tokens": 20,
      "gen_ai.usage.reasoning.output_tokens": 10,
      "gen_ai.response.time_to_first_chunk": 0.25,
      "http.response.status_code": 200,
    });
    chat.end(t0 + 850);
    const late = tracer.startSpan("chat claude-sonnet-4", {
      kind: SpanKind.CLIENT,
      startTime: t0 + 900,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "aws.bedrock",
        "gen_ai.request.model": "anthropic.claude-sonnet-4",
      },
    });
    late.setAttributes({ "error.type": "timeout", "http.response.status_code": 504 });
    late.setStatus({ code: SpanStatusCode.ERROR, message: "upstream timed out" });
    late.end(t0 + 20_900);
    http.end(t0 + 21_000);
  });
  return memory.getFinishedSpans();
}

function exportOnce(exporter: SpanExporter, spans: ReadableSpan[]): Promise<void> {
  return new Promise((resolve, reject) =>
    exporter.export(spans, (result) => result.error ? reject(result.error) : resolve())
  );
}

async function checkStored(t: TestMonitor, spans: ReadableSpan[]): Promise<void> {
  assert.equal(await t.monitor.deps.flusher.drain(), 4, "two exports of two model calls");
  const ids = await t.monitor.deps.store.listEventIds(t.projectId);
  assert.equal(ids.length, 2, "the second export of the same spans is stored once");
  const byName = (name: string) => spans.find((s) => s.name === name)!;
  const get = async (name: string): Promise<StoredEvent> => {
    const s = byName(name).spanContext();
    const event = await t.monitor.deps.store.getEvent(t.projectId, `${s.traceId}-${s.spanId}`);
    assert.ok(event, name);
    return event;
  };
  const chat = await get("chat gpt-4o");
  const { traceId } = byName("chat gpt-4o").spanContext();
  assert.deepEqual({
    model: chat.model,
    provider: chat.provider,
    status: chat.status,
    endpoint: chat.endpoint,
    application: chat.application,
    user_id: chat.user_id,
    session_id: chat.session_id,
    trace_id: chat.trace_id,
    input_tokens: chat.input_tokens,
    output_tokens: chat.output_tokens,
    cached_input_tokens: chat.cached_input_tokens,
    reasoning_tokens: chat.reasoning_tokens,
    latency_ms: chat.latency_ms,
    time_to_first_token_ms: chat.time_to_first_token_ms,
    status_code: chat.status_code,
  }, {
    model: "gpt-4o-2024-08-06",
    provider: "openai",
    status: "success",
    endpoint: "support-agent",
    application: "checkout-api",
    user_id: "u-1",
    session_id: "conv-1",
    trace_id: traceId,
    input_tokens: 100,
    output_tokens: 50,
    cached_input_tokens: 20,
    reasoning_tokens: 10,
    latency_ms: 830,
    time_to_first_token_ms: 250,
    status_code: 200,
  });
  const [seconds, nanos] = byName("chat gpt-4o").startTime;
  assert.equal(chat.ts, seconds * 1000 + Math.floor(nanos / 1e6), "the span's start");
  assert.equal(chat.metadata?.["gen_ai.request.model"], "gpt-4o");
  assert.equal(chat.metadata?.["deployment.environment.name"], "prod");
  assert.equal(chat.metadata?.["gen_ai.operation.name"], "chat");

  const late = await get("chat claude-sonnet-4");
  assert.deepEqual(
    [late.provider, late.status, late.error_type, late.error_message, late.status_code],
    ["bedrock", "timeout", "timeout", "upstream timed out", 504],
  );
  assert.equal(late.latency_ms, 20_000);
  assert.equal(late.metadata?.["gen_ai.provider.name"], "aws.bedrock");
}

type Compression = NonNullable<ConstructorParameters<typeof ProtoExporter>[0]>["compression"];

for (
  const [protocol, Exporter, compression, received] of [
    ["http/json", JsonExporter, "none", "application/json"],
    ["http/protobuf", ProtoExporter, "none", "application/x-protobuf"],
    ["http/protobuf with gzip", ProtoExporter, "gzip", "application/x-protobuf gzip"],
  ] as const
) {
  Deno.test(`OTLP ${protocol} from the OpenTelemetry SDK: GenAI spans become events, retries count once`, async () => {
    await using t = await startTestMonitor();
    await using server = serveOtlp(t);
    const spans = recordSpans();
    assert.equal(spans.length, 3);
    const exporter = new Exporter({
      url: `${server.url}/v1/traces`,
      headers: { Authorization: `Bearer ${t.ingestKey}` },
      compression: compression as Compression,
    });
    await exportOnce(exporter, spans);
    await exportOnce(exporter, spans);
    await exporter.shutdown();
    assert.deepEqual(server.received, [received, received]);
    await checkStored(t, spans);
  });
}

Deno.test("OTLP exporter without a key is refused with 401 and nothing is stored", async () => {
  await using t = await startTestMonitor();
  await using server = serveOtlp(t);
  const exporter = new ProtoExporter({ url: `${server.url}/v1/traces` });
  await assert.rejects(exportOnce(exporter, recordSpans()), /Unauthorized|401/);
  await exporter.shutdown();
  assert.equal(await t.monitor.deps.buffer.size(), 0);
});
