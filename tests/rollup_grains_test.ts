// Reads planned across day, hour and minute rollups and raw edges (lib/metrics/time_ranges.ts)
// give the exact answer of the raw events on every engine: current, history at steps of 1m, 1h,
// 6h and 1d, breakdowns; before and after the minute rollups older than ROLLUP_MINUTES_HOURS are
// pruned, and after a re-pricing. And migration 005 rebuilds rollup_1d from rollup_1h.
import assert from "node:assert/strict";
import { PGlite } from "@electric-sql/pglite";
import { PGlite as TimescalePGlite } from "pglite-timescaledb";
import { timescaledb } from "pglite-timescaledb/timescaledb";
import { createEventStore } from "../lib/store/event_store.ts";
import { readMigrations } from "../lib/store/migrate.ts";
import { createPgliteClient, pgliteParsers } from "../lib/store/pglite_client.ts";
import type { StoredEvent } from "../lib/ingest/event.ts";
import { ENGINES } from "./_engines.ts";
import { startTestMonitor, type TestMonitor } from "./_fixtures.ts";
import { assertMatches, expected, get, select } from "./_metrics_dataset.ts";
import { grainEvents, HISTORIES, HOUR, NOW, WINDOWS } from "./_grains_dataset.ts";

const iso = (ms: number) => new Date(ms).toISOString();
const range = (from: number, to: number) => `from=${iso(from)}&to=${iso(to)}`;

async function checkCurrent(t: TestMonitor, events: StoredEvent[], phase: string) {
  for (const [name, from, to] of WINDOWS) {
    const body = await get(t, `/api/metrics/current?project=${t.projectId}&${range(from, to)}`);
    assertMatches(body, expected(select(events, from, to), to - from), `${phase}: ${name}`);
  }
  for (const [window, ms] of [["24h", 24 * HOUR], ["7d", 168 * HOUR], ["30d", 720 * HOUR]]) {
    const body = await get(t, `/api/metrics/current?project=${t.projectId}&window=${window}`);
    const want = expected(select(events, NOW - (ms as number), NOW), ms as number);
    assertMatches(body, want, `${phase}: window ${window}`);
  }
}

async function checkBreakdowns(t: TestMonitor, events: StoredEvent[], phase: string) {
  for (const [name, from, to] of WINDOWS) {
    for (const by of ["model", "endpoint"] as const) {
      const body = await get(
        t,
        `/api/metrics/breakdown?project=${t.projectId}&by=${by}&limit=50&${range(from, to)}`,
      );
      const rows = body.rows as Array<Record<string, unknown> & { key: string }>;
      const inWindow = select(events, from, to);
      const keys = [...new Set(inWindow.map((e) => String(e[by])))].sort();
      assert.deepEqual(rows.map((r) => r.key).sort(), keys, `${phase}: ${name} by ${by}`);
      for (const row of rows) {
        const mine = inWindow.filter((e) => e[by] === row.key);
        assertMatches(row, expected(mine, to - from), `${phase}: ${name} by ${by} = ${row.key}`);
      }
    }
  }
}

type Series = Array<{ key: string; points: Array<[number, number | null]> }>;

async function checkHistory(t: TestMonitor, events: StoredEvent[], phase: string) {
  for (const [step, stepMs, from, to] of HISTORIES) {
    const base = `/api/metrics/history?project=${t.projectId}&step=${step}&${range(from, to)}`;
    const what = `${phase}: history step ${step} from ${iso(from)}`;
    const slot = (at: number) => [Math.max(at, from), Math.min(at + stepMs, to)] as const;
    const byModel = (await get(t, `${base}&metric=requests&group_by=model`)).series as Series;
    let counted = 0;
    for (const s of byModel) {
      for (const [at, value] of s.points) {
        const [a, b] = slot(at);
        const want = select(events, a, b, { model: [s.key] }).length;
        assert.equal(value ?? 0, want, `${what}: ${s.key} at ${iso(at)}`);
        counted += want;
      }
    }
    assert.equal(counted, select(events, from, to).length, `${what}: every event in a point`);
    for (const metric of ["cost_usd", "output_tokens", "p95_latency_ms", "error_rate"]) {
      const [all] = (await get(t, `${base}&metric=${metric}`)).series as Series;
      for (const [at, value] of all!.points) {
        const [a, b] = slot(at);
        const slotEvents = select(events, a, b);
        const want = expected(slotEvents, b - a)[metric as "cost_usd"];
        if (slotEvents.length === 0 && metric !== "cost_usd" && metric !== "output_tokens") {
          assert.equal(value, null, `${what}: ${metric} at ${iso(at)}`);
        } else assertMatches({ [metric]: value ?? 0 }, { [metric]: want }, `${what} at ${iso(at)}`);
      }
    }
  }
}

