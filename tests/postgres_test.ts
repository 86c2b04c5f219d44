// PostgreSQL server behaviour no embedded engine can show: concurrent migrations from two
// instances, and a database outage during ingest. Runs when TEST_DATABASE_URL is set.
import assert from "node:assert/strict";
import postgres from "postgres";
import { readMigrations } from "../lib/store/migrate.ts";
import { createEventStore } from "../lib/store/event_store.ts";
import { createPostgresClient } from "../lib/store/postgres_client.ts";
import { TEST_DATABASE_URL } from "./_engines.ts";
import { event, startTestMonitor, waitFor } from "./_fixtures.ts";
import { startTcpProxy } from "./_tcp_proxy.ts";

const ignore = TEST_DATABASE_URL === undefined;

/** A fresh database on the test server, dropped afterwards. */
async function freshDatabase(): Promise<{ url: string } & AsyncDisposable> {
  const name = `lm_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const admin = postgres(TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    [Symbol.asyncDispose]: async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

Deno.test({
  name: "[postgres] two instances migrating at once apply each migration exactly once",
  ignore,
  fn: async () => {
    await using db = await freshDatabase();
    const a = createEventStore(createPostgresClient(db.url, { max: 2 }));
    const b = createEventStore(createPostgresClient(db.url, { max: 2 }));
    try {
      const [ra, rb] = await Promise.all([a.migrate(), b.migrate()]);
      const expected = (await readMigrations()).filter((m) => !m.timescale).map((m) => m.name);
      assert.deepEqual([...ra.applied, ...rb.applied].sort(), expected.sort());
      assert.ok(
        ra.applied.length === 0 || rb.applied.length === 0,
        "one instance did all the work",
      );
    } finally {
      await a.close();
      await b.close();
    }
  },
});

Deno.test({
  name:
    "[postgres] ingest keeps answering 202 while the database is down, then 503 at the bound, and drains when it returns",
  ignore,
  fn: async () => {
    await using db = await freshDatabase();
    const target = new URL(db.url);
    await using proxy = startTcpProxy({ hostname: target.hostname, port: Number(target.port) });
    const viaProxy = new URL(db.url);
    viaProxy.hostname = "127.0.0.1";
    viaProxy.port = String(proxy.port);
    const store = createEventStore(createPostgresClient(viaProxy.href, { max: 2 }));
    await store.migrate();
    await using t = await startTestMonitor({
      env: { BUFFER_MAX_EVENTS: "30", FLUSH_INTERVAL_MS: "50" },
      engine: { name: "postgres via proxy", ignore: false, open: () => Promise.resolve(store) },
    });
    t.monitor.deps.flusher.start();

    await proxy.cut();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const batch = Array.from({ length: 10 }, (_, k) => event({ id: `down-${i}-${k}` }));
      const response = await t.post({ events: batch });
      assert.equal(response.status, 202, "accepted while the database is down");
      await response.body?.cancel();
      ids.push(...batch.map((e) => e.id as string));
    }
    const refused = await t.post({ events: [event({ id: "over-the-bound" })] });
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get("retry-after"), "5");
    await refused.body?.cancel();
    assert.equal(await t.monitor.deps.buffer.size(), 30);

    proxy.restore();
    await waitFor(
      async () => (await t.monitor.deps.buffer.size()) === 0,
      "the buffer to drain",
      30_000,
    );
    assert.deepEqual(await store.listEventIds(t.projectId), ids.sort());
    assert.equal((await store.stats(t.projectId)).requests_rolled_up_1m, 30);
  },
});
