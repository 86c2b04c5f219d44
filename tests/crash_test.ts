// A real server process killed with SIGKILL in the middle of ingest, then restarted on the same
// data dir: every acknowledged (202) event reaches the database exactly once, the rollups count
// it once, and clients retrying their batches afterwards add nothing but their new events.
import assert from "node:assert/strict";
import { EventBuffer } from "../lib/store/buffer.ts";
import { openEventStore } from "../lib/store/open.ts";
import { ADMIN_TOKEN, waitFor } from "./_fixtures.ts";
import { freePort, type ServerProcess, startServer } from "./_server.ts";

const EVENTS_PER_BATCH = 100;
/** Concurrent client loops: when the kill comes, this many requests can be in flight. */
const CLIENTS = 8;
/** Acknowledged batches before the kill (the kill also waits for a first flush). */
const ACKED_BEFORE_KILL = 30;
/** A bound for a server that never flushes: the test fails instead of posting forever. */
const MAX_BATCHES = 1_000;
const ID_PATTERN = /^b(\d+)-e(\d+)$/;

interface Stats {
  project: string;
  buffered: number;
  events: number;
  requests_rolled_up_1m: number;
  requests_rolled_up_1h: number;
  input_tokens: number;
  output_tokens: number;
}

const eventId = (batch: number, i: number) => `b${batch}-e${i}`;
const inputTokens = (batch: number, i: number) => ((batch * 31 + i * 7) % 97) + 1;
const outputTokens = (batch: number, i: number) => (batch + i) % 13;

function idsOf(batches: number[]): string[] {
  return batches.flatMap((batch) =>
    Array.from({ length: EVENTS_PER_BATCH }, (_, i) => eventId(batch, i))
  );
}

function parseId(id: string): [batch: number, i: number] {
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

async function createIngestKey(server: ServerProcess): Promise<string> {
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
async function drained(server: ServerProcess): Promise<Stats> {
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
async function ingestUntilKilled(
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
async function postAll(server: ServerProcess, key: string, requests: number[][]): Promise<void> {
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

/** Events in the KV buffer of a stopped server. */
async function bufferedOnDisk(dataDir: string): Promise<number> {
  using kv = await Deno.openKv(`${dataDir}/kv.sqlite3`);
  return await new EventBuffer(kv).size();
}

/** The event ids in the database of a stopped server, read in-process. */
async function storedIds(dataDir: string, projectId: string): Promise<string[]> {
  const store = await openEventStore({
    DATA_DIR: dataDir,
    PGLITE_WORKER: false,
    RETENTION_EVENTS_DAYS: 30,
    RETENTION_ROLLUPS_DAYS: 400,
  });
  try {
    return await store.listEventIds(projectId);
  } finally {
    await store.close();
  }
}

/** Each id once, and every stored batch whole (a request is one KV write) and actually sent. */
function assertStoredOnce(ids: string[], sent: number): void {
  assert.equal(new Set(ids).size, ids.length, "an event id is stored twice");
  const perBatch = new Map<number, number>();
  for (const id of ids) {
    const [batch] = parseId(id);
    assert.ok(batch < sent, `event ${id} of a batch that was never sent`);
    perBatch.set(batch, (perBatch.get(batch) ?? 0) + 1);
  }
  for (const [batch, n] of perBatch) {
    assert.equal(n, EVENTS_PER_BATCH, `batch ${batch} is partly stored`);
  }
}

/** What GET /api/stats must say once exactly these events are stored, each counted once. */
function expectedStats(project: string, ids: string[]): Stats {
  let input = 0;
  let output = 0;
  for (const id of ids) {
    const [batch, i] = parseId(id);
    input += inputTokens(batch, i);
    output += outputTokens(batch, i);
  }
  return {
    project,
    buffered: 0,
    events: ids.length,
    requests_rolled_up_1m: ids.length,
    requests_rolled_up_1h: ids.length,
    input_tokens: input,
    output_tokens: output,
  };
}

async function tempDir(): Promise<{ path: string } & AsyncDisposable> {
  const path = await Deno.makeTempDir({ prefix: "llm-monitor-crash-" });
  return { path, [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }) };
}

Deno.test("server killed with SIGKILL mid-ingest loses no acknowledged event and counts each once", async () => {
  await using dataDir = await tempDir();
  const port = freePort();
  const runs: ServerProcess[] = [];
  const start = async () => {
    const server = await startServer({
      dataDir: dataDir.path,
      port,
      env: { ADMIN_TOKEN, FLUSH_INTERVAL_MS: "200" },
    });
    runs.push(server);
    return server;
  };

  try {
    // Run 1: ingest from several clients, SIGKILL with requests in flight.
    let key: string;
    let acked: Set<number>;
    let sent: number;
    {
      await using server = await start();
      key = await createIngestKey(server);
      ({ acked, sent } = await ingestUntilKilled(server, key));
      assert.equal((await server.status).signal, "SIGKILL");
    }
    assert.ok(acked.size >= ACKED_BEFORE_KILL, `only ${acked.size} batches acknowledged`);
    assert.ok(
      (await bufferedOnDisk(dataDir.path)) > 0,
      "the crash left no event in the KV buffer: nothing to recover",
    );

    // Run 2: restart on the same data dir; the buffer drains into the database.
    let recovered: Stats;
    {
      await using server = await start();
      recovered = await drained(server);
      assert.equal((await server.stop()).code, 0);
    }
    const project = recovered.project;
    const ids = await storedIds(dataDir.path, project);
    const stored = new Set(ids);
    const missing = idsOf([...acked]).filter((id) => !stored.has(id));
    assert.equal(
      missing.length,
      0,
      `${missing.length} acknowledged events are missing, e.g. ${missing.slice(0, 5)}`,
    );
    assertStoredOnce(ids, sent);
    assert.deepEqual(recovered, expectedStats(project, ids));

    // Run 3: clients retry every acknowledged batch, each request together with a new batch, so
    // flushes mix duplicates with new events; only the new events are added.
    const fresh = [...acked].map((_, j) => sent + j);
    const retries = [...acked].map((batch, j) => [batch, fresh[j]!]);
    let final: Stats;
    {
      await using server = await start();
      await postAll(server, key, retries);
      final = await drained(server);
      assert.equal((await server.stop()).code, 0);
    }
    const finalIds = await storedIds(dataDir.path, project);
    assertStoredOnce(finalIds, sent + fresh.length);
    assert.deepEqual(new Set(finalIds), new Set([...ids, ...idsOf(fresh)]));
    assert.deepEqual(final, expectedStats(project, finalIds));
  } catch (error) {
    const logs = runs.map((s, i) => `--- server run ${i + 1} (pid ${s.pid}) ---\n${s.log()}`);
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n${logs.join("\n")}`, { cause: error });
  }
});
