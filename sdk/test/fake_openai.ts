// A fake OpenAI API on 127.0.0.1 that answers like the real one: chat completions, responses
// and embeddings, JSON or server-sent events, usage blocks with cached and reasoning tokens.
// The model name picks the scenario: "error-429", "error-500", "slow" (answers after 400 ms).
import {
  delay,
  type FakeServer,
  json,
  type ReceivedRequest,
  sse,
  startFakeServer,
  type StreamStep,
} from "./fake_server.ts";

export const CHAT_USAGE = {
  prompt_tokens: 19,
  completion_tokens: 10,
  total_tokens: 29,
  prompt_tokens_details: { cached_tokens: 6, audio_tokens: 0 },
  completion_tokens_details: {
    reasoning_tokens: 4,
    audio_tokens: 0,
    accepted_prediction_tokens: 0,
    rejected_prediction_tokens: 0,
  },
};

export const RESPONSES_USAGE = {
  input_tokens: 36,
  input_tokens_details: { cached_tokens: 12 },
  output_tokens: 87,
  output_tokens_details: { reasoning_tokens: 64 },
  total_tokens: 123,
};

/** Pause before the first content token of a stream. */
export const FIRST_TOKEN_PAUSE_MS = 40;
const RESOLVED_MODEL = "gpt-4o-2024-08-06";

export function startFakeOpenAI(): FakeServer {
  return startFakeServer(async (request) => {
    const model = String(request.body.model);
    if (model === "error-429") {
      return json(
        {
          error: {
            message: "Rate limit reached for gpt-4o",
            type: "requests",
            param: null,
            code: "rate_limit_exceeded",
          },
        },
        429,
        { "retry-after-ms": "10" },
      );
    }
    if (model === "error-500") {
      return json({
        error: {
          message: "The server had an error while processing your request.",
          type: "server_error",
          param: null,
          code: null,
        },
      }, 500);
    }
    if (model === "slow") await delay(400);
    if (request.path.endsWith("/chat/completions")) return chat(request);
    if (request.path.endsWith("/responses")) return responses(request);
    if (request.path.endsWith("/embeddings")) {
      return json({
        object: "list",
        data: [{ object: "embedding", index: 0, embedding: [0.0023, -0.0093, 0.0155] }],
        model: "text-embedding-3-small",
        usage: { prompt_tokens: 8, total_tokens: 8 },
      });
    }
    return json(
      { error: { message: `no route ${request.path}`, type: "invalid_request_error" } },
      404,
    );
  });
}

function chat(request: ReceivedRequest): Response {
  const base = {
    id: "chatcmpl-1",
    created: 1_700_000_000,
    model: RESOLVED_MODEL,
    system_fingerprint: "fp_1",
  };
  if (request.body.stream !== true) {
    return json({
      ...base,
      object: "chat.completion",
      choices: [{
        index: 0,
        message: { role: "assistant", content: "Hello, world", refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: "stop",
      }],
      usage: CHAT_USAGE,
      service_tier: "default",
    });
  }
  const withUsage = (request.body.stream_options as { include_usage?: boolean } | undefined)
    ?.include_usage === true;
  const chunk = (delta: unknown, finish: string | null = null) => ({
    ...base,
    object: "chat.completion.chunk",
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...(withUsage ? { usage: null } : {}),
  });
  const steps: StreamStep[] = [
    { data: chunk({ role: "assistant", content: "", refusal: null }) },
    { pauseMs: FIRST_TOKEN_PAUSE_MS },
    { data: chunk({ content: "Hello" }) },
    { pauseMs: 10 },
    { data: chunk({ content: ", world" }) },
    { data: chunk({}, "stop") },
  ];
  if (withUsage) {
    steps.push({
      data: { ...base, object: "chat.completion.chunk", choices: [], usage: CHAT_USAGE },
    });
  }
  steps.push({ data: "[DONE]" });
  return sse(steps);
}

function responses(request: ReceivedRequest): Response {
  const item = { id: "msg_1", type: "message", status: "completed", role: "assistant" };
  const part = { type: "output_text", text: "Hello, world", annotations: [], logprobs: [] };
  const response = (status: string, done: boolean) => ({
    id: "resp_1",
    object: "response",
    created_at: 1_700_000_000,
    status,
    model: RESOLVED_MODEL,
    output: done ? [{ ...item, content: [part] }] : [],
    usage: done ? RESPONSES_USAGE : null,
    error: null,
    incomplete_details: null,
    parallel_tool_calls: true,
    tool_choice: "auto",
    tools: [],
  });
  if (request.body.stream !== true) return json(response("completed", true));
  let seq = 0;
  const event = (type: string, fields: Record<string, unknown>) => ({
    event: type,
    data: { type, sequence_number: seq++, ...fields },
  });
  const text = { item_id: "msg_1", output_index: 0, content_index: 0 };
  return sse([
    event("response.created", { response: response("in_progress", false) }),
    event("response.in_progress", { response: response("in_progress", false) }),
    event("response.output_item.added", {
      output_index: 0,
      item: { ...item, status: "in_progress", content: [] },
    }),
    event("response.content_part.added", { ...text, part: { ...part, text: "" } }),
    { pauseMs: FIRST_TOKEN_PAUSE_MS },
    event("response.output_text.delta", { ...text, delta: "Hello", logprobs: [] }),
    { pauseMs: 10 },
    event("response.output_text.delta", { ...text, delta: ", world", logprobs: [] }),
    event("response.output_text.done", { ...text, text: "Hello, world", logprobs: [] }),
    event("response.content_part.done", { ...text, part }),
    event("response.output_item.done", { output_index: 0, item: { ...item, content: [part] } }),
    event("response.completed", { response: response("completed", true) }),
  ]);
}
