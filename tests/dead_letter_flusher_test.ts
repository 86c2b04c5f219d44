// A poison event (one the database refuses) is parked as a dead letter and the drain goes on, on
// every engine; so is a buffer chunk that cannot be decoded, and the PGlite worker keeps the
// SQLSTATE that tells them apart from an outage.
import assert from "node:assert/strict";
import type { StoredEvent } from "../lib/ingest/event.ts";
import { Flusher } from "../lib/ingest/flusher.ts";
import { silentLogger } from "../lib/log.ts";
import { EventBuffer } from "../lib/store/buffer.ts";
import { DeadLetterStore } from "../lib/store/dead_letter.ts";
import { kvKeys } from "../lib/store/kv_keys.ts";
import { openEventStore } from "../lib/store/open.ts";
import { goodEvents, json, listLetters } from "./_dead_letters.ts";
import { ENGINES } from "./_engines.ts";
import { startTestMonitor, storedEvent } from "./_fixtures.ts";

for (const engine of ENGINES) {
  Deno.test({
    name:
      `Flusher parks a poison event among 10,000 good ones as a dead letter and drains the rest (${engine.name})`,
    ignore: engine.ignore,
    fn: async () => {
      await using t = await startTestMonitor({ engine });
      const { buffer, flusher, store, deadLetters } = t.monitor.deps;
      // As a client before the fix could leave it: U+0000 in a text, answered 202 and buffered.
      const poison = storedEvent({ project_id: t.projectId, id: "poison", model: "gpt\u00004o" });
      await buffer.append(goodEvents(t, 0, 5_000));
      await buffer.append([poison]);
      await buffer.append(goodEvents(t, 5_000, 5_000));

      assert.equal(await flusher.drain(), 10_001);
      assert.equal(await buffer.size(), 0);
      assert.deepEqual(await store.stats(t.projectId), {
        events: 10_000,
        requests_rolled_up_1m: 10_000,
        requests_rolled_up_1h: 10_000,
        input_tokens: 1_000_000,
        output_tokens: 500_000,
      });
      const listed = await listLetters(t);
      assert.equal(listed.count, 1);
      const [letter] = listed.dead_letters;
      assert.match(letter!.id, /^dl_[0-9a-f]{20}$/);
      assert.deepEqual({ ...letter!, error: "", id: "" }, {
        id: "",
        kind: "event",
        project_id: t.projectId,
        event_id: "poison",
        model: "gpt\u00004o",
        events: 1,
        error: "",
        sqlstate: "22021",
        parked_at: (letter as unknown as Record<string, string>).parked_at,
        last_failed_at: (letter as unknown as Record<string, string>).last_failed_at,
        attempts: 1,
        truncated: false,
      });
      assert.match(letter!.error, /invalid byte sequence for encoding "UTF8": 0x00/);
      assert.equal(await deadLetters.count(), 1);

      const shown = await json(await t.admin("GET", `/api/dead-letters/${letter!.id}`), 200) as {
        parked: StoredEvent[];
      };
      assert.deepEqual(shown.parked, [poison]);

      // Retry: made storable (U+0000 → U+FFFD), buffered again, then stored; the letter is gone.
      assert.deepEqual(
        await json(await t.admin("POST", `/api/dead-letters/${letter!.id}/retry`), 200),
        { retried: letter!.id, events: 1 },
      );
      assert.deepEqual(await listLetters(t), { count: 0, dead_letters: [] });
      assert.equal(await flusher.drain(), 1);
      assert.equal((await store.getEvent(t.projectId, "poison"))?.model, "gpt\uFFFD4o");
      assert.equal((await store.stats(t.projectId)).events, 10_001);
      assert.deepEqual(await listLetters(t), { count: 0, dead_letters: [] });
    },
  });

  Deno.test({
    name:
      `Flusher parks each kind of event the database refuses with its SQLSTATE; retry --all stores them (${engine.name})`,
    ignore: engine.ignore,
    fn: async () => {
      await using t = await startTestMonitor({ engine });
      const { buffer, flusher, store } = t.monitor.deps;
      const p = t.projectId;
      const poisons: Array<[string, Partial<StoredEvent>, string]> = [
        ["nul-text", { error_type: "a\u0000b" }, "22021"],
        ["nul-metadata", { metadata: { k: "v\u0000" } }, "22P05"],
        ["surrogate-metadata-key", { metadata: { ["k\ud800"]: "v" } }, "22P02"],
        ["int8-overflow", { input_tokens: 2 ** 63 }, "22003"],
        ["int4-overflow", { status_code: 2 ** 31 }, "22003"],
        ["timestamp-range", { ts: -8.64e15 }, "22008"],
      ];
      const events = poisons.flatMap(([id, overrides], i) => [
        storedEvent({ project_id: p, id: `good-${i}` }),
        storedEvent({ project_id: p, id, ...overrides }),
      ]);
      await buffer.append(events);
      assert.equal(await flusher.drain(), 12);
      assert.equal(await buffer.size(), 0);
      assert.deepEqual(
        await store.listEventIds(p),
        poisons.map((_, i) => `good-${i}`),
      );
      const listed = await listLetters(t);
      assert.deepEqual(
        listed.dead_letters.map((l) => [l.event_id, l.sqlstate]).sort(),
        poisons.map(([id, , sqlstate]) => [id, sqlstate]).sort(),
      );

      // A letter parked again (a retry that fails again) keeps its id and counts the attempt.
      await buffer.append([events[1]!]);
      await flusher.drain();
      const again = (await listLetters(t)).dead_letters.find((l) => l.event_id === "nul-text");
      assert.equal(again?.attempts, 2);
      assert.equal((await listLetters(t)).count, poisons.length);

      const retried = await json(await t.admin("POST", "/api/dead-letters/retry"), 200) as {
        retried: string[];
        events: number;
        failed: unknown[];
      };
      assert.equal(retried.retried.length, poisons.length);
      assert.equal(retried.events, poisons.length);
      assert.deepEqual(retried.failed, []);
      assert.equal(await flusher.drain(), poisons.length);
      assert.deepEqual(await listLetters(t), { count: 0, dead_letters: [] });
      assert.equal((await store.stats(p)).events, 2 * poisons.length);
      assert.deepEqual(
        (await store.getEvent(p, "surrogate-metadata-key"))?.metadata,
        { "k\uFFFD": "v" },
      );
      assert.equal((await store.getEvent(p, "int8-overflow"))?.input_tokens, 2 ** 53 - 1);
      assert.equal((await store.getEvent(p, "int4-overflow"))?.status_code, null);
    },
  });

  Deno.test({
    name:
      `Flusher keeps events buffered, and parks nothing, when the database is down (${engine.name})`,
    ignore: engine.ignore,
    fn: async () => {
      using kv = await Deno.openKv(":memory:");
      const store = await engine.open();
      await store.close();
      const buffer = new EventBuffer(kv);
      const deadLetters = new DeadLetterStore(kv);
      const flusher = new Flusher(kv, buffer, store, silentLogger, {
        intervalMs: 50,
        batchSize: 100,
        retentionDays: { events: 30, rollups: 400 },
        deadLetters,
      });
      await buffer.append([storedEvent(), storedEvent()]);
      await assert.rejects(() => flusher.flushOnce());
      assert.equal(await buffer.size(), 2);
      assert.deepEqual(await deadLetters.list(), []);
    },
  });
}

