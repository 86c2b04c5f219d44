// Wrapper behaviour on clients shaped like the OpenAI and Anthropic SDKs (structural fakes, no
// network to a provider), runtime-neutral like cases.ts. The real SDKs against fake provider
// servers are tested in tests/sdk_openai_test.ts and tests/sdk_anthropic_test.ts.
import assert from "node:assert/strict";
import type { Monitor } from "../mod.ts";
import { type Case, waitFor } from "./_case.ts";
import type { FakeIngest, Harness } from "./harness.ts";

export const wrapCases: Case[] = [];
const test = (name: string, fn: Case["fn"]) => wrapCases.push({ name, fn });

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function withMonitor(
  h: Harness,
  fn: (monitor: Monitor, ingest: FakeIngest) => Promise<void>,
  captureContent = false,
) {
  const ingest = await h.startIngest();
  const monitor = h.createMonitor({
    endpoint: ingest.url,
    apiKey: "k",
    flushOnExit: false,
    captureContent,
  });
  try {
    await fn(monitor, ingest);
  } finally {
    await monitor.shutdown({ timeoutMs: 1_000 });
    await ingest.close();
  }
}

async function recorded(monitor: Monitor, ingest: FakeIngest) {
  await monitor.flush();
  return ingest.requests.flatMap((r) => r.events);
}

class RateLimitError extends Error {
  readonly status = 429;
}

const chatUsage = {
  prompt_tokens: 19,
  completion_tokens: 10,
  total_tokens: 29,
  prompt_tokens_details: { cached_tokens: 6 },
  completion_tokens_details: { reasoning_tokens: 4 },
};

function chunk(choices: unknown[], usage: unknown = null) {
  return { id: "c1", object: "chat.completion.chunk", model: "gpt-4o-2024-08-06", choices, usage };
}

interface Chunk {
  choices: { delta: { content?: string } }[];
}
interface Completion {
  choices: { message: { content: string } }[];
}
interface FakeCreate {
  (params: { model: string; stream?: false; messages?: unknown[] }): Promise<Completion>;
  (params: { model: string; stream: true }): Promise<AsyncIterable<Chunk>>;
}
type AnthropicEvent = { type: string; delta?: { text?: string } };

/** A client with the shape of `openai`'s: chat.completions.create. */
function fakeOpenAI() {
  const seen: Record<string, unknown>[] = [];
  const create = async (params: Record<string, unknown>) => {
    seen.push(params);
    await delay(20);
    if (params.model === "limited") throw new RateLimitError("Rate limit reached");
    if (!params.stream) {
      return {
        model: "gpt-4o-2024-08-06",
        choices: [{ index: 0, message: { role: "assistant", content: "Hello!" } }],
        usage: chatUsage,
      };
    }
    const withUsage = (params.stream_options as { include_usage?: boolean })?.include_usage;
    return (async function* () {
      yield chunk([{ index: 0, delta: { role: "assistant", content: "" } }]);
      await delay(15);
      yield chunk([{ index: 0, delta: { content: "Hel" } }]);
      yield chunk([{ index: 0, delta: { content: "lo!" }, finish_reason: "stop" }]);
      if (withUsage) yield chunk([], chatUsage);
    })();
  };
  return { seen, client: { chat: { completions: { create: create as unknown as FakeCreate } } } };
}

test("wrapOpenAI() records a chat completion's model, provider, tokens and latency", async (h) => {
  await withMonitor(h, async (monitor, ingest) => {
    const { client } = fakeOpenAI();
    const openai = monitor.withContext({ endpoint: "greet" }).wrapOpenAI(client);
    const completion = await openai.chat.completions.create({ model: "gpt-4o", messages: [] });
    assert.equal(completion.choices[0]!.message.content, "Hello!");
    const [event] = await recorded(monitor, ingest);
    assert.deepEqual({ ...event, id: undefined, timestamp: undefined, latency_ms: undefined }, {
      id: undefined,
      timestamp: undefined,
      latency_ms: undefined,
      model: "gpt-4o",
      provider: "openai",
      endpoint: "greet",
      status: "success",
      input_tokens: 19,
      output_tokens: 10,
      cached_input_tokens: 6,
      reasoning_tokens: 4,
    });
    assert.ok((event!.latency_ms as number) >= 15, `latency ${event!.latency_ms}`);
  });
});

