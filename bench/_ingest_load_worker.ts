// The HTTP clients, in a worker so that their work is not done on the server's event loop:
// `clients` connections post pre-encoded batches and time each request to its 202.
/// <reference lib="deno.worker" />

export interface LoadRequest {
  url: string;
  ingestKey: string;
  /** Encoded {"events": [...]} bodies (transferred). */
  bodies: Uint8Array<ArrayBuffer>[];
  /** Events in each body, checked against `accepted`. */
  counts: number[];
  clients: number;
}

export type LoadMessage =
  | { type: "ready" }
  | { type: "progress"; acked: number }
  | {
    type: "done";
    acked: number;
    latencies_ms: number[];
    /** Epoch ms (performance.timeOrigin + performance.now()), comparable across threads. */
    started_at: number;
    ended_at: number;
  }
  | { type: "error"; message: string };

const clock = () => performance.timeOrigin + performance.now();

async function run(request: LoadRequest): Promise<LoadMessage> {
  const client = Deno.createHttpClient({});
  const latencies: number[] = [];
  let acked = 0;
  let next = 0;
  const post = async (i: number) => {
    const t = performance.now();
    const response = await fetch(`${request.url}/v1/events`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${request.ingestKey}`,
        "content-type": "application/json",
      },
      body: request.bodies[i]!,
      client,
    });
    const text = await response.text();
    if (response.status !== 202) {
      throw new Error(`POST /v1/events answered ${response.status}: ${text.slice(0, 300)}`);
    }
    const accepted = (JSON.parse(text) as { accepted: number }).accepted;
    if (accepted !== request.counts[i]) {
      throw new Error(`accepted ${accepted} of ${request.counts[i]} events`);
    }
    latencies.push(performance.now() - t);
    acked += accepted;
    self.postMessage({ type: "progress", acked } satisfies LoadMessage);
  };
  const connection = async () => {
    while (next < request.bodies.length) await post(next++);
  };
  try {
    const started = clock();
    await Promise.all(
      Array.from({ length: Math.min(request.clients, request.bodies.length) }, connection),
    );
    return { type: "done", acked, latencies_ms: latencies, started_at: started, ended_at: clock() };
  } finally {
    client.close();
  }
}

self.postMessage({ type: "ready" } satisfies LoadMessage);
self.onmessage = async (message: MessageEvent<LoadRequest>) => {
  try {
    self.postMessage(await run(message.data));
  } catch (error) {
    self.postMessage(
      {
        type: "error",
        message: error instanceof Error ? error.message : String(error),
      } satisfies LoadMessage,
    );
  }
};
