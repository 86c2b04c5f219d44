// The real Vercel AI SDK (mock model, telemetry on) exporting over OTLP to a running monitor, with
// its GenAI-semconv integration and its classic `ai.*` one: each model call counted once, never
// its wrapper, agent, step or tool spans.
import assert from "node:assert/strict";
import { LegacyOpenTelemetry, OpenTelemetry } from "@ai-sdk/otel";
import { OTLPTraceExporter as JsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { generateText, isStepCount, streamText, tool } from "ai";
import { convertArrayToReadableStream, MockLanguageModelV4 } from "ai/test";
import { z } from "zod";
import type { StoredEvent } from "../lib/ingest/event.ts";
import { startTestMonitor } from "./_fixtures.ts";
import { serveOtlp } from "./otlp_fixtures.ts";

function usage(input: number, output: number) {
  return {
    inputTokens: { total: input, noCache: input - 2, cacheRead: 2, cacheWrite: 0 },
    outputTokens: { total: output, text: output - 1, reasoning: 1 },
  };
}

/** Two model calls (a tool call, then the answer) and one streamed call. */
async function runApp(integration: OpenTelemetry | LegacyOpenTelemetry): Promise<void> {
  const gpt = new MockLanguageModelV4({
    provider: "openai.chat",
    modelId: "gpt-4o-mini",
    doGenerate: [
      {
        content: [{
          type: "tool-call",
          toolCallId: "c1",
          toolName: "weather",
          input: '{"city":"Paris"}',
        }],
        finishReason: { unified: "tool-calls", raw: "tool_calls" },
        usage: usage(10, 5),
        warnings: [],
      },
      {
        content: [{ type: "text", text: "Sunny." }],
        finishReason: { unified: "stop", raw: "stop" },
        usage: usage(20, 3),
        warnings: [],
      },
    ],
  });
  await generateText({
    model: gpt,
    prompt: "Weather in Paris?",
    tools: {
      weather: tool({
        inputSchema: z.object({ city: z.string() }),
        execute: ({ city }) => Promise.resolve(`sunny in ${city}`),
      }),
    },
    stopWhen: isStepCount(3),
    runtimeContext: { userId: "u-9", plan: "pro" },
    experimental_telemetry: {
      isEnabled: true,
      functionId: "weather-bot",
      includeRuntimeContext: { userId: true, plan: true },
      integrations: integration,
    },
  });
  const claude = new MockLanguageModelV4({
    provider: "anthropic.messages",
    modelId: "claude-haiku",
    doStream: {
      stream: convertArrayToReadableStream([
        { type: "stream-start", warnings: [] },
        { type: "text-start", id: "t" },
        { type: "text-delta", id: "t", delta: "Hi" },
        { type: "text-end", id: "t" },
        { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage: usage(7, 2) },
      ]),
    },
  });
  const stream = streamText({
    model: claude,
    prompt: "Hi",
    experimental_telemetry: { isEnabled: true, integrations: integration },
  });
  await stream.text;
}

const CASES = [
  {
    name: "GenAI semconv integration (OpenTelemetry), OTLP protobuf",
    exporter: ProtoExporter,
    integration: (tracer: ReturnType<BasicTracerProvider["getTracer"]>) =>
      new OpenTelemetry({ tracer, runtimeContext: true }),
    spans: 9,
    answer: "assistant: Sunny.",
  },
  {
    name: "classic ai.* integration (LegacyOpenTelemetry), OTLP JSON",
    exporter: JsonExporter,
    integration: (tracer: ReturnType<BasicTracerProvider["getTracer"]>) =>
      new LegacyOpenTelemetry({ tracer }),
    spans: 6,
    answer: "Sunny.",
  },
];

for (const c of CASES) {
  Deno.test(`Vercel AI SDK, ${c.name}: one event per model call`, async () => {
    await using t = await startTestMonitor({ env: { STORE_CONTENT: "true" } });
    await using server = serveOtlp(t);
    const exporter = new c.exporter({
      url: `${server.url}/v1/traces`,
      headers: { Authorization: `Bearer ${t.ingestKey}` },
    });
    const spans: string[] = [];
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ "service.name": "weather-app" }),
      spanProcessors: [
        { ...noopProcessor, onEnd: (s) => void spans.push(s.name) },
        new BatchSpanProcessor(exporter),
      ],
    });
    await runApp(c.integration(provider.getTracer("ai")));
    await provider.forceFlush();
    await provider.shutdown();
    assert.equal(spans.length, c.spans, spans.join(", "));

    assert.equal(await t.monitor.deps.flusher.drain(), 3, "3 model calls of 9 or 6 spans");
    const ids = await t.monitor.deps.store.listEventIds(t.projectId);
    const stored = await Promise.all(
      ids.map((id) => t.monitor.deps.store.getEvent(t.projectId, id)),
    );
    // Mock calls can share a millisecond: order by model, then tokens.
    const events = stored.filter((e) => e !== null).sort((a, b) =>
      a.model.localeCompare(b.model) || a.input_tokens - b.input_tokens
    );
    const summary = (e: StoredEvent) => [
      e.model,
      e.provider,
      e.endpoint,
      e.application,
      e.user_id,
      e.input_tokens,
      e.output_tokens,
      e.cached_input_tokens,
      e.status,
    ];
    assert.deepEqual(events.map(summary), [
      ["claude-haiku", "anthropic", "chat", "weather-app", null, 7, 2, 2, "success"],
      ["gpt-4o-mini", "openai", "weather-bot", "weather-app", "u-9", 10, 5, 2, "success"],
      ["gpt-4o-mini", "openai", "weather-bot", "weather-app", "u-9", 20, 3, 2, "success"],
    ]);
    const [streamed, toolCall, answer] = events as [StoredEvent, StoredEvent, StoredEvent];
    assert.equal(answer.output, c.answer);
    assert.match(answer.input ?? "", /^user: Weather in Paris\?/);
    assert.ok(
      streamed.time_to_first_token_ms !== null && streamed.time_to_first_token_ms > 0 &&
        streamed.time_to_first_token_ms <= (streamed.latency_ms ?? 0),
      `time to first token ${streamed.time_to_first_token_ms} within latency ${streamed.latency_ms}`,
    );
    assert.equal(toolCall.metadata?.plan, "pro");
  });
}

const noopProcessor = {
  onStart: () => {},
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};