test("wrapOpenAI() asks a chat stream for usage, hides that chunk and times the first token", async (h) => {
  await withMonitor(h, async (monitor, ingest) => {
    const { client, seen } = fakeOpenAI();
    const openai = monitor.wrapOpenAI(client);
    const stream = await openai.chat.completions.create({ model: "gpt-4o", stream: true });
    const texts: string[] = [];
    for await (const c of stream) texts.push(c.choices[0]!.delta.content ?? "");
    assert.deepEqual(texts, ["", "Hel", "lo!"], "the caller sees the chunks it asked for");
    assert.deepEqual(seen[0]!.stream_options, { include_usage: true });
    const [event] = await recorded(monitor, ingest);
    assert.equal(event!.input_tokens, 19);
    assert.equal(event!.output_tokens, 10);
    const ttft = event!.time_to_first_token_ms as number;
    assert.ok(ttft >= 30 && ttft <= (event!.latency_ms as number), `ttft ${ttft}`);
  });
});

test("wrapOpenAI() re-throws the SDK's error unchanged and records it", async (h) => {
  await withMonitor(h, async (monitor, ingest) => {
    const openai = monitor.wrapOpenAI(fakeOpenAI().client);
    const error = await openai.chat.completions.create({ model: "limited" }).catch((e) => e);
    assert.ok(error instanceof RateLimitError);
    assert.equal(error.message, "Rate limit reached");
    const [event] = await recorded(monitor, ingest);
    assert.equal(event!.status, "error");
    assert.equal(event!.status_code, 429);
    assert.equal(event!.error_type, "RateLimitError");
    assert.equal(event!.error_message, "Rate limit reached");
  });
});

test("wrapAnthropic() records a streamed message with cache reads counted as input", async (h) => {
  await withMonitor(h, async (monitor, ingest) => {
    const create = async (_params: { model: string; stream: true }) => {
      await delay(10);
      return (async function* () {
        const usage = { input_tokens: 25, cache_read_input_tokens: 100, output_tokens: 1 };
        yield { type: "message_start", message: { model: "claude-x", usage } };
        yield { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } };
        await delay(10);
        yield { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hi" } };
        yield {
          type: "message_delta",
          delta: { stop_reason: "end_turn" },
          usage: { output_tokens: 12 },
        };
        yield { type: "message_stop" };
      })() as AsyncIterable<AnthropicEvent>;
    };
    const anthropic = monitor.wrapAnthropic({ messages: { create } });
    const stream = await anthropic.messages.create({ model: "claude-x", stream: true });
    let text = "";
    for await (const e of stream) if (e.type === "content_block_delta") text += e.delta?.text;
    assert.equal(text, "Hi");
    const [event] = await recorded(monitor, ingest);
    assert.equal(event!.provider, "anthropic");
    assert.equal(event!.input_tokens, 125);
    assert.equal(event!.cached_input_tokens, 100);
    assert.equal(event!.output_tokens, 12);
    assert.ok((event!.time_to_first_token_ms as number) >= 15);
  }, true);
});

test("observe() records a result's usage, and a failure with the error re-thrown", async (h) => {
  await withMonitor(h, async (monitor, ingest) => {
    const result = await monitor.observe(async () => {
      await delay(10);
      return { text: "ok", usage: { input_tokens: 3, output_tokens: 4 } };
    }, { model: "local-llm", provider: "self-hosted" });
    assert.equal(result.text, "ok");
    const boom = new TypeError("connection reset");
    const caught = await monitor.observe(() => Promise.reject(boom), { model: "local-llm" })
      .catch((e) => e);
    assert.equal(caught, boom);
    const tokens = await monitor.observe(() => "done", {
      model: "local-llm",
      fromResult: (r) => ({ output_tokens: r.length }),
    });
    assert.equal(tokens, "done");
    const events = await recorded(monitor, ingest);
    assert.deepEqual(events.map((e) => [e.status, e.input_tokens, e.output_tokens, e.error_type]), [
      ["success", 3, 4, undefined],
      ["error", undefined, undefined, "TypeError"],
      ["success", undefined, 4, undefined],
    ]);
    assert.ok((events[0]!.latency_ms as number) >= 5);
  });
});

test("startCall() times a call by hand, first token included, and records it once", async (h) => {
  await withMonitor(h, async (monitor, ingest) => {
    const call = monitor.startCall({ model: "m", user_id: "u" });
    await delay(10);
    call.firstToken();
    await delay(10);
    call.end({ output_tokens: 7 });
    call.fail(new Error("too late"));
    await waitFor(() => call.done, "the call to end");
    const [event, more] = await recorded(monitor, ingest);
    assert.equal(more, undefined);
    assert.equal(event!.status, "success");
    assert.equal(event!.user_id, "u");
    assert.ok((event!.time_to_first_token_ms as number) >= 8);
    assert.ok((event!.latency_ms as number) > (event!.time_to_first_token_ms as number));
  });
});
