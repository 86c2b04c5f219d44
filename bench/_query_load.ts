// Loads one dataset of the query benchmark: `count` events of one project over the 30 days before
// `nowMs`. "inserted": every event through store.insertEvents (the flusher's write path).
// "generated": rollups folded in SQL from virtual events (rollupFromVirtualEventsSql) from the
// first whole minute to a whole hour `rawHours` before now; real events through insertEvents
// before and after (the raw edges of a 30-day window and the user_id path read them). Either way
// rollup_1h holds exactly `count` requests, and so does rollup_1m with `allMinutes`; without it,
// minute rows are generated only for the first day (the only generated minutes a timed query
// reads: the 30-day window's leading edge), which saves about 60 % of the generation time.
import { eventBatches } from "./_query_dataset.ts";
import { rollupFromVirtualEventsSql, rollupParams } from "./_query_rollup_sql.ts";
import type { BenchDb } from "./_query_engines.ts";
import { round, seconds } from "./_query_timing.ts";
import { readMigrations } from "../lib/store/migrate.ts";

export type LoadMethod = "inserted" | "generated";

export interface DatasetInfo {
  events: number;
  method: LoadMethod;
  /** Events that went through store.insertEvents (all of them, or the raw tail). */
  inserted_events: number;
  insert_events_per_s: number | null;
  /** Virtual events folded into rollups by SQL. */
  generated_events: number;
  load_s: number;
  rows: { events: number; rollup_1m: number; rollup_1h: number };
  /** Requests the minute rollups hold (less than `events` when generated without allMinutes). */
  rollup_1m_requests: number;
  database_mb: number;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
export const SPAN_MS = 30 * DAY_MS;
const BATCH = 5_000;

/** What to load: plain data, so a worker can be asked for it (_query_load_worker.ts). */
export interface LoadOptions {
  projectId: string;
  count: number;
  method: LoadMethod;
  nowMs: number;
  rawHours: number;
  idPrefix: string;
  allMinutes: boolean;
}

export async function loadDataset(
  db: BenchDb,
  options: LoadOptions & { progress: (line: string, force?: boolean) => void },
): Promise<DatasetInfo> {
  const { projectId, count, nowMs } = options;
  const fromMs = nowMs - SPAN_MS;
  const started = performance.now();
  let generated = 0;
  let rawTo = fromMs;
  let rawFrom = fromMs;
  if (options.method === "generated") {
    rawTo = Math.ceil(fromMs / MINUTE_MS) * MINUTE_MS;
    rawFrom = Math.floor((nowMs - options.rawHours * HOUR_MS) / HOUR_MS) * HOUR_MS;
    const share = (a: number, b: number) => Math.round(count * (b - a) / SPAN_MS);
    generated = count - share(fromMs, rawTo) - share(rawFrom, nowMs);
    await generateRollups(
      db,
      { projectId, fromMs: rawTo, toMs: rawFrom, count: generated },
      options,
    );
    // rollup_1d from the generated hours: migration 005's backfill (the table is still empty).
    const days = (await readMigrations()).find((m) => m.name === "005_day_rollups.sql")!;
    await db.sql.exec(days.sql);
  }
  const toInsert = count - generated;
  // The raw head (generated only) and the raw tail, in proportion to their lengths.
  const head = Math.round(toInsert * (rawTo - fromMs) / (rawTo - fromMs + nowMs - rawFrom));
  const parts = [
    { fromMs, toMs: rawTo, count: head, tag: "head" },
    { fromMs: rawFrom, toMs: nowMs, count: toInsert - head, tag: "tail" },
  ].filter((p) => p.count > 0);
  const insertStarted = performance.now();
  let inserted = 0;
  for (const part of parts) {
    for (
      const batch of eventBatches({
        projectId,
        fromMs: part.fromMs,
        toMs: part.toMs,
        count: part.count,
        batchSize: BATCH,
        idPrefix: `${options.idPrefix}-${part.tag}`,
        seed: 42,
      })
    ) {
      const result = await db.store.insertEvents(batch);
      if (result.inserted !== batch.length) {
        throw new Error(`insertEvents stored ${result.inserted} of ${batch.length} events`);
      }
      inserted += batch.length;
      const elapsed = performance.now() - insertStarted;
      const rate = inserted / (elapsed / 1000);
      options.progress(
        `insertEvents: ${inserted.toLocaleString("en-US")} / ${
          toInsert.toLocaleString("en-US")
        } events (${Math.round(rate).toLocaleString("en-US")} ev/s, ${
          seconds((toInsert - inserted) / rate * 1000)
        } to go)`,
      );
    }
  }
  const insertMs = performance.now() - insertStarted;
  options.progress("ANALYZE (planner statistics, as autovacuum keeps them)", true);
  await db.sql.exec("ANALYZE events; ANALYZE rollup_1m; ANALYZE rollup_1h;");
  const loadMs = performance.now() - started;
  const [rows] = await db.sql.query<{ events: number; rollup_1m: number; rollup_1h: number }>(
    `SELECT (SELECT count(*) FROM events WHERE project_id = $1)::int8 AS events,
       (SELECT count(*) FROM rollup_1m WHERE project_id = $1)::int8 AS rollup_1m,
       (SELECT count(*) FROM rollup_1h WHERE project_id = $1)::int8 AS rollup_1h`,
    [projectId],
  );
  const stats = await db.store.stats(projectId);
  const minutesComplete = options.method === "inserted" || options.allMinutes;
  if (
    stats.requests_rolled_up_1h !== count ||
    (minutesComplete && stats.requests_rolled_up_1m !== count)
  ) {
    throw new Error(
      `rollups hold ${stats.requests_rolled_up_1m} (1m) / ${stats.requests_rolled_up_1h} (1h) ` +
        `requests, expected ${count}`,
    );
  }
  const [size] = await db.sql.query<{ bytes: number }>(
    "SELECT pg_database_size(current_database())::int8 AS bytes",
  );
  return {
    events: count,
    method: options.method,
    inserted_events: toInsert,
    insert_events_per_s: toInsert > 0 ? Math.round(toInsert / (insertMs / 1000)) : null,
    generated_events: generated,
    load_s: round(loadMs / 1000, 1),
    rows: rows!,
    rollup_1m_requests: stats.requests_rolled_up_1m,
    database_mb: Math.round((size?.bytes ?? 0) / 1_048_576),
  };
}

/**
 * Folds `count` virtual events over [fromMs, toMs) into the rollups, one statement per day of
 * whole hours (each rollup row is written by exactly one statement; toMs is a whole hour).
 */
async function generateRollups(
  db: BenchDb,
  range: { projectId: string; fromMs: number; toMs: number; count: number },
  options: { allMinutes: boolean; progress: (line: string, force?: boolean) => void },
): Promise<void> {
  const { fromMs, toMs, count } = range;
  const bounds = [fromMs];
  for (let t = Math.ceil(fromMs / HOUR_MS) * HOUR_MS + DAY_MS; t < toMs; t += DAY_MS) {
    bounds.push(t);
  }
  bounds.push(toMs);
  const at = (t: number) => Math.round(count * (t - fromMs) / (toMs - fromMs));
  const chunks = bounds.length - 1;
  const withMinutes = rollupFromVirtualEventsSql({ minutes: true });
  const hoursOnly = rollupFromVirtualEventsSql({ minutes: false });
  const started = performance.now();
  for (let d = 0; d < chunks; d++) {
    const a = bounds[d]!;
    const b = bounds[d + 1]!;
    await db.sql.transaction(async (tx) => {
      await tx.query("SET LOCAL work_mem = '64MB'");
      await tx.query(
        options.allMinutes || d === 0 ? withMinutes : hoursOnly,
        rollupParams(range.projectId, a, b, at(b) - at(a)),
      );
    });
    const elapsed = performance.now() - started;
    options.progress(
      `rollups generated in SQL: day ${d + 1} / ${chunks} (${at(b).toLocaleString("en-US")} / ${
        count.toLocaleString("en-US")
      } virtual events, ${seconds(elapsed / (d + 1) * (chunks - d - 1))} to go)`,
      d === 0,
    );
  }
}
