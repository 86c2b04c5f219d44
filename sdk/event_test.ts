import assert from "node:assert/strict";
import { buildEvent, mergeContext } from "./event.ts";

Deno.test("mergeContext() lets defined values win and merges metadata key by key", () => {
  const base = { endpoint: "a", user_id: "u", metadata: { x: 1, y: 2 } };
  assert.deepEqual(mergeContext(base, { endpoint: "b", user_id: undefined, metadata: { y: 3 } }), {
    endpoint: "b",
    user_id: "u",
    metadata: { x: 1, y: 3 },
  });
  assert.deepEqual(base, { endpoint: "a", user_id: "u", metadata: { x: 1, y: 2 } }, "unchanged");
});

Deno.test("buildEvent() keeps values within the contract's limits instead of losing the event", () => {
  const event = buildEvent(
    {
      id: "e1",
      timestamp: 1,
      model: "m".repeat(300),
      user_id: "u".repeat(250),
      error_message: "e".repeat(5_000),
      input: "i".repeat(50),
      input_tokens: 12.6,
      output_tokens: -3,
      cached_input_tokens: Number.NaN,
      latency_ms: -1,
      time_to_first_token_ms: 2 * 86_400_000,
    },
    {},
    10,
  );
  assert.deepEqual(event, {
    id: "e1",
    timestamp: 1,
    model: "m".repeat(200),
    user_id: "u".repeat(200),
    error_message: "e".repeat(4_000),
    input: "i".repeat(10),
    input_tokens: 13,
    latency_ms: 0,
    time_to_first_token_ms: 86_400_000,
  });
});

Deno.test("buildEvent() rejects what is not an object", () => {
  assert.throws(() => buildEvent(null as never, {}, 10), {
    name: "TypeError",
    message: "an event must be an object, got null",
  });
});
