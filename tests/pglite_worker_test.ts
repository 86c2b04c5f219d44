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