/** New costs for every seventh event (some unpriced), in the store and in `events`. */
async function reprice(store: TestMonitor["monitor"]["deps"]["store"], events: StoredEvent[]) {
  const updates = events.filter((_, i) => i % 7 === 0).map((e, i) => ({
    id: e.id,
    cost_usd: i % 5 === 0 ? null : 0.25 + i * 1e-4,
    input_cost_usd: null,
    output_cost_usd: null,
    cache_savings_usd: null,
    cost_source: i % 5 === 0 ? null : "computed" as const,
    price_version: "grains-test",
  }));
  assert.equal(await store.applyPrices(events[0]!.project_id, updates), updates.length);
  const byId = new Map(updates.map((u) => [u.id, u]));
  events.forEach((e, i) => events[i] = { ...e, ...byId.get(e.id) });
}

for (const engine of ENGINES) {
  Deno.test({
    name: `[${engine.name}] reads across day, hour and minute rollups equal the raw events, ` +
      "before and after minute rollups are pruned and after re-pricing",
    ignore: engine.ignore,
    fn: async () => {
      await using t = await startTestMonitor({
        engine,
        now: () => NOW,
        env: { RETENTION_EVENTS_DAYS: "400" },
      });
      const events = grainEvents(t.projectId);
      const store = t.monitor.deps.store;
      for (let i = 0; i < events.length; i += 600) {
        await store.insertEvents(events.slice(i, i + 600), { now: NOW });
      }
      for (const phase of ["all minute rollups", "minute rollups pruned", "re-priced"]) {
        if (phase === "re-priced") await reprice(store, events);
        if (phase === "minute rollups pruned") {
          await store.enforceRetention(NOW, { events: 400, rollups: 400 });
          const stats = await store.stats(t.projectId);
          assert.equal(stats.requests_rolled_up_1h, events.length);
          const kept = events.filter((e) => e.ts >= NOW - 48 * HOUR).length;
          assert.equal(stats.requests_rolled_up_1m, kept, "minute rollups of the last 48 h only");
        }
        await checkCurrent(t, events, phase);
        await checkBreakdowns(t, events, phase);
        await checkHistory(t, events, phase);
      }
    },
  });
}

/** rollup_1d rows in a comparable form: floats rounded (sums may add in another order). */
async function dayRows(client: ReturnType<typeof createPgliteClient>) {
  const rows = await client.query<Record<string, unknown>>(
    `SELECT * FROM rollup_1d ORDER BY project_id, bucket, model, provider, endpoint, application,
     status`,
  );
  return rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [k, typeof v === "number" ? Number(v.toPrecision(12)) : v]),
    )
  );
}

for (
  const [name, open] of [
    ["pglite", () => PGlite.create({ parsers: pgliteParsers })],
    ["timescaledb", async () => {
      const db = await TimescalePGlite.create({
        extensions: { timescaledb },
        parsers: pgliteParsers,
      });
      await db.exec("CREATE EXTENSION IF NOT EXISTS timescaledb; LOAD 'timescaledb';");
      return db as unknown as PGlite;
    }],
  ] as const
) {
  Deno.test(`[${name}] migration 005 backfills rollup_1d from rollup_1h`, async () => {
    const db = await open();
    const client = createPgliteClient(db);
    const store = createEventStore(client);
    try {
      await store.migrate();
      const events = grainEvents("backfill");
      await store.insertEvents(events, { now: NOW });
      const written = await dayRows(client);
      assert.ok(written.length > 40);
      await client.exec("DELETE FROM rollup_1d");
      const migration = (await readMigrations()).find((m) => m.name === "005_day_rollups.sql")!;
      await client.exec(migration.sql);
      assert.deepEqual(await dayRows(client), written);
      // Only into an empty table: a second run adds nothing.
      await client.exec(migration.sql);
      assert.deepEqual(await dayRows(client), written);
    } finally {
      await store.close();
    }
  });
}
