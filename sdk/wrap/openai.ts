// Adapters for the OpenAI API: chat completions, responses and embeddings, streamed or not.
import type { CallFields } from "../call.ts";
import {
  type Adapter,
  CONTENT,
  HIDE,
  type Json,
  obj,
  type Prepared,
  str,
  text,
} from "./adapter.ts";
import { usageFields } from "./usage.ts";

export interface OpenAIAdapterOptions {
  provider: string;
  /** Ask chat streams for a usage chunk when the caller did not say (hidden from the caller). */
  includeStreamUsage: boolean;
}

export function chatCompletionsAdapter(o: OpenAIAdapterOptions): Adapter {
  return {
    prepare(params, capture) {
      const p = obj(params);
      const stream = p.stream === true;
      const options = obj(p.stream_options);
      const addUsage = stream && o.includeStreamUsage && options.include_usage === undefined;
      return {
        params: addUsage ? { ...p, stream_options: { ...options, include_usage: true } } : params,
        fields: request(p, o.provider, capture ? text(p.messages) : undefined),
        stream,
        hideUsageChunk: addUsage,
      };
    },
    result(data, capture) {
      const d = obj(data);
      const message = obj(obj(first(d.choices)).message);
      return withOutput(usageFields(d.usage), capture ? messageText(message) : undefined);
    },
    stream(prepared, capture) {
      let usage: unknown;
      const parts: string[] = [];
      return {
        chunk(chunk) {
          const c = obj(chunk);
          if (c.usage) usage = c.usage;
          const choices = Array.isArray(c.choices) ? c.choices : [];
          if (choices.length === 0) return c.usage && prepared.hideUsageChunk ? HIDE : 0;
          const delta = obj(obj(choices[0]).delta);
          const content = str(delta.content);
          if (capture && content) parts.push(content);
          return content || delta.tool_calls || delta.refusal || delta.reasoning_content
            ? CONTENT
            : 0;
        },
        end: () => withOutput(usageFields(usage), capture ? parts.join("") : undefined),
      };
    },
  };
}

export function responsesAdapter(o: OpenAIAdapterOptions): Adapter {
  const result = (data: unknown, capture: boolean): CallFields => {
    const d = obj(data);
    const fields = withOutput(usageFields(d.usage), capture ? responseText(d) : undefined);
    if (d.status !== "failed") return fields;
    const error = obj(d.error);
    return {
      ...fields,
      status: "error",
      error_type: str(error.code) ?? "response_failed",
      error_message: str(error.message),
    };
  };
  return {
    prepare(params, capture) {
      const p = obj(params);
      return {
        params,
        fields: request(p, o.provider, capture ? text(p.input) : undefined),
        stream: p.stream === true,
        hideUsageChunk: false,
      };
    },
    result,
    stream(_prepared: Prepared, capture) {
      let final: unknown;
      const parts: string[] = [];
      return {
        chunk(chunk) {
          const event = obj(chunk);
          const type = str(event.type) ?? "";
          if (type.endsWith(".delta")) {
            if (capture && type === "response.output_text.delta") {
              parts.push(str(event.delta) ?? "");
            }
            return CONTENT;
          }
          if (FINAL_EVENTS.has(type)) final = event.response;
          return 0;
        },
        end() {
          const fields = final === undefined ? {} : result(final, false);
          return withOutput(fields, capture ? parts.join("") : undefined);
        },
      };
    },
  };
}

const FINAL_EVENTS = new Set(["response.completed", "response.incomplete", "response.failed"]);

export function embeddingsAdapter(o: OpenAIAdapterOptions): Adapter {
  return {
    prepare(params, capture) {
      const p = obj(params);
      return {
        params,
        fields: request(p, o.provider, capture ? text(p.input) : undefined),
        stream: false,
        hideUsageChunk: false,
      };
    },
    result: (data) => usageFields(obj(data).usage),
    stream: () => ({ chunk: () => 0, end: () => ({}) }),
  };
}

function request(p: Json, provider: string, input: string | undefined): CallFields {
  return { model: str(p.model) ?? "unknown", provider, input };
}

function withOutput(fields: CallFields, output: string | undefined): CallFields {
  return output === undefined ? fields : { ...fields, output };
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : undefined;
}

function messageText(message: Json): string | undefined {
  const parts = [str(message.content), str(message.refusal), text(message.tool_calls)];
  const present = parts.filter((p): p is string => p !== undefined && p !== "");
  return present.length > 0 ? present.join("\n") : undefined;
}

function responseText(response: Json): string | undefined {
  if (typeof response.output_text === "string") return response.output_text;
  const texts: string[] = [];
  for (const item of Array.isArray(response.output) ? response.output : []) {
    for (const part of Array.isArray(obj(item).content) ? obj(item).content as unknown[] : []) {
      if (obj(part).type === "output_text") texts.push(str(obj(part).text) ?? "");
    }
  }
  return texts.length > 0 ? texts.join("") : undefined;
}
