// A fake Anthropic Messages API on 127.0.0.1 that answers like the real one: a message with its
// usage block (cache reads and writes, thinking tokens) or the raw event stream.
// The model name picks the scenario: "error-429", "error-529", "error-midstream".
import { type FakeServer, json, sse, startFakeServer } from "./fake_server.ts";

export const MESSAGE_USAGE = {
  input_tokens: 25,
  cache_creation_input_tokens: 3,
  cache_read_input_tokens: 100,
  cache_creation: { ephemeral_5m_input_tokens: 3, ephemeral_1h_input_tokens: 0 },
  output_tokens: 15,
  output_tokens_details: { thinking_tokens: 5 },
  server_tool_use: null,
  service_tier: "standard",
};

export const FIRST_TOKEN_PAUSE_MS = 40;
const RESOLVED_MODEL = "claude-sonnet-5-5-20260301";

function error(status: number, type: string, message: string): Response {
  return json({ type: "error", error: { type, message }, request_id: "req_1" }, status, {
    "retry-after": "0",
  });
}

export function startFakeAnthropic(): FakeServer {
  return startFakeServer((request) => {
    const model = String(request.body.model);
    if (model === "error-429") {
      return error(
        429,
        "rate_limit_error",
        "Number of request tokens has exceeded your rate limit",
      );
    }
    if (model === "error-529") return error(529, "overloaded_error", "Overloaded");
    if (!request.path.endsWith("/messages")) return error(404, "not_found_error", "Not found");
    return request.body.stream === true ? stream(model) : message();
  });
}

function message() {
  return json({
    id: "msg_1",
    type: "message",
    role: "assistant",
    model: RESOLVED_MODEL,
    content: [{ type: "text", text: "Hello, world", citations: null }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: MESSAGE_USAGE,
  });
}

function stream(model: string): Response {
  const start = {
    id: "msg_1",
    type: "message",
    role: "assistant",
    model: RESOLVED_MODEL,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { ...MESSAGE_USAGE, output_tokens: 1, output_tokens_details: null },
  };
  const event = (type: string, fields: Record<string, unknown> = {}) => ({
    event: type,
    data: { type, ...fields },
  });
  const delta = (text: string) =>
    event("content_block_delta", { index: 0, delta: { type: "text_delta", text } });
  const head = [
    event("message_start", { message: start }),
    event("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
    event("ping"),
    { pauseMs: FIRST_TOKEN_PAUSE_MS },
    delta("Hello"),
  ];
  if (model === "error-midstream") {
    return sse([
      ...head,
      { pauseMs: 5 },
      event("error", { error: { type: "overloaded_error", message: "Overloaded" } }),
    ]);
  }
  return sse([
    ...head,
    { pauseMs: 10 },
    delta(", world"),
    event("content_block_stop", { index: 0 }),
    event("message_delta", {
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: {
        input_tokens: null,
        cache_creation_input_tokens: null,
        cache_read_input_tokens: null,
        output_tokens: 15,
        output_tokens_details: { thinking_tokens: 5 },
        server_tool_use: null,
      },
    }),
    event("message_stop"),
  ]);
}
