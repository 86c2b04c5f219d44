// Breakdowns read whole UTC days from rollup_user_1d, the partial days at the edges from events,
// and latency bins only for the keys they return; on every engine, against answers folded from
// the raw events (tests/_user_rollups.ts), with buffered events and ties.
import assert from "node:assert/strict";
import { PGlite } from "@electric-sql/pglite";
import { SUM_FIELDS } from "../lib/metrics/catalogue.ts";
import { rollUpUsers, type UserRollupRow } from "../lib/metrics/user_rollup.ts";
import { createEventStore } from "../lib/store/event_store.ts";
import { binSql } from "../lib/store/histogram_sql.ts";
import { readMigrations } from "../lib/store/migrate.ts";
import { createPgliteClient, pgliteParsers } from "../lib/store/pglite_client.ts";
import { createPostgresClient } from "../lib/store/postgres_client.ts";
import type { Row } from "../lib/store/sql.ts";
import type { StoredEvent } from "../lib/ingest/event.ts";
import { breakdownMetrics } from "../lib/metrics/live_metrics.ts";
import { filterOptions } from "../lib/metrics/filter_options.ts";
import type { MetricName } from "../lib/metrics/catalogue.ts";
import type { BreakdownBy, Filters, MetricsQuery } from "../lib/metrics/query.ts";
import { spendUsd } from "../lib/cost/budget_spend.ts";
import { ENGINES, TEST_DATABASE_URL, uniqueProject } from "./_engines.ts";
import { startTestMonitor, storedEvent } from "./_fixtures.ts";
import { assertBreakdown, DAY, NOW, reference, userEvents } from "./_user_rollups.ts";

const MIDNIGHT = Math.floor(NOW / DAY) * DAY;
const CASES: Array<[BreakdownBy, MetricName, number, Filters]> = [
  ["user_id", "requests", 10, {}],
  ["user_id", "p95_latency_ms", 10, {}],
  ["user_id", "cost_usd", 5, { application: ["batch"] }],
  ["user_id", "requests", 8, { model: ["gpt-4o"] }],
  ["application", "requests", 5, { user_id: ["user-1", "user-2"] }],
  ["application", "p95_latency_ms", 5, {}],
  ["model", "p95_latency_ms", 2, {}],
  ["model", "requests", 3, { application: ["assistant"] }],
  ["endpoint", "errors", 1, { user_id: ["user-5"] }],
];

async function insert(
  store: { insertEvents(e: StoredEvent[]): Promise<unknown> },
  events: StoredEvent[],
) {
  for (let i = 0; i < events.length; i += 500) await store.insertEvents(events.slice(i, i + 500));
}

