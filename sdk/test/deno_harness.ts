// The behaviour cases' harness under Deno: the SDK from source, a Deno.serve fake ingest server.
import { createMonitor } from "../mod.ts";
import {
  accepted,
  type BlackHole,
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

/** A Deno.listen that accepts every connection and never reads or writes. */
export function startBlackHole(): Promise<BlackHole> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns: Deno.Conn[] = [];
  const accepting = (async () => {
    try {
      for await (const conn of listener) conns.push(conn);
    } catch (error) {
      if (!(error instanceof Deno.errors.BadResource)) throw error; // closed below
    }
  })();
  return Promise.resolve({
    url: `http://127.0.0.1:${listener.addr.port}`,
    connections: () => conns.length,
    close: async () => {
      listener.close();
      await accepting;
      for (const conn of conns) conn.close();
    },
  });
}

export const denoHarness: Harness = { createMonitor, startIngest, freePort, startBlackHole };
