// OpenInference spans (Arize Phoenix, LlamaIndex, the @arizeai/openinference-* instrumentations)
// on /v1/traces. First the real @arizeai/openinference-instrumentation-openai instrumenting the
// real openai client against a fake OpenAI API, exported over OTLP protobuf to a running monitor;
// then spans shaped by @arizeai/openinference-semantic-conventions 2.12.0 for what that
// instrumentation does not write (llm.provider, llm.cost.*, framework wrappers).
import assert from "node:assert/strict";
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import { context } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
} from "@opentelemetry/sdk-trace-base";
import OpenAI from "openai";
import type { StoredEvent } from "../lib/ingest/event.ts";
import { startFakeOpenAI } from "../sdk/test/fake_openai.ts";
import { startTestMonitor, type TestMonitor } from "./_fixtures.ts";
import { AsyncContextManager, otlpJson, postTraces, serveOtlp, TRACE_ID } from "./otlp_fixtures.ts";

const noopProcessor = {
  onStart: () => {},
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

const CALLS = ["chat", "responses", "embeddings"] as const;

/**
 * An agent span (as a framework would write it) around three OpenAI calls; their spans. A failed
 * call is left out: version 4.2.7 never ends the span of a rejected call, so it is never exported.
 */
async function runApp(t: TestMonitor, fakeUrl: string, url: string): Promise<ReadableSpan[]> {
  const finished: ReadableSpan[] = [];
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "support-bot" }),
    spanProcessors: [
      { ...noopProcessor, onEnd: (s) => void finished.push(s) },
      new BatchSpanProcessor(
        new OTLPTraceExporter({
          url,
          headers: { Authorization: `Bearer ${t.ingestKey}` },
          timeoutMillis: 30_000, // the first export waits for the decode workers to start
        }),
      ),
    ],
  });
  context.setGlobalContextManager(new AsyncContextManager());
  const instrumentation = new OpenAIInstrumentation({ tracerProvider: provider });
  instrumentation.manuallyInstrument(OpenAI);
  try {
    const client = new OpenAI({ apiKey: "sk-test", baseURL: fakeUrl, maxRetries: 0 });
    const messages = [{ role: "user" as const, content: "Where is my order?" }];
    await provider.getTracer("app").startActiveSpan("support-flow", {
      attributes: {
        "openinference.span.kind": "AGENT",
        "agent.name": "support-agent",
        "user.id": "u-7",
        "session.id": "s-7",
        metadata: JSON.stringify({ plan: "pro" }),
      },
    }, async (agent) => {
      await client.chat.completions.create({ model: "gpt-4o", messages });
      await client.responses.create({ model: "gpt-4o", input: "Where is my order?" });
      await client.embeddings.create({ model: "text-embedding-3-small", input: "order" });
      agent.end();
    });
    await provider.forceFlush();
  } finally {
    instrumentation.disable();
    context.disable();
    await provider.shutdown();
  }
  return finished;
}

function latencyMs(span: ReadableSpan): number {
  return Number(BigInt(span.duration[0]) * 1_000_000_000n + BigInt(span.duration[1])) / 1e6;
}

Deno.test("OpenInference OpenAI instrumentation: one event per call with model, provider, tokens and latency", async () => {
  await using t = await startTestMonitor();
  await using server = serveOtlp(t);
  await using fake = startFakeOpenAI();
  const spans = await runApp(t, fake.url, `${server.url}/v1/traces`);
  assert.deepEqual(spans.map((s) => s.name), [
    "OpenAI Chat Completions",
    "OpenAI Responses",
    "OpenAI Embeddings",
    "support-flow",
  ]);
  assert.deepEqual(server.received, ["application/x-protobuf"]);
  assert.equal(await t.monitor.deps.flusher.drain(), 3, "three calls; the agent span is skipped");

  const calls = spans.slice(0, 3);
  const events = await Promise.all(calls.map(async (s) => {
    const id = `${s.spanContext().traceId}-${s.spanContext().spanId}`;
    const event = await t.monitor.deps.store.getEvent(t.projectId, id);
    assert.ok(event, `event ${id}`);
    return event;
  }));
  const tokens = (
    e: StoredEvent,
  ) => [e.input_tokens, e.output_tokens, e.cached_input_tokens, e.reasoning_tokens];
  assert.deepEqual(events.map((e) => [e.model, e.provider, ...tokens(e)]), [
    ["gpt-4o-2024-08-06", "openai", 19, 10, 6, 4],
    ["gpt-4o-2024-08-06", "openai", 36, 87, 12, 64],
    ["text-embedding-3-small", "openai", 0, 0, null, null],
  ], CALLS.join(", "));
  events.forEach((e, i) => {
    const who = [e.endpoint, e.application, e.user_id, e.session_id, e.status];
    assert.deepEqual(who, ["support-agent", "support-bot", "u-7", "s-7", "success"], CALLS[i]);
    assert.equal(e.latency_ms, latencyMs(calls[i]!), `${CALLS[i]} latency`);
    assert.equal(e.trace_id, calls[i]!.spanContext().traceId);
    assert.equal(e.metadata?.plan, "pro", "the agent's OpenInference metadata is a tag");
    assert.equal(e.input, null, "content stays out without STORE_CONTENT");
    assert.ok(
      !Object.keys(e.metadata ?? {}).some((k) => /messages|input\.value|output\.value/.test(k)),
    );
  });
  assert.equal(events[0]!.cost_source, "computed", "no cost on the span: priced by the table");
});

