// What PostgreSQL cannot store never reaches the buffer: POST /v1/events rejects it with the field
// named, or stores a normalised text; the last guard in acceptEvents covers any mapping (OTLP).
// On every engine the drain then stays clear: no dead letters.
import assert from "node:assert/strict";
import { acceptEvents, admit } from "../lib/ingest/accept.ts";
import { ENGINES } from "./_engines.ts";
import { event, startTestMonitor, storedEvent, type TestMonitor } from "./_fixtures.ts";
import { otlpJson, postTraces } from "./otlp_fixtures.ts";

async function drainClean(t: TestMonitor): Promise<void> {
  await t.monitor.deps.flusher.drain();
  assert.equal(await t.monitor.deps.buffer.size(), 0);
  assert.deepEqual(await t.monitor.deps.deadLetters.list(), [], "no event was refused");
}

for (const engine of ENGINES) {
  Deno.test({
    name:
      `POST /v1/events rejects text and numbers PostgreSQL cannot store, naming the field (${engine.name})`,
    ignore: engine.ignore,
    fn: async () => {
      await using t = await startTestMonitor({ engine });
      const events = [
        event({ id: "ok" }),
        event({ model: "gpt\u00004o" }),
        event({ user_id: "u-\ud800" }),
        event({ session_id: "\udc00s" }),
        event({ id: "id-\u0000" }),
        event({ metadata: { team: "a\u0000" } }),
        event({ metadata: { ["k\udfff"]: "v" } }),
        event({ input_tokens: "INFINITY" }),
        event({ output_tokens: 2 ** 63 }),
        event({ status_code: 2 ** 31 }),
        event({ cost_usd: "INFINITY" }),
        event({ id: "year-zero", timestamp: "0000-01-01T00:00:00Z" }),
      ];
      // 1e400 is valid JSON and parses to Infinity.
      const body = JSON.stringify({ events }).replaceAll('"INFINITY"', "1e400");
      const response = await t.post(body);
      assert.equal(response.status, 202);
      assert.equal(response.headers.get("content-type"), "application/json");
      assert.deepEqual(await response.json(), {
        accepted: 2,
        rejected: [
          { index: 1, errors: ["model: must not contain U+0000"] },
          {
            index: 2,
            errors: ["user_id: must not contain an unpaired surrogate (invalid UTF-16)"],
          },
          {
            index: 3,
            errors: ["session_id: must not contain an unpaired surrogate (invalid UTF-16)"],
          },
          { index: 4, errors: ["id: must not contain U+0000"] },
          { index: 5, errors: ["metadata.team: must not contain U+0000"] },
          {
            index: 6,
            errors: ["metadata: a key must not contain an unpaired surrogate (invalid UTF-16)"],
          },
          { index: 7, errors: ["input_tokens: must be a finite number"] },
          { index: 8, errors: ["output_tokens: must be at most 9007199254740991"] },
          { index: 9, errors: ["status_code: must be at most 2147483647"] },
          { index: 10, errors: ["cost_usd: must be a finite number"] },
        ],
      });
      await drainClean(t);
      assert.deepEqual(await t.monitor.deps.store.listEventIds(t.projectId), ["ok", "year-zero"]);
      const yearZero = await t.monitor.deps.store.getEvent(t.projectId, "year-zero");
      assert.equal(yearZero?.ts, Date.parse("0000-01-01T00:00:00Z"));
    },
  });

  Deno.test({
    name:
      `POST /v1/events stores free text with U+0000 or a lone surrogate normalised, cut between pairs (${engine.name})`,
    ignore: engine.ignore,
    fn: async () => {
      await using t = await startTestMonitor({
        engine,
        env: { STORE_CONTENT: "true", CONTENT_MAX_CHARS: "6" },
      });
      const response = await t.post({
        events: [
          event({
            id: "free",
            status: "error",
            // 3,999 characters, then a pair that the 4,000-character cut would split.
            error_message: `\u0000${"x".repeat(3_998)}😀 tail`,
            input: "a\u0000b\ud800😀😀",
            output: "ok 😀",
          }),
        ],
      });
      assert.equal(response.status, 202);
      assert.deepEqual(await response.json(), { accepted: 1, rejected: [] });
      await drainClean(t);
      const stored = await t.monitor.deps.store.getEvent(t.projectId, "free");
      assert.equal(stored?.error_message, `\uFFFD${"x".repeat(3_998)}`);
      assert.equal(stored?.input, "a\uFFFDb\uFFFD😀");
      assert.equal(stored?.output, "ok 😀");
    },
  });

  Deno.test({
    name:
      `acceptEvents() makes every text and number of an event storable before buffering it (${engine.name})`,
    ignore: engine.ignore,
    fn: async () => {
      await using t = await startTestMonitor({ engine });
      const deps = t.monitor.deps;
      const [key] = await deps.auth.listKeys(t.projectId);
      const rate = await admit(key!, deps);
      // What a mapping could miss: nothing here went through the event schema.
      await acceptEvents(
        [storedEvent({
          project_id: t.projectId,
          id: "mapped\ud800",
          model: "m\u0000",
          provider: "p\udc00",
          application: "\u0000",
          input_tokens: Number.NaN,
          output_tokens: 2 ** 70,
          latency_ms: Number.POSITIVE_INFINITY,
          status_code: 2 ** 40,
          error_message: "e\u0000",
          metadata: { ["k\u0000"]: "v\ud800", n: Number.NaN },
        })],
        t.projectId,
        rate.hit,
        deps,
      );
      await drainClean(t);
      const stored = await deps.store.getEvent(t.projectId, "mapped\uFFFD");
      assert.ok(stored, "stored under its normalised id");
      assert.deepEqual(
        {
          model: stored.model,
          provider: stored.provider,
          application: stored.application,
          input_tokens: stored.input_tokens,
          output_tokens: stored.output_tokens,
          latency_ms: stored.latency_ms,
          status_code: stored.status_code,
          error_message: stored.error_message,
          metadata: stored.metadata,
        },
        {
          model: "m\uFFFD",
          provider: "p\uFFFD",
          application: "\uFFFD",
          input_tokens: 0,
          output_tokens: Number.MAX_SAFE_INTEGER,
          latency_ms: null,
          status_code: null,
          error_message: "e\uFFFD",
          metadata: { "k\uFFFD": "v\uFFFD", n: "NaN" },
        },
      );
    },
  });

  Deno.test({
    name:
      `POST /v1/traces rejects a span whose attributes PostgreSQL cannot store, naming the field (${engine.name})`,
    ignore: engine.ignore,
    fn: async () => {
      await using t = await startTestMonitor({ engine });
      const span = (spanId: string, attributes: Record<string, string>) => ({
        spanId,
        name: "chat",
        startMs: Date.now() - 1_000,
        durationMs: 10,
        attributes: {
          "gen_ai.operation.name": "chat",
          "gen_ai.request.model": "gpt-4o",
          ...attributes,
        },
      });
      const response = await postTraces(
        t,
        otlpJson([
          span("00000000000000b1", {}),
          span("00000000000000b2", { "gen_ai.request.model": "gpt\u00004o" }),
          span("00000000000000b3", { "app.tenant": "t\u0000" }),
        ]),
      );
      assert.equal(response.status, 200);
      const { partialSuccess } = await response.json() as {
        partialSuccess: { rejectedSpans: string; errorMessage: string };
      };
      assert.equal(partialSuccess.rejectedSpans, "2");
      assert.match(
        partialSuccess.errorMessage,
        /span 00000000000000b2: model: must not contain U\+0000/,
      );
      assert.match(
        partialSuccess.errorMessage,
        /span 00000000000000b3: metadata\.[\w.]+: must not contain U\+0000/,
      );
      await drainClean(t);
      assert.equal((await t.monitor.deps.store.stats(t.projectId)).events, 1);
    },
  });
}
