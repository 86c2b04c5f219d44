// The behaviour cases' harness under Deno: the SDK from source, a Deno.serve fake ingest server.
import { createMonitor } from "../mod.ts";
import {
  accepted,
  type FakeIngest,
  type Harness,
  type IngestRequest,
  type Reply,
} from "./harness.ts";

async function readEvents(request: Request): Promise<Record<string, unknown>[]> {
  let body: ReadableStream<Uint8Array> | null = request.body;
  if (body && request.headers.get("content-encoding") === "gzip") {
    body = body.pipeThrough<Uint8Array>(
      new DecompressionStream("gzip") as ReadableWritablePair<Uint8Array, Uint8Array>,
    );
  }
  const parsed = JSON.parse(await new Response(body).text());
  return Array.isArray(parsed) ? parsed : parsed.events;
}

export function startIngest(reply: Reply = accepted, port = 0): Promise<FakeIngest> {
  const requests: IngestRequest[] = [];
  const started = performance.now();
  const server = Deno.serve({ hostname: "127.0.0.1", port, onListen: () => {} }, async (req) => {
    const request: IngestRequest = {
      events: await readEvents(req),
      headers: Object.fromEntries(req.headers),
      atMs: performance.now() - started,
    };
    requests.push(request);
    const answer = reply(request, requests.length);
    return Response.json(answer.body ?? {}, { status: answer.status, headers: answer.headers });
  });
  return Promise.resolve({
    url: `http://127.0.0.1:${server.addr.port}`,
    requests,
    close: () => server.shutdown(),
  });
}

export function freePort(): Promise<number> {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  return Promise.resolve(listener.addr.port);
}

export const denoHarness: Harness = { createMonitor, startIngest, freePort };
