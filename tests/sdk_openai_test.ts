// The real `openai` package, pointed at a fake OpenAI API on 127.0.0.1, wrapped by the SDK that
// sends to a real running monitor: what the monitor stores for each kind of call.
import assert from "node:assert/strict";
import OpenAI from "openai";
import { FIRST_TOKEN_PAUSE_MS, startFakeOpenAI } from "../sdk/test/fake_openai.ts";
import { type ApiEvent, startSdkSetup } from "./sdk_setup.ts";

const messages = [{ role: "user" as const, content: "Say hello" }];

function client(baseURL: string, options: { timeout?: number } = {}) {
  return new OpenAI({ apiKey: "sk-test", baseURL, maxRetries: 0, ...options });
}

function assertTimed(event: ApiEvent, streamed: boolean) {
  const latency = event.latency_ms as number;
  assert.ok(latency > 0, `latency_ms ${latency}`);
  if (!streamed) return assert.equal(event.time_to_first_token_ms, null);
  const ttft = event.time_to_first_token_ms as number;
  assert.ok(
    ttft >= FIRST_TOKEN_PAUSE_MS - 5 && ttft <= latency,
    `ttft ${ttft}, latency ${latency}`,
  );
}

const CHAT_TOKENS = {
  input_tokens: 19,
  output_tokens: 10,
  cached_input_tokens: 6,
  reasoning_tokens: 4,
};

function tokens(event: ApiEvent) {
  const { input_tokens, output_tokens, cached_input_tokens, reasoning_tokens } = event;
  return { input_tokens, output_tokens, cached_input_tokens, reasoning_tokens };
}

Deno.test("wrapOpenAI() records chat.completions.create with its model, provider and usage", async () => {
  await using setup = await startSdkSetup();
  await using fake = startFakeOpenAI();
  const openai = setup.sdk.wrapOpenAI(client(fake.url));
  const completion = await openai.chat.completions.create({ model: "gpt-4o", messages });
  assert.equal(completion.choices[0]!.message.content, "Hello, world");
  assert.equal(completion.usage?.prompt_tokens, 19);
  const [event, more] = await setup.events();
  assert.equal(more, undefined);
  assert.equal(event!.model, "gpt-4o");
  assert.equal(event!.provider, "openai");
  assert.equal(event!.status, "success");
  assert.equal(event!.endpoint, "default");
  assert.deepEqual(tokens(event!), CHAT_TOKENS);
  assertTimed(event!, false);
  assert.deepEqual(setup.errors, []);
});

Deno.test("wrapOpenAI() asks a chat stream for usage, hides that chunk from the caller and times the first token", async () => {
  await using setup = await startSdkSetup();
  await using fake = startFakeOpenAI();
  const plain = client(fake.url);
  const openai = setup.sdk.wrapOpenAI(plain);
  const read = async (stream: AsyncIterable<OpenAI.ChatCompletionChunk>) => {
    const seen: unknown[] = [];
    for await (const chunk of stream) seen.push(chunk.choices);
    return seen;
  };
  const expected = await read(
    await plain.chat.completions.create({ model: "gpt-4o", messages, stream: true }),
  );
  const got = await read(
    await openai.chat.completions.create({ model: "gpt-4o", messages, stream: true }),
  );
  assert.deepEqual(got, expected, "the caller iterates what it would have without the wrapper");
  assert.equal(fake.requests[0]!.body.stream_options, undefined);
  assert.deepEqual(fake.requests[1]!.body.stream_options, { include_usage: true });
  const [event] = await setup.events();
  assert.equal(event!.model, "gpt-4o");
  assert.deepEqual(tokens(event!), CHAT_TOKENS);
  assertTimed(event!, true);
});

Deno.test("wrapOpenAI() keeps a caller's own stream_options", async () => {
  await using setup = await startSdkSetup();
  await using fake = startFakeOpenAI();
  const openai = setup.sdk.wrapOpenAI(client(fake.url));
  let usageChunks = 0;
  const withUsage = await openai.chat.completions.create({
    model: "gpt-4o",
    messages,
    stream: true,
    stream_options: { include_usage: true },
  });
  for await (const chunk of withUsage) if (chunk.usage) usageChunks++;
  assert.equal(usageChunks, 1, "asked for: not hidden");
  const without = await openai.chat.completions.create({
    model: "gpt-4o-mini",
    messages,
    stream: true,
    stream_options: { include_usage: false },
  });
  for await (const _ of without) { /* read to the end */ }
  assert.deepEqual(fake.requests[1]!.body.stream_options, { include_usage: false });
  const [first, second] = await setup.events();
  assert.equal(first!.input_tokens, 19);
  assert.deepEqual([second!.model, second!.input_tokens, second!.output_tokens], [
    "gpt-4o-mini",
    0,
    0,
  ]);
});

Deno.test("wrapOpenAI() re-throws API errors unchanged and records status, type and code", async () => {
  await using setup = await startSdkSetup();
  await using fake = startFakeOpenAI();
  const openai = setup.sdk.wrapOpenAI(client(fake.url));
  const limited = await openai.chat.completions.create({ model: "error-429", messages })
    .catch((e) => e);
  assert.ok(limited instanceof OpenAI.RateLimitError);
  assert.equal(limited.status, 429);
  assert.match(limited.message, /Rate limit reached for gpt-4o/);
  const failed = await openai.responses.create({ model: "error-500", input: "hi", stream: true })
    .catch((e) => e);
  assert.ok(failed instanceof OpenAI.InternalServerError);
  const events = await setup.events();
  assert.deepEqual(events.map((e) => [e.model, e.status, e.status_code, e.error_type]), [
    ["error-429", "error", 429, "RateLimitError"],
    ["error-500", "error", 500, "InternalServerError"],
  ]);
  assert.match(events[0]!.error_message as string, /Rate limit reached for gpt-4o/);
});

