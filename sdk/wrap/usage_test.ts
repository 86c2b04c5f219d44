import assert from "node:assert/strict";
import { usageFields } from "./usage.ts";

Deno.test("usageFields() reads OpenAI chat usage with cached and reasoning details", () => {
  assert.deepEqual(
    usageFields({
      prompt_tokens: 19,
      completion_tokens: 10,
      prompt_tokens_details: { cached_tokens: 6 },
      completion_tokens_details: { reasoning_tokens: 4 },
    }),
    { input_tokens: 19, output_tokens: 10, cached_input_tokens: 6, reasoning_tokens: 4 },
  );
  assert.deepEqual(usageFields({ prompt_tokens: 8, total_tokens: 8 }), { input_tokens: 8 });
});

Deno.test("usageFields() reads OpenAI responses usage", () => {
  assert.deepEqual(
    usageFields({
      input_tokens: 36,
      input_tokens_details: { cached_tokens: 12 },
      output_tokens: 87,
      output_tokens_details: { reasoning_tokens: 64 },
    }),
    { input_tokens: 36, output_tokens: 87, cached_input_tokens: 12, reasoning_tokens: 64 },
  );
});

Deno.test("usageFields() counts Anthropic cache reads and writes as input", () => {
  assert.deepEqual(
    usageFields({
      input_tokens: 25,
      cache_creation_input_tokens: 3,
      cache_read_input_tokens: 100,
      output_tokens: 15,
      output_tokens_details: { thinking_tokens: 5 },
    }),
    { input_tokens: 128, output_tokens: 15, cached_input_tokens: 100, reasoning_tokens: 5 },
  );
});

Deno.test("usageFields() counts Gemini thoughts as output and as reasoning", () => {
  assert.deepEqual(
    usageFields({
      promptTokenCount: 12,
      candidatesTokenCount: 30,
      thoughtsTokenCount: 8,
      cachedContentTokenCount: 4,
    }),
    { input_tokens: 12, output_tokens: 38, cached_input_tokens: 4, reasoning_tokens: 8 },
  );
});

Deno.test("usageFields() gives nothing for a missing or unknown block", () => {
  assert.deepEqual(usageFields(undefined), {});
  assert.deepEqual(usageFields({ tokens: 3 }), {});
});