Deno.test("Flusher parks a buffer chunk that cannot be decoded, and the drain goes on", async () => {
  await using t = await startTestMonitor();
  const { buffer, flusher, store, kv } = t.monitor.deps;
  // The oldest chunk is garbage (a bad disk, a bug, a hand edit): it counted 3 events.
  await kv.atomic()
    .set(kvKeys.bufferChunk("0000000000-0000000-0000"), { n: 3, gz: new Uint8Array([1, 2, 3]) })
    .sum(kvKeys.bufferCount(), 3n)
    .commit();
  await buffer.append(goodEvents(t, 0, 2));
  assert.deepEqual((await buffer.readNewest(100)).map((e) => e.id), ["good-0", "good-1"]);

  assert.equal(await flusher.drain(), 5);
  assert.equal(await buffer.size(), 0);
  assert.deepEqual(await store.listEventIds(t.projectId), ["good-0", "good-1"]);
  const { dead_letters: [letter] } = await listLetters(t);
  assert.equal(letter?.kind, "chunk");
  assert.equal(letter.events, 3);
  assert.match(letter.error, /^cannot decode the chunk: /);

  const retry = await t.admin("POST", `/api/dead-letters/${letter.id}/retry`);
  assert.deepEqual(await json(retry, 400), {
    error:
      `dead letter "${letter.id}" holds a buffer chunk that cannot be decoded (${letter.error}); drop it`,
  });
  assert.deepEqual(await json(await t.admin("DELETE", `/api/dead-letters/${letter.id}`), 200), {
    dropped: letter.id,
  });
  assert.deepEqual(await listLetters(t), { count: 0, dead_letters: [] });
  assert.deepEqual(await json(await t.admin("DELETE", `/api/dead-letters/${letter.id}`), 404), {
    error: `dead letter "${letter.id}" does not exist`,
  });
  assert.deepEqual(await json(await t.admin("GET", "/api/dead-letters/dl_missing"), 404), {
    error: 'dead letter "dl_missing" does not exist',
  });
});

Deno.test("the PGlite worker passes the SQLSTATE through, so the flusher parks the poison event", async () => {
  const store = await openEventStore({
    DATA_DIR: "unused",
    memory: true,
    PGLITE_WORKER: true,
    RETENTION_EVENTS_DAYS: 30,
    RETENTION_ROLLUPS_DAYS: 400,
  });
  using kv = await Deno.openKv(":memory:");
  try {
    await assert.rejects(
      () => store.insertEvents([storedEvent({ project_id: "w", user_id: "\u0000" })]),
      (error: Error & { code?: string }) =>
        error.name === "StoreWorkerError" && error.code === "22021" && /0x00/.test(error.message),
    );
    const buffer = new EventBuffer(kv);
    const deadLetters = new DeadLetterStore(kv);
    const flusher = new Flusher(kv, buffer, store, silentLogger, {
      intervalMs: 50,
      batchSize: 100,
      retentionDays: { events: 30, rollups: 400 },
      deadLetters,
    });
    await buffer.append([
      storedEvent({ project_id: "w", id: "a" }),
      storedEvent({ project_id: "w", id: "bad", user_id: "\u0000" }),
      storedEvent({ project_id: "w", id: "b" }),
    ]);
    assert.equal(await flusher.drain(), 3);
    assert.deepEqual(await store.listEventIds("w"), ["a", "b"]);
    assert.deepEqual((await deadLetters.list()).map((l) => [l.event_id, l.sqlstate]), [
      ["bad", "22021"],
    ]);
  } finally {
    await store.close();
  }
});
