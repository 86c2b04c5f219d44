// wrapFetch(): LLM calls made with plain fetch or through a client's `fetch` option, recorded into
// a real running monitor; other requests pass through unrecorded.
import assert from "node:assert/strict";
import Anthropic from "@anthropic-ai/sdk";
import { startFakeAnthropic } from "../sdk/test/fake_anthropic.ts";
import { FIRST_TOKEN_PAUSE_MS, startFakeOpenAI } from "../sdk/test/fake_openai.ts";
import { json, startFakeServer } from "../sdk/test/fake_server.ts";
import { startSdkSetup } from "./sdk_setup.ts";

const post = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

Deno.test("wrapFetch() records OpenAI-compatible calls: JSON, streamed, failed", async () => {
  await using setup = await startSdkSetup();
  await using fake = startFakeOpenAI();
  const recorded = setup.sdk.wrapFetch(fetch, { provider: "groq" });
  const messages = [{ role: "user", content: "hi" }];
  const plain = await recorded(
    `${fake.url}/chat/completions`,
    post({ model: "llama-3", messages }),
  );
  assert.equal((await plain.json()).choices[0].message.content, "Hello, world");
  const streamed = await recorded(
    `${fake.url}/chat/completions`,
    post({ model: "llama-3", messages, stream: true, stream_options: { include_usage: true } }),
  );
  const text = await streamed.text();
  assert.match(text, /data: \[DONE\]/, "the caller reads the whole stream");
  const limited = await recorded(`${fake.url}/chat/completions`, post({ model: "error-429" }));
  assert.equal(limited.status, 429);
  await limited.body?.cancel();
  const listing = await recorded(`${fake.url}/models`);
  await listing.body?.cancel();
  const events = await setup.events(3);
  assert.deepEqual(
    events.map((
      e,
    ) => [e.model, e.provider, e.status, e.input_tokens, e.output_tokens, e.status_code]),
    [
      ["llama-3", "groq", "success", 19, 10, 200],
      ["llama-3", "groq", "success", 19, 10, 200],
      ["error-429", "groq", "error", 0, 0, 429],
    ],
  );
  const ttft = events[1]!.time_to_first_token_ms as number;
  assert.ok(ttft >= FIRST_TOKEN_PAUSE_MS - 5, `ttft ${ttft}`);
  assert.deepEqual([events[2]!.error_type, events[2]!.error_message], [
    "rate_limit_exceeded",
    "Rate limit reached for gpt-4o",
  ]);
});

Deno.test("wrapFetch() as a client's fetch option records its calls", async () => {
  await using setup = await startSdkSetup();
  await using fake = startFakeAnthropic();
  const anthropic = new Anthropic({
    apiKey: "sk-ant-test",
    baseURL: fake.url.replace(/\/v1$/, ""),
    maxRetries: 0,
    fetch: setup.sdk.wrapFetch(),
  });
  const stream = await anthropic.messages.create({
    model: "claude-sonnet-5-5",
    max_tokens: 64,
    messages: [{ role: "user", content: "hi" }],
    stream: true,
  });
  for await (const _ of stream) { /* read to the end */ }
  const [event] = await setup.events(1);
  assert.deepEqual(
    [
      event!.model,
      event!.provider,
      event!.input_tokens,
      event!.output_tokens,
      event!.cached_input_tokens,
    ],
    ["claude-sonnet-5-5", "anthropic", 128, 15, 100],
  );
  assert.ok((event!.time_to_first_token_ms as number) > 0);
});

Deno.test("wrapFetch() reads Gemini's usageMetadata and the model from the path", async () => {
  await using setup = await startSdkSetup();
  await using gemini = startFakeServer(() =>
    json({
      candidates: [{
        content: { role: "model", parts: [{ text: "Hello" }] },
        finishReason: "STOP",
      }],
      usageMetadata: {
        promptTokenCount: 12,
        candidatesTokenCount: 30,
        thoughtsTokenCount: 8,
        cachedContentTokenCount: 4,
        totalTokenCount: 50,
      },
    })
  );
  const recorded = setup.sdk.wrapFetch(undefined, { provider: "google" });
  const response = await recorded(
    `${gemini.url}beta/models/gemini-2.5-flash:generateContent`,
    post({ contents: [{ role: "user", parts: [{ text: "hi" }] }] }),
  );
  await response.body?.cancel();
  const [event] = await setup.events(1);
  assert.deepEqual(
    [
      event!.model,
      event!.input_tokens,
      event!.output_tokens,
      event!.reasoning_tokens,
      event!.cached_input_tokens,
    ],
    ["gemini-2.5-flash", 12, 38, 8, 4],
  );
});