for (const engine of ENGINES) {
  Deno.test({
    name: `[${engine.name}] breakdownMetrics() equals the raw events over day rollups and edges`,
    ignore: engine.ignore,
    fn: async () => {
      await using t = await startTestMonitor({ engine, now: () => NOW });
      const deps = t.monitor.deps;
      const events = userEvents(t.projectId, 3000);
      await insert(deps.store, events);
      const windows: Array<[string, number, number]> = [
        ["mid-day edges", NOW - 9.5 * DAY + 12_345, NOW - 1234],
        ["within one day", MIDNIGHT - DAY + 3_600_000, MIDNIGHT - 7_200_000],
        ["whole days", MIDNIGHT - 7 * DAY, MIDNIGHT],
      ];
      for (const [name, from, to] of windows) {
        for (const [by, sort, limit, filters] of CASES) {
          const q: MetricsQuery = { projectId: t.projectId, window: "custom", from, to, filters };
          const got = await breakdownMetrics(deps, q, by, { sort, limit });
          assert.equal(
            got.rows.length,
            Math.min(limit, reference(events, q, by, sort, 1e9).rows.length),
          );
          assertBreakdown(
            got,
            events,
            q,
            `${name} by ${by} sort ${sort} ${JSON.stringify(filters)}`,
          );
        }
        // A budget of one user reads the same rollup.
        const user: MetricsQuery = {
          projectId: t.projectId,
          window: "custom",
          from,
          to,
          filters: { user_id: ["user-3"] },
        };
        const want = events.filter((e) => e.user_id === "user-3" && e.ts >= from && e.ts < to)
          .reduce((s, e) => s + (e.cost_usd ?? 0), 0);
        assert.ok(Math.abs(await spendUsd(deps, user, []) - want) < 1e-12, `${name} user spend`);
      }
      // The filter bar: every value seen, models most requested first.
      const q: MetricsQuery = {
        projectId: t.projectId,
        window: "custom",
        from: NOW - 9.5 * DAY,
        to: NOW,
        filters: { model: ["gpt-4o"] },
      };
      const seen = events.filter((e) => e.ts >= q.from && e.ts < q.to);
      const options = await filterOptions(deps, q, []);
      const count = (m: string) => seen.filter((e) => e.model === m).length;
      const models = [...new Set(seen.map((e) => e.model))]
        .sort((a, b) => count(b) - count(a) || a.localeCompare(b));
      assert.deepEqual(options.values, {
        model: models,
        provider: ["anthropic", "openai"],
        endpoint: ["chat", "search"],
        application: ["assistant", "batch"],
        status: ["success", "error", "timeout"],
      });
      assert.deepEqual(options.colors, Object.fromEntries(models.map((m, i) => [m, i])));
    },
  });

  Deno.test({
    name: `[${engine.name}] breakdownMetrics() merges buffered events before it picks the top keys`,
    ignore: engine.ignore,
    fn: async () => {
      await using t = await startTestMonitor({ engine, now: () => NOW });
      const deps = t.monitor.deps;
      const p = t.projectId;
      const at = (user: string, days: number, i: number, latency = 100) =>
        storedEvent({
          project_id: p,
          id: `${user}-${days}-${i}`,
          ts: NOW - days * DAY - i * 1000,
          user_id: user,
          latency_ms: latency,
        });
      // Three users tied at three requests each, over whole days and the edges.
      const stored = ["tie-b", "tie-c", "tie-a"].flatMap((
        u,
      ) => [at(u, 0, 1), at(u, 2, 1), at(u, 4.6, 1)]);
      await insert(deps.store, stored);
      const q: MetricsQuery = {
        projectId: p,
        window: "custom",
        from: NOW - 5 * DAY,
        to: NOW,
        filters: {},
      };
      const top = async (sort: MetricName = "requests") =>
        (await breakdownMetrics(deps, q, "user_id", { sort, limit: 2 })).rows.map((r) => r.key);
      assert.deepEqual(await top(), ["tie-a", "tie-b"], "ties go by key");

      // A buffered event lifts tie-c; one already stored and still buffered counts once.
      await deps.buffer.append([at("tie-c", 1, 2), stored[0]!]);
      assert.deepEqual(await top(), ["tie-c", "tie-a"]);
      // A user only in the buffer enters the top; its bins come from the buffer.
      await deps.buffer.append([1, 2, 3, 4].map((i) => at("new", 0.5, i, 9000)));
      assert.deepEqual(await top(), ["new", "tie-c"]);
      assert.deepEqual(await top("p95_latency_ms"), ["new", "tie-a"]);

      // At scale: stored, buffered, and both at once.
      const many = userEvents(p, 1500, "many");
      await insert(deps.store, many.slice(0, 1200));
      await deps.buffer.append(many.slice(1100));
      const all = [
        ...stored,
        at("tie-c", 1, 2),
        ...[1, 2, 3, 4].map((i) => at("new", 0.5, i, 9000)),
        ...many,
      ];
      for (const [by, sort, limit, filters] of CASES) {
        const bq = { ...q, from: NOW - 4.5 * DAY - 777, filters };
        const got = await breakdownMetrics(deps, bq, by, { sort, limit });
        assertBreakdown(got, all, bq, `buffered by ${by} sort ${sort} ${JSON.stringify(filters)}`);
      }
    },
  });
}

