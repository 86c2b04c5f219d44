// A local HTTP server for fake LLM providers: JSON answers, server-sent event streams with
// provider-like pauses, and a log of the requests it received. Disposed with `await using`.

export interface ReceivedRequest {
  path: string;
  headers: Headers;
  body: Record<string, unknown>;
}

export interface FakeServer extends AsyncDisposable {
  /** Base URL with /v1, for an SDK's baseURL. */
  url: string;
  requests: ReceivedRequest[];
}

export type Route = (request: ReceivedRequest) => Response | Promise<Response>;

export function startFakeServer(route: Route): FakeServer {
  const requests: ReceivedRequest[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const text = await req.text();
    const request = {
      path: new URL(req.url).pathname,
      headers: req.headers,
      body: text ? JSON.parse(text) : {},
    };
    requests.push(request);
    return await route(request);
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/v1`,
    requests,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, {
    status,
    headers: { "x-request-id": `req_${crypto.randomUUID()}`, ...headers },
  });
}

/** One step of a stream: an SSE event (name optional) or a pause in ms. */
export type StreamStep = { event?: string; data: unknown } | { pauseMs: number };

/** A text/event-stream answer that sends its steps in order, pausing where told. */
export function sse(steps: StreamStep[]): Response {
  const encoder = new TextEncoder();
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (; index < steps.length; index++) {
        const step = steps[index]!;
        if ("pauseMs" in step) {
          index++;
          await delay(step.pauseMs);
          return;
        }
        const data = typeof step.data === "string" ? step.data : JSON.stringify(step.data);
        const name = step.event ? `event: ${step.event}\n` : "";
        controller.enqueue(encoder.encode(`${name}data: ${data}\n\n`));
      }
      controller.close();
    },
  });
  return new Response(body, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" },
  });
}
