// The events list is a keyset page over the (project, ts, id) index: its first page of any window
// reads ~limit rows, never the whole window, with or without planner statistics, on every engine.
import assert from "node:assert/strict";
import { PGlite } from "@electric-sql/pglite";
import { createEventStore } from "../lib/store/event_store.ts";
import { createPgliteClient, pgliteParsers } from "../lib/store/pglite_client.ts";
import { createReadQueries } from "../lib/store/read_queries.ts";
import type { SqlRunner } from "../lib/store/sql.ts";
import { storedEvent } from "./_fixtures.ts";

const DAY = 86_400_000;

Deno.test("the first page of a 30-day events list scans the index backwards and sorts nothing", async () => {
  const db = await PGlite.create({ parsers: pgliteParsers });
  const client = createPgliteClient(db);
  const store = createEventStore(client);
  await store.migrate();
  const now = Date.now();
  const events = Array.from(
    { length: 5_000 },
    (_, i) =>
      storedEvent({ project_id: "p", id: `e${i}`, ts: now - 1_000 - (i / 5_000) * 29 * DAY }),
  );
  await store.insertEvents(events);
  // Records each statement, then runs it for real.
  const statements: Array<[string, unknown[]]> = [];
  const recording: SqlRunner = {
    query: (text, params = []) => {
      statements.push([text, params]);
      return client.query(text, params);
    },
    exec: (text) => client.exec(text),
  };
  const q = { projectId: "p", window: "30d" as const, from: now - 30 * DAY, to: now, filters: {} };
  for (const analyzed of [false, true]) {
    if (analyzed) await db.exec("ANALYZE");
    statements.length = 0;
    const page = await createReadQueries(recording, () => 0).listEvents(q, { limit: 50 });
    assert.deepEqual(page.events.map((e) => e.id), events.slice(0, 50).map((e) => e.id));
    const [text, params] = statements.at(-1)!;
    const plan = (await db.query<{ "QUERY PLAN": string }>(`EXPLAIN ${text}`, params)).rows
      .map((r) => r["QUERY PLAN"]).join("\n");
    assert.match(plan, /Index Scan Backward using events_project_id_ts_id_key/, plan);
    assert.doesNotMatch(plan, /Sort|Seq Scan/, plan);
  }
  await db.close();
});
