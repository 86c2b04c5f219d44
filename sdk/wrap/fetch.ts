// A fetch that records the LLM calls made through it, for clients without a dedicated wrapper
// (most take a `fetch` option). The response is the original one; usage is read from a clone.
import type { LlmCall } from "../call.ts";
import type { FetchLike } from "../types.ts";
import { type Adapter, CONTENT, obj, type Prepared, str, type StreamObserver } from "./adapter.ts";
import { messagesAdapter } from "./anthropic.ts";
import { genericAdapter } from "./generic.ts";
import type { StartCall } from "./instrument.ts";
import { chatCompletionsAdapter, embeddingsAdapter, responsesAdapter } from "./openai.ts";

export interface FetchWrapOptions {
  /** Provider name; default: guessed from the host (api.openai.com → openai, …). */
  provider?: string;
  /** Model name for requests whose body and URL do not say. */
  model?: string;
}

const HOSTS: [RegExp, string][] = [
  [/\.openai\.azure\.com$/, "azure"],
  [/(^|\.)openai\.com$/, "openai"],
  [/(^|\.)anthropic\.com$/, "anthropic"],
  [/^generativelanguage\.googleapis\.com$/, "google"],
  [/aiplatform\.googleapis\.com$/, "vertex"],
  [/^bedrock-runtime\./, "bedrock"],
  [/(^|\.)mistral\.ai$/, "mistral"],
  [/(^|\.)groq\.com$/, "groq"],
];

export function instrumentFetch(
  fetchImpl: FetchLike,
  start: StartCall,
  capture: boolean,
  options: FetchWrapOptions = {},
): typeof fetch {
  return async function recordedFetch(input: string | URL | Request, init?: RequestInit) {
    let call: LlmCall | null = null;
    let adapter: Adapter | undefined;
    let prepared: Prepared | undefined;
    try {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const method = init?.method ?? (input instanceof Request ? input.method : "GET");
      const model = modelOfPath(url.pathname) ?? options.model;
      const body = method.toUpperCase() === "POST" ? await jsonBody(input, init) : undefined;
      if (body !== undefined || model !== undefined) {
        const provider = options.provider ?? providerOfHost(url.hostname);
        adapter = adapterFor(url.pathname, provider);
        prepared = adapter.prepare(body ?? {}, capture);
        const named = str(obj(body).model) ?? model;
        if (named !== undefined) call = start({ ...prepared.fields, model: named });
      }
    } catch (_) {
      call = null; // not a request we can read: pass it through unrecorded
    }
    if (!call || !adapter || !prepared) return await fetchImpl(input, init);
    let response: Response;
    try {
      response = await fetchImpl(input, init);
    } catch (error) {
      call.fail(error);
      throw error;
    }
    watchResponse(response, call, adapter, prepared, capture);
    return response;
  } as typeof fetch;
}

function adapterFor(path: string, provider: string | undefined): Adapter {
  const openai = { provider: provider ?? "openai", includeStreamUsage: false };
  if (path.endsWith("/chat/completions")) return chatCompletionsAdapter(openai);
  if (path.endsWith("/responses")) return responsesAdapter(openai);
  if (path.endsWith("/embeddings")) return embeddingsAdapter(openai);
  if (path.endsWith("/messages")) return messagesAdapter(provider ?? "anthropic");
  return genericAdapter(provider);
}

function providerOfHost(host: string): string | undefined {
  return HOSTS.find(([pattern]) => pattern.test(host))?.[1];
}

/** Gemini and Vertex put the model in the path: …/models/gemini-2.5-pro:generateContent. */
function modelOfPath(path: string): string | undefined {
  return /\/models\/([^/:]+):/.exec(path)?.[1];
}

async function jsonBody(input: string | URL | Request, init?: RequestInit): Promise<unknown> {
  let raw: unknown = init?.body;
  if (raw === undefined && input instanceof Request && input.body) raw = await input.clone().text();
  if (raw instanceof Uint8Array) raw = new TextDecoder().decode(raw);
  if (typeof raw !== "string") return undefined;
  try {
    return JSON.parse(raw);
  } catch (_) {
    return undefined; // not JSON: not an LLM call we can read
  }
}

/** Reads a clone of the response in the background and ends the call from it. */
function watchResponse(
  response: Response,
  call: LlmCall,
  adapter: Adapter,
  prepared: Prepared,
  capture: boolean,
): void {
  const status_code = response.status;
  if (!response.ok) {
    response.clone().text().then(
      (body) => call.end({ ...errorOfBody(body, status_code), status_code }),
      () => call.end({ status: "error", error_type: `http_${status_code}`, status_code }),
    );
    return;
  }
  const streamed = (response.headers.get("content-type") ?? "").includes("text/event-stream");
  const copy = response.clone();
  if (streamed && copy.body) {
    readEvents(copy.body, call, adapter.stream(prepared, capture)).then(
      (fields) => call.end({ ...fields, status_code }),
      (error) => call.fail(error, { status_code }),
    );
    return;
  }
  copy.json().then(
    (data) => call.end({ ...adapter.result(data, capture), status_code }),
    () => call.end({ status_code }),
  );
}

function errorOfBody(body: string, status: number) {
  let error: Record<string, unknown> = {};
  try {
    error = obj(obj(JSON.parse(body)).error);
  } catch (_) {
    error = {}; // an HTML error page: the status says enough
  }
  return {
    status: status === 408 || status === 504 ? "timeout" as const : "error" as const,
    error_type: str(error.code) ?? str(error.type) ?? str(error.status) ?? `http_${status}`,
    error_message: str(error.message) ?? body.slice(0, 500),
  };
}

/** Server-sent events: each `data:` payload that is JSON goes to the observer. */
async function readEvents(
  body: ReadableStream<Uint8Array>,
  call: LlmCall,
  observer: StreamObserver,
) {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffer = "";
  const dispatch = (block: string) => {
    const data = block.split(/\r?\n/).filter((l) => l.startsWith("data:"))
      .map((l) => l.slice(5).replace(/^ /, "")).join("\n");
    if (data === "" || data === "[DONE]") return;
    try {
      if (observer.chunk(JSON.parse(data)) & CONTENT) call.firstToken();
    } catch (_) {
      // a payload that is not JSON carries no usage
    }
  };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    const blocks = buffer.split(/\r?\n\r?\n/);
    buffer = blocks.pop()!;
    blocks.forEach(dispatch);
  }
  dispatch(buffer + decoder.decode());
  return observer.end();
}