const CLIENTS = [
  {
    name: "pglite",
    ignore: false,
    open: async () => createPgliteClient(await PGlite.create({ parsers: pgliteParsers })),
  },
  {
    name: "postgres",
    ignore: TEST_DATABASE_URL === undefined,
    open: () => Promise.resolve(createPostgresClient(TEST_DATABASE_URL!, { max: 2 })),
  },
];
const ROWS_SQL = `SELECT (extract(epoch FROM bucket) * 1000)::float8 AS bucket, user_id,
  application, ${SUM_FIELDS.join(", ")}, latency_max_ms, latency_hist
  FROM rollup_user_1d WHERE project_id = $1`;

function assertRows(got: Row[], want: UserRollupRow[], what: string) {
  const key = (r: Row | UserRollupRow) => JSON.stringify([r.bucket, r.user_id, r.application]);
  const byKey = new Map(got.map((r) => [key(r), r]));
  assert.deepEqual([...byKey.keys()].sort(), want.map(key).sort(), `${what}: the same rows`);
  for (const w of want) {
    const g = byKey.get(key(w))!;
    for (const f of [...SUM_FIELDS, "latency_max_ms"] as const) {
      const [a, b] = [Number(g[f]), w[f]];
      assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what} ${key(w)} ${f}`);
    }
    assert.deepEqual(g.latency_hist, w.latency_hist, `${what} ${key(w)} latency_hist`);
  }
}

for (const engine of CLIENTS) {
  Deno.test({
    name: `[${engine.name}] rollup_user_1d: write path, backfill, re-pricing and retention agree`,
    ignore: engine.ignore,
    fn: async () => {
      const client = await engine.open();
      await using store = Object.assign(createEventStore(client), {
        [Symbol.asyncDispose]: () => client.close(),
      });
      await store.migrate();
      const p = uniqueProject("users");
      const events = userEvents(p, 2000);
      await insert(store, events);
      assertRows(await client.query(ROWS_SQL, [p]), rollUpUsers(events), "write path");

      // The migration's backfill, run again in a scratch schema and rolled back.
      const migration = (await readMigrations()).find((m) => m.name === "007_user_rollups.sql")!;
      assert.ok(migration.sql.replace(/\s+/g, " ").includes(binSql("latency_ms")), "same bins");
      const rollback = new Error("rollback");
      let backfilled: Row[] = [];
      await client.transaction(async (tx) => {
        const schema = `backfill_${crypto.randomUUID().slice(0, 8)}`;
        await tx.exec(`CREATE SCHEMA ${schema}; SET LOCAL search_path TO ${schema}, public`);
        await tx.exec(migration.sql);
        backfilled = await tx.query(ROWS_SQL, [p]);
        throw rollback;
      }).catch((e) => {
        if (e !== rollback) throw e;
      });
      assertRows(backfilled, rollUpUsers(events), "backfill");

      // Re-pricing moves the user rollup by the difference.
      const repriced = events.map((e, i) =>
        i % 7 === 0
          ? { ...e, cost_usd: i % 2 ? null : 0.002, input_cost_usd: i % 2 ? null : 0.0005 }
          : e
      );
      const updates = repriced.filter((_, i) => i % 7 === 0).map((e) => ({
        id: e.id,
        cost_usd: e.cost_usd,
        input_cost_usd: e.input_cost_usd,
        output_cost_usd: e.output_cost_usd,
        cache_savings_usd: e.cache_savings_usd,
        cost_source: e.cost_source,
        price_version: "test@1",
      }));
      assert.ok(await store.applyPrices(p, updates) > 0);
      assertRows(await client.query(ROWS_SQL, [p]), rollUpUsers(repriced), "re-priced");

      // Retention drops the days that ended before the cutoff (PGlite: a database of its own).
      if (engine.name !== "pglite") return;
      await store.enforceRetention(NOW, { events: 400, rollups: 5 });
      const kept = rollUpUsers(repriced).filter((r) => r.bucket + DAY > NOW - 5 * DAY);
      assert.ok(kept.length < rollUpUsers(repriced).length);
      assertRows(await client.query(ROWS_SQL, [p]), kept, "after retention");
    },
  });
}
