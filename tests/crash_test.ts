// A real server process killed with SIGKILL in the middle of ingest, then restarted on the same
// data dir: every acknowledged (202) event reaches the database exactly once, the rollups count
// it once, and clients retrying their batches afterwards add nothing but their new events.
import assert from "node:assert/strict";
import { EventBuffer } from "../lib/store/buffer.ts";
import { openEventStore } from "../lib/store/open.ts";
import {
  ACKED_BEFORE_KILL,
  createIngestKey,
  drained,
  EVENTS_PER_BATCH,
  idsOf,
  ingestUntilKilled,
  inputTokens,
  outputTokens,
  parseId,
  postAll,
  type Stats,
} from "./_crash_clients.ts";
import { ADMIN_TOKEN } from "./_fixtures.ts";
import { freePort, type ServerProcess, startServer } from "./_server.ts";

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
