import assert from "node:assert/strict";
import type { StoredEvent } from "./event.ts";
import { sliceWhole, storableEvent, storableText, unstorableText } from "./storable.ts";
import { storedEvent as testEvent } from "../../tests/_events.ts";

const NOW = Date.parse("2026-01-01T00:00:00Z");

function storedEvent(overrides: Partial<StoredEvent> = {}): StoredEvent {
  return testEvent({ id: "e-1", ts: NOW, received_at: NOW, ...overrides });
}

Deno.test("sliceWhole() never splits a surrogate pair", () => {
  assert.equal(sliceWhole("ab😀c", 3), "ab");
  assert.equal(sliceWhole("ab😀c", 4), "ab😀");
  assert.equal(sliceWhole("abc", 5), "abc");
  assert.equal(sliceWhole("😀", 1), "");
  assert.ok(sliceWhole("x😀".repeat(1_000), 1_001).isWellFormed());
});

Deno.test("storableText() replaces U+0000 and unpaired surrogates with U+FFFD and keeps pairs", () => {
  assert.equal(storableText("a\u0000b"), "a\uFFFDb");
  assert.equal(storableText("\ud800x\udc00😀"), "\uFFFDx\uFFFD😀");
  assert.equal(storableText("clean"), "clean");
});

Deno.test("unstorableText() names why PostgreSQL would refuse a text", () => {
  assert.equal(unstorableText("a\u0000"), "must not contain U+0000");
  assert.equal(
    unstorableText("a\ud83d"),
    "must not contain an unpaired surrogate (invalid UTF-16)",
  );
  assert.equal(unstorableText("😀"), null);
});

Deno.test("storableEvent() returns a storable event unchanged, the same object", () => {
  const e = storedEvent({ metadata: { a: "b", n: 1, ok: true } });
  assert.equal(storableEvent(e), e);
});

Deno.test("storableEvent() brings numbers and times into their column's range", () => {
  const received = Date.parse("2026-01-01T00:00:00Z");
  const e = storableEvent(storedEvent({
    ts: -1e16,
    received_at: received,
    input_tokens: -3.7,
    cached_input_tokens: Number.NaN,
    cost_usd: Number.NEGATIVE_INFINITY,
    status_code: -(2 ** 40),
  }));
  assert.deepEqual(
    [e.ts, e.input_tokens, e.cached_input_tokens, e.cost_usd, e.status_code],
    [received, 0, null, null, null],
  );
});

Deno.test("a leading byte-order mark is refused in identity text and dropped from free text", async () => {
  assert.equal(unstorableText("\uFEFFe-1"), "must not start with U+FEFF (a byte-order mark)");
  assert.equal(unstorableText("e-\uFEFF1"), null);
  assert.equal(storableText("\uFEFF\uFEFFcrash"), "crash");
  // Why: PGlite reads such text back without the mark, so an id would no longer match itself.
  const { PGlite } = await import("@electric-sql/pglite");
  const db = await PGlite.create();
  const [row] = (await db.query<{ t: string }>("SELECT $1::text AS t", ["\uFEFFx"])).rows;
  assert.equal(row!.t, "x");
  await db.close();
});
