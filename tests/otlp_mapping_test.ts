// Span → event rules one at a time: which spans are model calls, provider names, status, time to
// first token, tokens, endpoint, content and the metadata budget.
import assert from "node:assert/strict";
import type { EventInput } from "../lib/ingest/event.ts";
import { toAttrs } from "../lib/otlp/attributes.ts";
import { decodeTraces } from "../lib/otlp/codec.ts";
import { classify, providerName, toEventInput } from "../lib/otlp/span_event.ts";
import { startTestMonitor } from "./_fixtures.ts";
import { otlpJson, postTraces, type TestSpan } from "./otlp_fixtures.ts";

const T = Date.parse("2026-11-01T10:00:00Z");

function decoded(spans: TestSpan[], resource: Record<string, string> = {}) {
  const request = decodeTraces(
    new TextEncoder().encode(JSON.stringify(otlpJson(spans, resource))),
    "json",
  );
  const rs = request.resourceSpans[0]!;
  return { spans: rs.scopeSpans[0]!.spans, resource: toAttrs(rs.resource?.attributes ?? []) };
}

function eventOf(
  span: Partial<TestSpan>,
  options: { storeContent?: boolean; resource?: Record<string, string> } = {},
): Partial<EventInput> {
  const { spans, resource } = decoded(
    [{ spanId: "00000000000000b1", name: "chat", startMs: T, durationMs: 100, ...span }],
    options.resource,
  );
  const s = spans[0]!;
  return toEventInput(
    { span: s, attrs: toAttrs(s.attributes), resource, ancestors: [] },
    options.storeContent ?? false,
  );
}

function classOf(name: string, attributes: TestSpan["attributes"], kind = 3) {
  const s = decoded([{
    spanId: "00000000000000c1",
    name,
    kind,
    startMs: T,
    durationMs: 1,
    attributes,
  }])
    .spans[0]!;
  return classify(s, toAttrs(s.attributes));
}

Deno.test("classify() counts model calls and leaves wrappers, agents, tools and steps out", () => {
  const cases: Array<[string, TestSpan["attributes"], number, string]> = [
    ["GET /health", { "http.request.method": "GET" }, 2, "not_genai"],
    ["chat gpt-4o", { "gen_ai.operation.name": "chat" }, 3, "model_call"],
    ["embeddings m", { "gen_ai.operation.name": "embeddings" }, 3, "model_call"],
    ["openai.chat", { "llm.request.type": "chat", "gen_ai.system": "openai" }, 3, "model_call"],
    ["invoke_agent a", { "gen_ai.operation.name": "invoke_agent" }, 1, "not_model_call"],
    ["invoke_agent remote", { "gen_ai.operation.name": "invoke_agent" }, 3, "model_call"],
    ["execute_tool t", { "gen_ai.operation.name": "execute_tool" }, 1, "not_model_call"],
    ["step 1", { "gen_ai.operation.name": "agent_step" }, 1, "not_model_call"],
    [
      "ai.generateText",
      { "ai.operationId": "ai.generateText", "ai.model.id": "m" },
      1,
      "not_model_call",
    ],
    [
      "ai.generateText.doGenerate",
      { "ai.operationId": "ai.generateText.doGenerate" },
      1,
      "model_call",
    ],
    ["ai.embed.doEmbed", { "ai.operationId": "ai.embed.doEmbed" }, 1, "model_call"],
    ["ai.toolCall", { "ai.operationId": "ai.toolCall" }, 1, "not_model_call"],
    ["llm", { "gen_ai.request.model": "m" }, 1, "model_call"],
    ["guardrail", { "gen_ai.guardrail.name": "pii" }, 1, "not_model_call"],
    ["OpenAI.chat", { "openinference.span.kind": "LLM" }, 1, "model_call"],
    ["embed", { "openinference.span.kind": "EMBEDDING" }, 1, "model_call"],
    ["query", { "openinference.span.kind": "CHAIN", "llm.model_name": "m" }, 1, "not_model_call"],
    ["retrieve", { "openinference.span.kind": "RETRIEVER" }, 1, "not_model_call"],
  ];
  for (const [name, attributes, kind, expected] of cases) {
    assert.equal(classOf(name, attributes, kind), expected, name);
  }
});

