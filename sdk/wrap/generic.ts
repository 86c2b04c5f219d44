// An adapter for responses of unknown origin (observe(), fetch to other APIs): it finds usage
// blocks in the OpenAI, Anthropic and Gemini shapes and treats any text delta as a token.
import type { CallFields } from "../call.ts";
import { type Adapter, CONTENT, type Json, mergeDefined, obj, str, text } from "./adapter.ts";
import { usageFields } from "./usage.ts";

export function genericAdapter(provider?: string): Adapter {
  return {
    prepare(params, capture) {
      const p = obj(params);
      const input = p.messages ?? p.input ?? p.prompt ?? p.contents;
      return {
        params,
        fields: {
          model: str(p.model) ?? "unknown",
          provider,
          input: capture ? text(input) : undefined,
        },
        stream: p.stream === true,
        hideUsageChunk: false,
      };
    },
    result(data, capture) {
      const d = obj(data);
      const fields = usageFields(usageOf(d) ?? {});
      const output = capture ? outputText(d) : undefined;
      return output === undefined ? fields : { ...fields, output };
    },
    stream(_prepared, capture) {
      const usage: Json = {};
      const parts: string[] = [];
      return {
        chunk(chunk) {
          const c = obj(chunk);
          const found = usageOf(c);
          if (found) mergeDefined(usage, found);
          const delta = deltaText(c);
          if (delta === undefined) return 0;
          if (capture) parts.push(delta);
          return CONTENT;
        },
        end(): CallFields {
          const fields = usageFields(usage);
          return capture && parts.length > 0 ? { ...fields, output: parts.join("") } : fields;
        },
      };
    },
  };
}

function usageOf(d: Json): unknown {
  return d.usage ?? d.usageMetadata ?? obj(d.message).usage ?? obj(d.response).usage;
}

function firstChoice(d: Json): Json {
  return obj(Array.isArray(d.choices) ? d.choices[0] : undefined);
}

function geminiText(d: Json): string | undefined {
  const candidate = obj(Array.isArray(d.candidates) ? d.candidates[0] : undefined);
  const parts = obj(candidate.content).parts;
  if (!Array.isArray(parts)) return undefined;
  return parts.map((p) => str(obj(p).text) ?? "").join("");
}

function outputText(d: Json): string | undefined {
  const choice = firstChoice(d);
  return str(obj(choice.message).content) ?? str(choice.text) ?? geminiText(d) ??
    (Array.isArray(d.content) ? text(d.content) : undefined);
}

/** The text a stream chunk adds, or undefined when it adds none. */
function deltaText(c: Json): string | undefined {
  const delta = obj(firstChoice(c).delta);
  if (typeof delta.content === "string" && delta.content !== "") return delta.content;
  if (delta.tool_calls) return "";
  if (c.type === "content_block_delta") return str(obj(c.delta).text) ?? "";
  if (typeof c.type === "string" && c.type.endsWith(".delta")) return str(c.delta) ?? "";
  const gemini = geminiText(c);
  return gemini === "" ? undefined : gemini;
}
