import assert from "node:assert/strict";
import { PGlite } from "@electric-sql/pglite";
import { analyzer, pgliteStartOptions, walCheckpointer } from "./pglite_upkeep.ts";

const MB = 1024 * 1024;

async function dirBytes(path: string): Promise<number> {
  let total = 0;
  for await (const entry of Deno.readDir(path)) {
    if (entry.isFile) total += (await Deno.stat(`${path}/${entry.name}`)).size;
  }
  return total;
}

/** Writes about 200 MB of WAL into a fresh data dir, checkpointing as the server does or not. */
async function walAfterWrites(checkpoints: boolean): Promise<number> {
  const dir = await Deno.makeTempDir();
  const db = await PGlite.create(dir, pgliteStartOptions);
  try {
    const check = walCheckpointer(db, 16 * MB);
    await db.exec("CREATE TABLE t (a text, b text)");
    await check();
    for (let i = 0; i < 24; i++) {
      await db.query(
        "INSERT INTO t SELECT md5(g::text), repeat('x', 250) FROM generate_series(1, 25000) g",
      );
      if (checkpoints) await check();
    }
    return await dirBytes(`${dir}/pg_wal`);
  } finally {
    await db.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("PGlite's WAL stays bounded when the writer checkpoints, and grows without", async () => {
  const bounded = await walAfterWrites(true);
  const unbounded = await walAfterWrites(false);
  assert.ok(bounded <= 100 * MB, `pg_wal is ${Math.round(bounded / MB)} MB with checkpoints`);
  assert.ok(unbounded >= 150 * MB, `pg_wal is ${Math.round(unbounded / MB)} MB without`);
});

Deno.test("PGlite gets planner statistics once enough events arrived", async () => {
  const db = await PGlite.create();
  try {
    await db.exec("CREATE TABLE t (a int); INSERT INTO t SELECT generate_series(1, 1000)");
    const stats = async () =>
      (await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stats WHERE tablename = 't'",
      )).rows[0]!.n;
    const analyze = analyzer(db);
    assert.equal(await analyze(49_999), false);
    assert.equal(await stats(), 0);
    assert.equal(await analyze(1), true);
    assert.equal(await stats(), 1);
    // The next one waits for 50,000 more again (a fifth of those seen, once that is more).
    assert.equal(await analyze(9_999), false);
    assert.equal(await analyze(50_000), true);
  } finally {
    await db.close();
  }
});
