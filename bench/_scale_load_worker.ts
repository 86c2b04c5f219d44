// One ingest client of the scale benchmark, in a worker: it encodes its share of the batches
// (JSON, gzip) before the clock starts, then on "go" posts them one after another to /v1/events
// with the ingest key, retrying a 503 or 429 after its Retry-After (the buffer is full).
/// <reference lib="deno.worker" />
import { batch, type Span } from "./_scale_events.ts";

export interface ScaleLoadRequest {
  url: string;
  ingestKey: string;
  span: Span;
  /** Indices of the batches this client posts. */
  batches: number[];
}

export type ScaleLoadMessage =
  | { type: "ready"; bytes: number }
  | { type: "progress"; acked: number; retries: number }
  | { type: "done"; acked: number; retries: number }
  | { type: "error"; message: string };

async function gzip(text: string): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function encode(request: ScaleLoadRequest) {
  const bodies: Array<{ body: Uint8Array<ArrayBuffer>; count: number }> = [];
  for (const b of request.batches) {
    const events = batch(request.span, b);
    bodies.push({ body: await gzip(JSON.stringify({ events })), count: events.length });
  }
  return bodies;
}

async function post(
  request: ScaleLoadRequest,
  client: Deno.HttpClient,
  body: Uint8Array<ArrayBuffer>,
  count: number,
): Promise<number> {
  for (let retries = 0;; retries++) {
    const response = await fetch(`${request.url}/v1/events`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${request.ingestKey}`,
        "content-type": "application/json",
        "content-encoding": "gzip",
      },
      body,
      client,
    });
    const text = await response.text();
    if (response.status === 202) {
      const accepted = (JSON.parse(text) as { accepted: number }).accepted;
      if (accepted !== count) throw new Error(`accepted ${accepted} of ${count}: ${text}`);
      return retries;
    }
    if ((response.status !== 503 && response.status !== 429) || retries > 600) {
      throw new Error(`POST /v1/events answered ${response.status}: ${text.slice(0, 300)}`);
    }
    const after = Number(response.headers.get("retry-after") ?? "1");
    await new Promise((r) => setTimeout(r, Math.min(5, Math.max(0.2, after || 1)) * 1_000));
  }
}

let encoded: Array<{ body: Uint8Array<ArrayBuffer>; count: number }> = [];
let request: ScaleLoadRequest | undefined;

async function run(): Promise<ScaleLoadMessage> {
  const client = Deno.createHttpClient({});
  let acked = 0;
  let retries = 0;
  let reported = performance.now();
  try {
    for (const { body, count } of encoded) {
      retries += await post(request!, client, body, count);
      acked += count;
      if (performance.now() - reported > 500) {
        self.postMessage({ type: "progress", acked, retries } satisfies ScaleLoadMessage);
        reported = performance.now();
      }
    }
    encoded = [];
    return { type: "done", acked, retries };
  } finally {
    client.close();
  }
}

self.onmessage = async (message: MessageEvent<ScaleLoadRequest | "go">) => {
  try {
    if (message.data === "go") {
      self.postMessage(await run());
      return;
    }
    request = message.data;
    encoded = await encode(request);
    const bytes = encoded.reduce((s, e) => s + e.body.length, 0);
    self.postMessage({ type: "ready", bytes } satisfies ScaleLoadMessage);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    self.postMessage({ type: "error", message: text } satisfies ScaleLoadMessage);
  }
};