Deno.test("wrapOpenAI() records a client timeout as status timeout", async () => {
  await using setup = await startSdkSetup();
  await using fake = startFakeOpenAI();
  const openai = setup.sdk.wrapOpenAI(client(fake.url, { timeout: 50 }));
  const error = await openai.chat.completions.create({ model: "slow", messages }).catch((e) => e);
  assert.ok(error instanceof OpenAI.APIConnectionTimeoutError);
  const [event] = await setup.events();
  assert.deepEqual([event!.status, event!.error_type], ["timeout", "APIConnectionTimeoutError"]);
  assert.ok((event!.latency_ms as number) >= 45);
});

Deno.test("wrapOpenAI() records responses.create, streamed and not", async () => {
  await using setup = await startSdkSetup();
  await using fake = startFakeOpenAI();
  const openai = setup.sdk.wrapOpenAI(client(fake.url));
  const response = await openai.responses.create({ model: "gpt-5", input: "Say hello" });
  assert.equal(response.output_text, "Hello, world");
  const stream = await openai.responses.create({
    model: "gpt-5",
    input: "Say hello",
    stream: true,
  });
  let text = "";
  for await (const event of stream) {
    if (event.type === "response.output_text.delta") text += event.delta;
  }
  assert.equal(text, "Hello, world");
  const events = await setup.events();
  const expected = {
    input_tokens: 36,
    output_tokens: 87,
    cached_input_tokens: 12,
    reasoning_tokens: 64,
  };
  assert.deepEqual(events.map(tokens), [expected, expected]);
  assertTimed(events[0]!, false);
  assertTimed(events[1]!, true);
});

Deno.test("wrapOpenAI() records the SDK's helpers once each: stream(), parse(), withResponse()", async () => {
  await using setup = await startSdkSetup();
  await using fake = startFakeOpenAI();
  const openai = setup.sdk.wrapOpenAI(client(fake.url));
  const runner = openai.chat.completions.stream({ model: "helper-stream", messages });
  const final = await runner.finalChatCompletion();
  assert.equal(final.choices[0]!.message.content, "Hello, world");
  const parsed = await openai.chat.completions.parse({ model: "helper-parse", messages });
  assert.equal(parsed.choices[0]!.message.content, "Hello, world");
  const { data, response } = await openai.chat.completions
    .create({ model: "with-response", messages })
    .withResponse();
  assert.equal(data.usage?.completion_tokens, 10);
  assert.equal(response.status, 200);
  const raw = await openai.chat.completions.create({ model: "as-response", messages }).asResponse();
  assert.equal((await raw.json()).usage.prompt_tokens, 19, "the raw body is the caller's to read");
  const events = await setup.events();
  assert.deepEqual(events.map((e) => [e.model, e.input_tokens]), [
    ["helper-stream", 19],
    ["helper-parse", 19],
    ["with-response", 19],
    ["as-response", 0],
  ]);
  assertTimed(events[0]!, true);
});

Deno.test("wrapOpenAI() records embeddings and concurrent calls, each once", async () => {
  await using setup = await startSdkSetup();
  await using fake = startFakeOpenAI();
  const openai = setup.sdk.wrapOpenAI(client(fake.url));
  const embedding = await openai.embeddings.create({
    model: "text-embedding-3-small",
    input: "hi",
  });
  assert.equal(embedding.data[0]!.embedding.length, 3);
  await Promise.all(
    Array.from(
      { length: 20 },
      (_, i) => openai.chat.completions.create({ model: "gpt-4o", messages, user: `u${i}` }),
    ),
  );
  const events = await setup.events();
  assert.equal(events.length, 21);
  assert.equal(new Set(events.map((e) => e.id)).size, 21);
  const first = events.find((e) => e.model === "text-embedding-3-small");
  assert.deepEqual([first!.input_tokens, first!.output_tokens], [8, 0]);
});

Deno.test("wrapOpenAI() under withContext() records context, and content when asked", async () => {
  await using setup = await startSdkSetup({
    env: { STORE_CONTENT: "true" },
    sdk: { captureContent: true, context: { application: "web", metadata: { region: "eu" } } },
  });
  await using fake = startFakeOpenAI();
  const scoped = setup.sdk.withContext({
    endpoint: "greeting",
    user_id: "user-7",
    session_id: "s-1",
    trace_id: "t-1",
    metadata: { plan: "pro" },
  });
  const openai = scoped.wrapOpenAI(client(fake.url));
  const stream = await openai.chat.completions.create({ model: "gpt-4o", messages, stream: true });
  for await (const _ of stream) { /* read to the end */ }
  const [event] = await setup.events();
  const { endpoint, application, user_id, session_id, trace_id, metadata, input, output } = event!;
  assert.deepEqual(
    { endpoint, application, user_id, session_id, trace_id, metadata, input, output },
    {
      endpoint: "greeting",
      application: "web",
      user_id: "user-7",
      session_id: "s-1",
      trace_id: "t-1",
      metadata: { region: "eu", plan: "pro" },
      input: JSON.stringify(messages),
      output: "Hello, world",
    },
  );
});
