// Token counts from the usage blocks of OpenAI (chat and responses), Anthropic and Gemini, as
// the contract counts them: input_tokens includes cached input, output_tokens includes reasoning.
import type { CallFields } from "../call.ts";
import { num, obj } from "./adapter.ts";

export function usageFields(usage: unknown): CallFields {
  const u = obj(usage);
  // OpenAI chat completions and embeddings.
  if ("prompt_tokens" in u || "completion_tokens" in u) {
    return defined({
      input_tokens: num(u.prompt_tokens),
      output_tokens: num(u.completion_tokens),
      cached_input_tokens: num(obj(u.prompt_tokens_details).cached_tokens),
      reasoning_tokens: num(obj(u.completion_tokens_details).reasoning_tokens),
    });
  }
  // Anthropic: input_tokens excludes cache reads and writes.
  if ("cache_read_input_tokens" in u || "cache_creation_input_tokens" in u) {
    const input = num(u.input_tokens);
    const read = num(u.cache_read_input_tokens) ?? 0;
    const written = num(u.cache_creation_input_tokens) ?? 0;
    return defined({
      input_tokens: input === undefined ? undefined : input + read + written,
      output_tokens: num(u.output_tokens),
      cached_input_tokens: "cache_read_input_tokens" in u ? read : undefined,
      reasoning_tokens: num(obj(u.output_tokens_details).thinking_tokens),
    });
  }
  // Gemini usageMetadata: thoughts are billed as output but counted apart.
  if ("promptTokenCount" in u || "candidatesTokenCount" in u) {
    const thoughts = num(u.thoughtsTokenCount);
    const candidates = num(u.candidatesTokenCount);
    return defined({
      input_tokens: num(u.promptTokenCount),
      output_tokens: candidates === undefined && thoughts === undefined
        ? undefined
        : (candidates ?? 0) + (thoughts ?? 0),
      cached_input_tokens: num(u.cachedContentTokenCount),
      reasoning_tokens: thoughts,
    });
  }
  // OpenAI responses (and Anthropic without cache fields).
  return defined({
    input_tokens: num(u.input_tokens),
    output_tokens: num(u.output_tokens),
    cached_input_tokens: num(obj(u.input_tokens_details).cached_tokens),
    reasoning_tokens: num(obj(u.output_tokens_details).reasoning_tokens) ??
      num(obj(u.output_tokens_details).thinking_tokens),
  });
}

function defined(fields: CallFields): CallFields {
  const out: CallFields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}
