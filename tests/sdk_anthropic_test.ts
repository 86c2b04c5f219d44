// The real `@anthropic-ai/sdk` package, pointed at a fake Anthropic API on 127.0.0.1, wrapped by
// the SDK that sends to a real running monitor: what the monitor stores for each kind of call.
import assert from "node:assert/strict";
import Anthropic from "@anthropic-ai/sdk";
import { FIRST_TOKEN_PAUSE_MS, startFakeAnthropic } from "../sdk/test/fake_anthropic.ts";
import { type ApiEvent, startSdkSetup } from "./sdk_setup.ts";

const messages = [{ role: "user" as const, content: "Say hello" }];

function client(baseURL: string) {
  return new Anthropic({
    apiKey: "sk-ant-test",
    baseURL: baseURL.replace(/\/v1$/, ""),
    maxRetries: 0,
  });
}

/** Input counts cache reads and writes (25 + 100 + 3); output counts thinking. */
const TOKENS = {
  input_tokens: 128,
  output_tokens: 15,
  cached_input_tokens: 100,
  reasoning_tokens: 5,
};

function tokens(event: ApiEvent) {
  const { input_tokens, output_tokens, cached_input_tokens, reasoning_tokens } = event;
  return { input_tokens, output_tokens, cached_input_tokens, reasoning_tokens };
}

function assertStreamTimed(event: ApiEvent) {
  const ttft = event.time_to_first_token_ms as number;
  const latency = event.latency_ms as number;
  assert.ok(
    ttft >= FIRST_TOKEN_PAUSE_MS - 5 && ttft <= latency,
    `ttft ${ttft}, latency ${latency}`,
  );
}

Deno.test("wrapAnthropic() records messages.create with its usage, cache reads included", async () => {
  await using setup = await startSdkSetup();
  await using fake = startFakeAnthropic();
  const anthropic = setup.sdk.wrapAnthropic(client(fake.url));
  const message = await anthropic.messages.create({
    model: "claude-sonnet-5-5",
    max_tokens: 256,
    messages,
  });
  assert.equal(message.content[0]!.type === "text" && message.content[0]!.text, "Hello, world");
  await anthropic.beta.messages.create({ model: "claude-beta", max_tokens: 256, messages });
  const [event, beta, more] = await setup.events();
  assert.equal(more, undefined);
  assert.deepEqual([beta!.model, beta!.input_tokens], ["claude-beta", 128]);
  assert.deepEqual([event!.model, event!.provider, event!.status], [
    "claude-sonnet-5-5",
    "anthropic",
    "success",
  ]);
  assert.deepEqual(tokens(event!), TOKENS);
  assert.ok((event!.latency_ms as number) > 0);
  assert.equal(event!.time_to_first_token_ms, null);
  assert.deepEqual(setup.errors, []);
});

Deno.test("wrapAnthropic() records a raw event stream with time to first token", async () => {
  await using setup = await startSdkSetup();
  await using fake = startFakeAnthropic();
  const anthropic = setup.sdk.wrapAnthropic(client(fake.url));
  const stream = await anthropic.messages.create({
    model: "claude-sonnet-5-5",
    max_tokens: 256,
    messages,
    stream: true,
  });
  const types: string[] = [];
  for await (const event of stream) types.push(event.type);
  assert.deepEqual(types, [
    "message_start",
    "content_block_start",
    "content_block_delta",
    "content_block_delta",
    "content_block_stop",
    "message_delta",
    "message_stop",
  ]);
  const [event] = await setup.events();
  assert.deepEqual(tokens(event!), TOKENS);
  assertStreamTimed(event!);
});

Deno.test("wrapAnthropic() records the messages.stream() helper once", async () => {
  await using setup = await startSdkSetup({
    env: { STORE_CONTENT: "true" },
    sdk: { captureContent: true },
  });
  await using fake = startFakeAnthropic();
  const anthropic = setup.sdk.withContext({ endpoint: "chat" }).wrapAnthropic(client(fake.url));
  const stream = anthropic.messages.stream({
    model: "claude-sonnet-5-5",
    max_tokens: 256,
    messages,
  });
  let text = "";
  stream.on("text", (delta) => (text += delta));
  const final = await stream.finalMessage();
  assert.equal(text, "Hello, world");
  assert.equal(final.usage.output_tokens, 15);
  const events = await setup.events();
  assert.equal(events.length, 1);
  assert.deepEqual(tokens(events[0]!), TOKENS);
  assert.deepEqual([events[0]!.endpoint, events[0]!.output], ["chat", "Hello, world"]);
  assert.equal(events[0]!.input, JSON.stringify(messages));
  assertStreamTimed(events[0]!);
});

Deno.test("wrapAnthropic() re-throws API errors unchanged, mid-stream ones included", async () => {
  await using setup = await startSdkSetup();
  await using fake = startFakeAnthropic();
  const anthropic = setup.sdk.wrapAnthropic(client(fake.url));
  const limited = await anthropic.messages.create({ model: "error-429", max_tokens: 8, messages })
    .catch((e) => e);
  assert.ok(limited instanceof Anthropic.RateLimitError);
  assert.equal(limited.status, 429);
  const overloaded = await anthropic.messages.create({
    model: "error-529",
    max_tokens: 8,
    messages,
  })
    .catch((e) => e);
  assert.ok(overloaded instanceof Anthropic.APIError);
  assert.equal(overloaded.status, 529);
  const stream = await anthropic.messages.create({
    model: "error-midstream",
    max_tokens: 8,
    messages,
    stream: true,
  });
  const midstream = await (async () => {
    for await (const _ of stream) { /* until the error event */ }
  })().catch((e) => e);
  assert.ok(midstream instanceof Anthropic.APIError);
  assert.match(midstream.message, /Overloaded/);
  const events = await setup.events();
  assert.deepEqual(events.map((e) => [e.model, e.status, e.status_code, e.error_type]), [
    ["error-429", "error", 429, "RateLimitError"],
    ["error-529", "error", 529, overloaded.constructor.name],
    ["error-midstream", "error", null, midstream.constructor.name],
  ]);
  assert.equal(events[2]!.input_tokens, 128, "usage seen before the error is kept");
});