Deno.test("providerName() spells semantic-convention and SDK provider names as the dashboards do", () => {
  const cases: Array<[string, string]> = [
    ["openai", "openai"],
    ["Anthropic", "anthropic"],
    ["openai.chat", "openai"],
    ["anthropic.messages", "anthropic"],
    ["aws.bedrock", "bedrock"],
    ["amazon-bedrock", "bedrock"],
    ["azure.ai.openai", "azure"],
    ["gcp.vertex_ai", "google"],
    ["google.generative-ai", "google"],
    ["mistral_ai", "mistral"],
    ["x_ai", "xai"],
    ["groq", "groq"],
  ];
  for (const [raw, expected] of cases) assert.equal(providerName(raw), expected, raw);
});

Deno.test("toEventInput() tells timeouts from other errors", () => {
  const failed = (attributes: TestSpan["attributes"], message = "") =>
    eventOf({
      attributes: { "gen_ai.request.model": "m", ...attributes },
      status: { code: 2, message },
    });
  assert.deepEqual(
    [failed({}, "Request timed out.").status, failed({}, "Request timed out.").error_message],
    ["timeout", "Request timed out."],
  );
  assert.equal(failed({ "error.type": "DEADLINE_EXCEEDED" }).status, "timeout");
  assert.equal(failed({ "http.response.status_code": 504 }).status, "timeout");
  const limited = failed({ "error.type": "RateLimitError", "http.response.status_code": 429 });
  assert.deepEqual([limited.status, limited.error_type, limited.status_code], [
    "error",
    "RateLimitError",
    429,
  ]);
  const ok = eventOf({
    attributes: { "gen_ai.request.model": "m", "http.response.status_code": 200 },
  });
  assert.deepEqual([ok.status, ok.error_type, ok.status_code], ["success", undefined, 200]);
});

Deno.test("toEventInput() takes time to first token from attributes or the first-chunk event", () => {
  const seconds = eventOf({
    attributes: { "gen_ai.request.model": "m", "gen_ai.response.time_to_first_chunk": 0.4 },
  });
  assert.equal(seconds.time_to_first_token_ms, 400);
  const chunks = eventOf({
    attributes: { "gen_ai.request.model": "m" },
    events: [
      { name: "llm.content.completion.chunk", atMs: T + 180 },
      { name: "llm.content.completion.chunk", atMs: T + 120 },
    ],
  });
  assert.equal(chunks.time_to_first_token_ms, 120);
  assert.equal(
    eventOf({ attributes: { "gen_ai.request.model": "m" } }).time_to_first_token_ms,
    undefined,
  );
});

Deno.test("toEventInput() prefers the response model, reads older token names and totals", () => {
  const e = eventOf({
    attributes: {
      "gen_ai.request.model": "gpt-4o",
      "gen_ai.response.model": "gpt-4o-2024-08-06",
      "llm.usage.total_tokens": 30,
      "gen_ai.usage.completion_tokens": 10,
      "gen_ai.usage.reasoning_tokens": -1,
    },
  });
  assert.deepEqual(
    [
      e.model,
      e.input_tokens,
      e.output_tokens,
      e.reasoning_tokens,
      e.metadata?.["gen_ai.request.model"],
    ],
    ["gpt-4o-2024-08-06", 20, 10, undefined, "gpt-4o"],
  );
});

Deno.test("toEventInput() reads OpenLLMetry's underscore names and the newer cache names", () => {
  const oldNames = eventOf({
    attributes: {
      "gen_ai.request.model": "claude-haiku-4-5",
      "gen_ai.usage.prompt_tokens": 40,
      "gen_ai.usage.completion_tokens": 8,
      "gen_ai.usage.cache_read_input_tokens": 30,
      "gen_ai.usage.cache_creation_input_tokens": 10,
    },
  });
  const newNames = eventOf({
    attributes: {
      "gen_ai.request.model": "claude-haiku-4-5",
      "gen_ai.usage.input_tokens": 40,
      "gen_ai.usage.output_tokens": 8,
      "gen_ai.usage.cache_read.input_tokens": 30,
      "gen_ai.usage.cache_creation.input_tokens": 10,
    },
  });
  const read = (e: Partial<EventInput>) => [e.input_tokens, e.output_tokens, e.cached_input_tokens];
  assert.deepEqual([read(oldNames), read(newNames)], [[40, 8, 30], [40, 8, 30]]);
  assert.equal(oldNames.metadata?.["gen_ai.usage.cache_creation_input_tokens"], 10);
  assert.equal(newNames.metadata?.["gen_ai.usage.cache_creation.input_tokens"], 10);
});

