// The newest buffered events that live reads add to the database's numbers: decoded chunks are
// remembered between reads, so each read must still see exactly what KV holds.
import assert from "node:assert/strict";
import { goodEvents } from "./_dead_letters.ts";
import { startTestMonitor } from "./_fixtures.ts";

Deno.test("readNewest follows appends and flushes across repeated reads", async () => {
  await using t = await startTestMonitor();
  const { buffer, flusher } = t.monitor.deps;
  const ids = async (max = 1_000) => (await buffer.readNewest(max)).map((e) => e.id);

  await buffer.append(goodEvents(t, 0, 3));
  assert.deepEqual(await ids(), ["good-0", "good-1", "good-2"]);
  await buffer.append(goodEvents(t, 3, 2));
  assert.deepEqual(await ids(), ["good-0", "good-1", "good-2", "good-3", "good-4"]);
  // The cap keeps the newest whole chunks.
  assert.deepEqual(await ids(4), ["good-3", "good-4"]);
  assert.deepEqual(await ids(), ["good-0", "good-1", "good-2", "good-3", "good-4"]);

  assert.equal(await flusher.drain(), 5);
  assert.deepEqual(await ids(), []);
  await buffer.append(goodEvents(t, 5, 1));
  assert.deepEqual(await ids(), ["good-5"]);
});