Deno.test("POST /v1/traces maps OpenInference llm.provider, llm.cost.* and counts a wrapped LLM span once", async () => {
  await using t = await startTestMonitor();
  const T = Date.parse("2026-11-01T10:00:00Z");
  const llm = (extra: Record<string, string | number>) => ({
    "openinference.span.kind": "LLM",
    "llm.system": "openai",
    "llm.token_count.prompt": 120,
    "llm.token_count.completion": 30,
    "llm.token_count.total": 150,
    "llm.token_count.prompt_details.cache_read": 100,
    "llm.token_count.prompt_details.cache_write": 20,
    ...extra,
  });
  const body = otlpJson([
    {
      spanId: "00000000000000a1",
      name: "query",
      kind: 1,
      startMs: T,
      durationMs: 900,
      attributes: { "openinference.span.kind": "CHAIN", "input.value": "q" },
    },
    {
      spanId: "00000000000000a2",
      parentSpanId: "00000000000000a1",
      name: "retrieve",
      kind: 1,
      startMs: T,
      durationMs: 50,
      attributes: {
        "openinference.span.kind": "RETRIEVER",
        "retrieval.documents.0.document.content": "doc",
      },
    },
    // LlamaIndex's LLM span around the OpenAI instrumentation's: only the inner one counts.
    {
      spanId: "00000000000000a3",
      parentSpanId: "00000000000000a1",
      name: "OpenAI.chat",
      kind: 1,
      startMs: T + 100,
      durationMs: 700,
      attributes: llm({ "llm.model_name": "gpt-4o" }),
    },
    {
      spanId: "00000000000000a4",
      parentSpanId: "00000000000000a3",
      name: "OpenAI Chat Completions",
      kind: 1,
      startMs: T + 110,
      durationMs: 680,
      attributes: llm({
        "llm.model_name": "gpt-4o-2024-08-06",
        "llm.provider": "azure",
        "llm.cost.total": 0.0021,
      }),
    },
    {
      spanId: "00000000000000a5",
      name: "ChatAnthropic",
      kind: 1,
      startMs: T + 1000,
      durationMs: 400,
      attributes: {
        "openinference.span.kind": "llm",
        "llm.request.model_name": "claude-sonnet-4-5",
        "llm.response.model_name": "claude-sonnet-4-5-20250929",
        "llm.provider": "aws",
        "llm.system": "anthropic",
        "llm.token_count.prompt": 10,
        "llm.token_count.completion": 5,
        "llm.cost.prompt": 0.00003,
        "llm.cost.completion": 0.000075,
      },
    },
  ], { "service.name": "rag-app" });
  const res = await postTraces(t, body);
  assert.equal(res.status, 200);
  assert.equal(await t.monitor.deps.flusher.drain(), 2);
  const get = (span: string) => t.monitor.deps.store.getEvent(t.projectId, `${TRACE_ID}-${span}`);
  const [azure, bedrock] = await Promise.all([get("00000000000000a4"), get("00000000000000a5")]);
  assert.ok(azure && bedrock);
  assert.deepEqual(
    [
      azure.model,
      azure.provider,
      azure.endpoint,
      azure.input_tokens,
      azure.output_tokens,
      azure.cached_input_tokens,
      azure.cost_usd,
      azure.cost_source,
      azure.latency_ms,
    ],
    ["gpt-4o-2024-08-06", "azure", "chat", 120, 30, 100, 0.0021, "reported", 680],
  );
  assert.equal(azure.metadata?.["llm.token_count.prompt_details.cache_write"], 20);
  assert.deepEqual(
    [
      bedrock.model,
      bedrock.provider,
      bedrock.input_tokens,
      bedrock.output_tokens,
      bedrock.cost_source,
      bedrock.latency_ms,
    ],
    ["claude-sonnet-4-5-20250929", "bedrock", 10, 5, "reported", 400],
  );
  assert.ok(Math.abs((bedrock.cost_usd ?? 0) - 0.000105) < 1e-12, "llm.cost.prompt + .completion");
  assert.equal(await get("00000000000000a3"), null, "the wrapper is not a second call");
});
