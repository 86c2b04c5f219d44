// Adapter for the Anthropic Messages API, streamed (raw events) or not.
import type { CallFields } from "../call.ts";
import { type Adapter, CONTENT, type Json, mergeDefined, obj, str, text } from "./adapter.ts";
import { usageFields } from "./usage.ts";

export function messagesAdapter(provider: string): Adapter {
  return {
    prepare(params, capture) {
      const p = obj(params);
      const input = capture
        ? text(p.system === undefined ? p.messages : { system: p.system, messages: p.messages })
        : undefined;
      return {
        params,
        fields: { model: str(p.model) ?? "unknown", provider, input },
        stream: p.stream === true,
        hideUsageChunk: false,
      };
    },
    result(data, capture) {
      const message = obj(data);
      return withOutput(usageFields(message.usage), capture ? contentText(message) : undefined);
    },
    stream(_prepared, capture) {
      const usage: Json = {};
      const parts: string[] = [];
      return {
        chunk(chunk) {
          const event = obj(chunk);
          switch (event.type) {
            case "message_start":
              mergeDefined(usage, obj(event.message).usage);
              return 0;
            case "message_delta":
              mergeDefined(usage, event.usage);
              return 0;
            case "content_block_delta": {
              const delta = obj(event.delta);
              if (capture && delta.type === "text_delta") parts.push(str(delta.text) ?? "");
              return CONTENT;
            }
            default:
              return 0;
          }
        },
        end: () => withOutput(usageFields(usage), capture ? parts.join("") : undefined),
      };
    },
  };
}

function withOutput(fields: CallFields, output: string | undefined): CallFields {
  return output === undefined || output === "" ? fields : { ...fields, output };
}

/** Text blocks joined; tool calls as JSON. */
function contentText(message: Json): string | undefined {
  const blocks = Array.isArray(message.content) ? message.content : [];
  const parts = blocks.map((block) => {
    const b = obj(block);
    if (b.type === "text") return str(b.text) ?? "";
    if (b.type === "tool_use") return text({ tool_use: b.name, input: b.input }) ?? "";
    return "";
  }).filter((p) => p !== "");
  return parts.length > 0 ? parts.join("\n") : undefined;
}