Deno.test("toEventInput() names the endpoint from the agent, a custom span name, or the operation", () => {
  const model = { "gen_ai.operation.name": "chat", "gen_ai.request.model": "m" };
  assert.equal(eventOf({ name: "chat m", attributes: model }).endpoint, "chat");
  assert.equal(
    eventOf({ name: "summarize-ticket", attributes: model }).endpoint,
    "summarize-ticket",
  );
  assert.equal(
    eventOf({ name: "chat m", attributes: { ...model, "gen_ai.agent.name": "triage" } }).endpoint,
    "triage",
  );
  assert.equal(
    eventOf({ attributes: model }, { resource: { "service.name": "unknown_service:deno" } })
      .application,
    undefined,
  );
});

Deno.test("toEventInput() keeps content only when asked and never in metadata", () => {
  const attributes = {
    "gen_ai.request.model": "m",
    "gen_ai.input.messages": JSON.stringify([{
      role: "user",
      parts: [{ type: "text", content: "hi" }],
    }]),
    "gen_ai.output.messages": JSON.stringify([{
      role: "assistant",
      parts: [{ type: "text", content: "yo" }],
    }]),
    "http.request.header.authorization": "Bearer sk-123",
    "openai.api_key": "sk-456",
    "team": "search",
  };
  const off = eventOf({ attributes });
  assert.deepEqual([off.input, off.output], [undefined, undefined]);
  assert.deepEqual(off.metadata, { "otel.span.name": "chat", team: "search" });
  const on = eventOf({ attributes }, { storeContent: true });
  assert.deepEqual([on.input, on.output], ["user: hi", "assistant: yo"]);
});

Deno.test("toEventInput() fits metadata in 4 KiB, custom tags first, and drops the rest", () => {
  const attributes: Record<string, string> = { "gen_ai.request.model": "m" };
  for (let i = 0; i < 100; i++) attributes[`attr.${String(i).padStart(3, "0")}`] = "x".repeat(300);
  attributes["traceloop.association.properties.customer"] = "acme";
  const { metadata } = eventOf({ attributes });
  assert.ok(metadata);
  assert.ok(new TextEncoder().encode(JSON.stringify(metadata)).length <= 4096);
  assert.deepEqual(Object.keys(metadata), [
    "customer",
    "otel.span.name",
    ...Array.from({ length: 14 }, (_, i) => `attr.${String(i).padStart(3, "0")}`),
  ]);
  assert.equal(metadata["attr.000"], `${"x".repeat(255)}…`);
});

Deno.test("POST /v1/traces counts a framework span wrapping a provider span once, with its tags", async () => {
  await using t = await startTestMonitor();
  const response = await postTraces(
    t,
    otlpJson([
      {
        spanId: "00000000000000d1",
        name: "ChatOpenAI.chat",
        kind: 1,
        startMs: Date.now() - 1000,
        durationMs: 500,
        attributes: {
          "llm.request.type": "chat",
          "gen_ai.request.model": "gpt-4o",
          "traceloop.association.properties.run": "r-1",
        },
      },
      {
        spanId: "00000000000000d2",
        parentSpanId: "00000000000000d1",
        name: "openai.chat",
        startMs: Date.now() - 990,
        durationMs: 480,
        attributes: {
          "llm.request.type": "chat",
          "gen_ai.system": "openai",
          "gen_ai.request.model": "gpt-4o",
          "gen_ai.usage.input_tokens": 5,
        },
      },
    ], { "service.name": "langchain-app" }),
  );
  assert.equal(response.status, 200);
  assert.match(
    (await response.json()).partialSuccess.errorMessage,
    /^1 accepted; 1 span\(s\) skipped, not rejected: 0 without GenAI attributes, 1 GenAI span/,
  );
  await t.monitor.deps.flusher.drain();
  const ids = await t.monitor.deps.store.listEventIds(t.projectId);
  assert.deepEqual(ids, ["4bf92f3577b34da6a3ce929d0e0e4736-00000000000000d2"]);
  const event = await t.monitor.deps.store.getEvent(t.projectId, ids[0]!);
  assert.equal(event?.metadata?.run, "r-1");
  assert.equal(event?.input_tokens, 5);
});
