// Prompt and completion text from the places instrumentations put them: indexed attributes
// (OpenLLMetry), message JSON (GenAI semconv, Vercel AI SDK), plain strings (OpenLIT events).
import type { Attrs, AttrValue } from "./attributes.ts";

export interface Content {
  input?: string;
  output?: string;
}

/** The prompt and the completion of a span, as "role: text" lines where roles are known. */
export function contentOf(attrs: Attrs): Content {
  return {
    input: indexed(attrs, "gen_ai.prompt") ?? indexed(attrs, "llm.prompts") ??
      messages(attrs.get("gen_ai.input.messages")) ?? text(attrs.get("gen_ai.prompt")) ??
      messages(attrs.get("ai.prompt.messages")) ?? aiPrompt(attrs.get("ai.prompt")),
    output: indexed(attrs, "gen_ai.completion") ?? indexed(attrs, "llm.completions") ??
      messages(attrs.get("gen_ai.output.messages")) ?? text(attrs.get("gen_ai.completion")) ??
      text(attrs.get("ai.response.text")),
  };
}

/** `prefix.0.role` / `prefix.0.content`, `prefix.1.…` in index order. */
function indexed(attrs: Attrs, prefix: string): string | undefined {
  const lines: Array<[number, string]> = [];
  const pattern = new RegExp(`^${prefix.replaceAll(".", "\\.")}\\.(\\d+)\\.content$`);
  for (const [key, value] of attrs) {
    const match = pattern.exec(key);
    const body = text(value);
    if (!match || body === undefined) continue;
    const role = text(attrs.get(`${prefix}.${match[1]}.role`));
    lines.push([Number(match[1]), role ? `${role}: ${body}` : body]);
  }
  if (lines.length === 0) return undefined;
  return lines.sort((a, b) => a[0] - b[0]).map(([, line]) => line).join("\n");
}

/** A JSON list of messages: {role, parts: [{type: "text", content}]} or {role, content}. */
function messages(value: AttrValue | undefined): string | undefined {
  const list = typeof value === "string" ? parseList(value) : Array.isArray(value) ? value : null;
  if (list === null) return text(value);
  const lines = list.flatMap((message) => {
    if (message === null || typeof message !== "object" || Array.isArray(message)) return [];
    const body = partsText(message.parts) ?? partsText(message.content) ?? text(message.content);
    if (body === undefined) return [];
    const role = text(message.role);
    return [role ? `${role}: ${body}` : body];
  });
  return lines.length > 0 ? lines.join("\n") : text(value);
}

function partsText(parts: AttrValue | undefined): string | undefined {
  if (!Array.isArray(parts)) return undefined;
  const texts = parts.flatMap((part) => {
    if (part === null || typeof part !== "object" || Array.isArray(part)) return [];
    if (part.type !== undefined && part.type !== "text") return [];
    const body = text(part.content) ?? text(part.text);
    return body === undefined ? [] : [body];
  });
  return texts.length > 0 ? texts.join("\n") : undefined;
}

/** The Vercel AI SDK's `ai.prompt`: JSON {system?, prompt?, messages?}. */
function aiPrompt(value: AttrValue | undefined): string | undefined {
  if (typeof value !== "string") return undefined;
  try {
    const parsed = JSON.parse(value) as { [key: string]: AttrValue };
    const system = text(parsed.system);
    const body = text(parsed.prompt) ?? messages(parsed.messages);
    return [system && `system: ${system}`, body].filter(Boolean).join("\n") || value;
  } catch {
    return value;
  }
}

function parseList(value: string): AttrValue[] | null {
  if (!value.trimStart().startsWith("[")) return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed as AttrValue[] : null;
  } catch {
    return null;
  }
}

function text(value: AttrValue | undefined): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
