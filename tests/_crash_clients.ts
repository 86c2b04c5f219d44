// The crash test's clients: numbered batches of events (ids and token counts derived from the
// numbers), posted from concurrent loops until the server is killed, and the stats read back.
import assert from "node:assert/strict";
import { ADMIN_TOKEN, waitFor } from "./_fixtures.ts";
import type { ServerProcess } from "./_server.ts";

export const EVENTS_PER_BATCH = 100;
/** Concurrent client loops: when the kill comes, this many requests can be in flight. */
const CLIENTS = 8;
/** Acknowledged batches before the kill (the kill also waits for a first flush). */
export const ACKED_BEFORE_KILL = 30;
/** A bound for a server that never flushes: the test fails instead of posting forever. */
const MAX_BATCHES = 1_000;
const ID_PATTERN = /^b(\d+)-e(\d+)$/;

export interface Stats {
  project: string;
  buffered: number;
  events: number;
  requests_rolled_up_1m: number;
  requests_rolled_up_1h: number;
  input_tokens: number;
  output_tokens: number;
}

const eventId = (batch: number, i: number) => `b${batch}-e${i}`;
export const inputTokens = (batch: number, i: number) => ((batch * 31 + i * 7) % 97) + 1;
export const outputTokens = (batch: number, i: number) => (batch + i) % 13;

export function idsOf(batches: number[]): string[] {
  return batches.flatMap((batch) =>
    Array.from({ length: EVENTS_PER_BATCH }, (_, i) => eventId(batch, i))
  );
}

export function parseId(id: string): [batch: number, i: number] {
  const match = ID_PATTERN.exec(id);
  assert.ok(match, `unexpected event id ${id}`);
  return [Number(match[1]), Number(match[2])];
}

/** POST /v1/events with the events of the given batches in one request. */
function post(server: ServerProcess, key: string, batches: number[]): Promise<Response> {
  const events = idsOf(batches).map((id) => {
    const [batch, i] = parseId(id);
    return {
      id,
      model: "gpt-4o",
      provider: "openai",
      input_tokens: inputTokens(batch, i),
      output_tokens: outputTokens(batch, i),
      latency_ms: 200 + i,
    };
  });
  return server.fetch("/v1/events", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ events }),
  });
}

/** Reads a JSON response; any status but the expected one fails with the body. */
async function expectJson(response: Response, status: number, what: string): Promise<unknown> {
  const text = await response.text();
  assert.equal(response.status, status, `${what}: ${text}`);
  assert.equal(response.headers.get("content-type"), "application/json");
  return JSON.parse(text);
}

export async function createIngestKey(server: ServerProcess): Promise<string> {
  const response = await server.fetch("/api/keys", {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ project: "default", kind: "ingest" }),
  });
  const body = await expectJson(response, 201, "POST /api/keys") as { key: string };
  return body.key;
}

async function stats(server: ServerProcess): Promise<Stats> {
  const response = await server.fetch("/api/stats?project=default", {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  return await expectJson(response, 200, "GET /api/stats") as Stats;
}

/** Polls the stats until the KV buffer is empty; returns the stats seen then. */
export async function drained(server: ServerProcess): Promise<Stats> {
  let last: Stats | undefined;
  await waitFor(async () => (last = await stats(server)).buffered === 0, "an empty buffer", 30_000);
  return last!;
}

/**
 * Posts batches 0, 1, 2, … from CLIENTS concurrent loops and SIGKILLs the server once
 * ACKED_BEFORE_KILL batches are acknowledged and some events have been flushed, while the
 * other loops' requests are still in flight. Returns the acknowledged batches and how many were
 * sent (acknowledged or not).
 */
export async function ingestUntilKilled(
  server: ServerProcess,
  key: string,
): Promise<{ acked: Set<number>; sent: number }> {
  const acked = new Set<number>();
  let next = 0;
  let flushed = false;
  let killed = false;

  async function client(): Promise<void> {
    while (!killed) {
      const batch = next++;
      if (batch >= MAX_BATCHES) {
        throw new Error(`${MAX_BATCHES} batches sent and the flusher moved none of them`);
      }
      let response: Response;
      let text: string;
      try {
        response = await post(server, key, [batch]);
        // 202 means durably buffered, whether or not the body still makes it through.
        if (response.status === 202) acked.add(batch);
        text = await response.text();
      } catch (error) {
        if (killed) return; // cut off by the crash: not acknowledged
        throw error;
      }
      assert.equal(response.status, 202, `POST /v1/events batch ${batch}: ${text}`);
      assert.deepEqual(JSON.parse(text), { accepted: EVENTS_PER_BATCH, rejected: [] });
      if (!killed && flushed && acked.size >= ACKED_BEFORE_KILL) {
        killed = true;
        server.kill("SIGKILL");
      }
    }
  }

  async function watchFlusher(): Promise<void> {
    while (!killed && !flushed) {
      try {
        flushed = (await stats(server)).events > 0;
      } catch (error) {
        if (killed) return;
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  try {
    await Promise.all([watchFlusher(), ...Array.from({ length: CLIENTS }, client)]);
  } finally {
    // A failed loop leaves the others running: stop them all before the fixture is disposed.
    if (!killed) {
      killed = true;
      server.kill("SIGKILL");
    }
  }
  return { acked, sent: next };
}

/** Sends the requests (each a list of batches) from CLIENTS loops; each must be accepted whole. */
export async function postAll(
  server: ServerProcess,
  key: string,
  requests: number[][],
): Promise<void> {
  const queue = [...requests];
  async function client(): Promise<void> {
    for (let batches = queue.shift(); batches !== undefined; batches = queue.shift()) {
      const response = await post(server, key, batches);
      assert.deepEqual(await expectJson(response, 202, `POST /v1/events ${batches}`), {
        accepted: batches.length * EVENTS_PER_BATCH,
        rejected: [],
      });
    }
  }
  await Promise.all(Array.from({ length: CLIENTS }, client));
}
