import assert from "node:assert/strict";
import { MAX_ASSIGNED, SeriesColorStore, seriesSlots, withSlots } from "./series_colors.ts";

Deno.test("SeriesColorStore.slots() gives a new key the next slot and keeps it, whatever the order", async () => {
  await using kv = await Deno.openKv(":memory:");
  const colors = new SeriesColorStore(kv);
  assert.deepEqual(await colors.slots("p", "model", ["b", "a"]), { b: 0, a: 1 });
  // Another window ranks them the other way and brings a new one: the old keep theirs.
  assert.deepEqual(await colors.slots("p", "model", ["c", "a", "b"]), { c: 2, a: 1, b: 0 });
  // A fresh instance (no cache) reads the same slots from KV.
  assert.deepEqual(await new SeriesColorStore(kv).slots("p", "model", ["a", "c"]), { a: 1, c: 2 });
});

Deno.test("SeriesColorStore.slots() counts per project and per grouping", async () => {
  await using kv = await Deno.openKv(":memory:");
  const colors = new SeriesColorStore(kv);
  await colors.slots("p", "model", ["a", "b"]);
  assert.deepEqual(await colors.slots("q", "model", ["b"]), { b: 0 });
  assert.deepEqual(await colors.slots("p", "endpoint", ["b"]), { b: 0 });
});

Deno.test("two monitors sharing one KV give each key one slot when they assign at once", async () => {
  await using kv = await Deno.openKv(":memory:");
  // Each monitor has its own store (and cache); both read before either commits, so one commit
  // fails its checks and that monitor reads again and takes the other's slots.
  const one = new SeriesColorStore(kv);
  const two = new SeriesColorStore(kv);
  const keys = Array.from({ length: 24 }, (_, i) => `m${i}`);
  const [a, b] = await Promise.all([
    one.slots("p", "model", keys),
    two.slots("p", "model", [...keys].reverse()),
  ]);
  assert.deepEqual(a, b, "both monitors agree");
  assert.equal(new Set(Object.values(a)).size, keys.length, "no slot given twice");
  assert.equal(Math.max(...Object.values(a)), keys.length - 1, "no slot skipped");
});

Deno.test("SeriesColorStore.slots() assigns at most MAX_ASSIGNED keys per call, the first ones", async () => {
  await using kv = await Deno.openKv(":memory:");
  const keys = Array.from({ length: MAX_ASSIGNED + 5 }, (_, i) => `e${i}`);
  const slots = await new SeriesColorStore(kv).slots("p", "endpoint", keys);
  assert.equal(Object.keys(slots).length, MAX_ASSIGNED);
  assert.equal(slots.e0, 0);
  assert.equal(slots[`e${MAX_ASSIGNED}`], undefined);
});

Deno.test("withSlots() adds the slots of a coloured grouping, and nothing for status", async () => {
  await using kv = await Deno.openKv(":memory:");
  const deps = { store: null, seriesColors: new SeriesColorStore(kv) };
  const history = { metric: "requests", series: [{ key: "x" }, { key: "y" }] };
  assert.deepEqual((await withSlots(deps, "p", "model", history)).colors, { x: 0, y: 1 });
  assert.equal("colors" in await withSlots(deps, "p", "status", history), false);
  assert.deepEqual(await seriesSlots({ store: null }, "p", "model", ["y", "x"]), { y: 0, x: 1 });
});
