// The PGlite engine as `deno task start` runs it: in a worker, on a data directory that
// outlives the process.
import assert from "node:assert/strict";
import { openEventStore } from "../lib/store/open.ts";
import { storedEvent } from "./_fixtures.ts";

Deno.test("openEventStore() keeps PGlite data in DATA_DIR across restarts, run in a worker", async () => {
  const dir = await Deno.makeTempDir();
  const options = {
    DATA_DIR: dir,
    PGLITE_WORKER: true,
    RETENTION_EVENTS_DAYS: 30,
    RETENTION_ROLLUPS_DAYS: 400,
  };
  try {
    const first = await openEventStore(options);
    assert.deepEqual(await first.insertEvents([storedEvent({ project_id: "w", id: "1" })]), {
      inserted: 1,
      duplicates: 0,
    });
    await first.close();
    const second = await openEventStore(options);
    try {
      assert.deepEqual(await second.listEventIds("w"), ["1"]);
      assert.deepEqual(await second.insertEvents([storedEvent({ project_id: "w", id: "1" })]), {
        inserted: 0,
        duplicates: 1,
      });
      await assert.rejects(
        () => second.summary("w", Number.NaN, 0),
        (error: Error) =>
          error.name === "StoreWorkerError" && /invalid|range|time/i.test(error.message),
      );
    } finally {
      await second.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("liveSnapshot runs its reads in one snapshot inside the PGlite worker; a flush waits for it", async () => {
  const dir = await Deno.makeTempDir();
  const store = await openEventStore({
    DATA_DIR: dir,
    PGLITE_WORKER: true,
    RETENTION_EVENTS_DAYS: 30,
    RETENTION_ROLLUPS_DAYS: 400,
  });
  try {
    const now = Date.now();
    const event = (id: string) => storedEvent({ project_id: "w", id, ts: now - 1_000 });
    await store.insertEvents([event("1")]);
    const q = {
      projectId: "w",
      window: "1h" as const,
      from: now - 3_600_000,
      to: now,
      filters: {},
    };
    const requests = async (reads: Pick<typeof store, "liveAggregate">) =>
      (await reads.liveAggregate(q, [])).rows.reduce((n, r) => n + Number(r.requests), 0);
    let insert: Promise<unknown> | undefined;
    const seen = await store.liveSnapshot(async (reads) => {
      const before = await requests(reads);
      insert = store.insertEvents([event("2")]);
      return [before, await requests(reads)];
    });
    assert.deepEqual(seen, [1, 1]);
    await insert;
    assert.equal(await store.liveSnapshot(requests), 2);
  } finally {
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
});
