// Query benchmark: latency of the dashboard's `current` and `history` numbers over one project's
// month at 10k, 1M and 10M events, on PGlite and on PostgreSQL, as ratios against the 10k case
// measured in the same run; and an exact query over the raw events as a second reference.
//
//   deno run --allow-all bench/query_bench.ts [--sizes=10k,1m,10m] [--engines=pglite,postgres]
//     [--generate=10m] [--raw-hours=26] [--all-minute-rollups] [--reps=12] [--warmup=2]
//     [--budget-s=3]
//   PostgreSQL runs when BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set: one database per
//   dataset is created on that server and dropped after it.
import { parseArgs } from "node:util";
import { createLogger } from "../lib/log.ts";
import { EventBuffer } from "../lib/store/buffer.ts";
import { NAIVE_CASE, QUERY_CASES, type QueryCase, type QueryContext } from "./_query_cases.ts";
import { type BenchDb, type EngineName, openPgliteDb, openPostgresDb } from "./_query_engines.ts";
import { type DatasetInfo, loadDataset, type LoadMethod } from "./_query_load.ts";
import type { LoadMessage, LoadRequest } from "./_query_load_worker.ts";
import { type EngineResult, engineTables, type SizeResult } from "./_query_report.ts";
import { round, seconds, timeRepeated } from "./_query_timing.ts";
import { writeResults } from "./_results.ts";

const SIZES: Record<string, number> = { "10k": 10_000, "1m": 1_000_000, "10m": 10_000_000 };
const BASELINE = "10k";

const out = createLogger();
const flags = parseArgs({
  args: Deno.args,
  options: {
    sizes: { type: "string", default: "10k,1m,10m" },
    engines: { type: "string", default: "pglite,postgres" },
    generate: { type: "string", default: "10m" },
    "raw-hours": { type: "string", default: "26" },
    "all-minute-rollups": { type: "boolean", default: false },
    reps: { type: "string", default: "12" },
    warmup: { type: "string", default: "2" },
    "budget-s": { type: "string", default: "3" },
  },
}).values;

const list = (s: string) => s.split(",").map((x) => x.trim().toLowerCase()).filter(Boolean);
const sizes = [...new Set([BASELINE, ...list(flags.sizes)])];
for (const s of [...sizes, ...list(flags.generate)]) {
  if (!(s in SIZES)) throw new Error(`unknown size "${s}" (${Object.keys(SIZES).join(", ")})`);
}
const generated = new Set(list(flags.generate));
const timing = {
  warmup: positive("warmup", flags.warmup, true),
  reps: positive("reps", flags.reps),
  minReps: 3,
  budgetMs: positive("budget-s", flags["budget-s"]) * 1000,
};
const rawHours = positive("raw-hours", flags["raw-hours"]);
const serverUrl = Deno.env.get("BENCH_DATABASE_URL") ?? Deno.env.get("TEST_DATABASE_URL");
const runId = crypto.randomUUID().slice(0, 8);
/** Every dataset ends here; queries ask about the windows ending here. */
const nowMs = Date.now();

function positive(name: string, value: string, zeroOk = false): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < (zeroOk ? 0 : 1)) throw new Error(`--${name}: a whole number`);
  return n;
}

function progressFor(prefix: string): (line: string, force?: boolean) => void {
  let last = 0;
  return (line, force = false) => {
    const t = performance.now();
    if (!force && t - last < 5_000) return;
    last = t;
    out.print(`[${prefix}] ${line}`);
  };
}

const engines: EngineName[] = [];
const skipped: string[] = [];
for (const engine of list(flags.engines)) {
  if (engine !== "pglite" && engine !== "postgres") {
    throw new Error(`--engines: unknown engine "${engine}" (pglite, postgres)`);
  }
  if (engine === "postgres" && !serverUrl) {
    skipped.push("postgres: SKIPPED — set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to run it");
    out.print(`[postgres] ${skipped.at(-1)}`);
  } else engines.push(engine);
}

interface Loaded {
  engine: EngineName;
  dataset: DatasetInfo;
  /** Opens the loaded database for timing; disposing it removes the data. */
  open(): Promise<BenchDb>;
}

function loadOptions(size: string) {
  return {
    projectId: `bench-${size}`,
    count: SIZES[size]!,
    method: (generated.has(size) ? "generated" : "inserted") as LoadMethod,
    nowMs,
    rawHours,
    idPrefix: `${runId}-${size}`,
    allMinutes: flags["all-minute-rollups"],
  };
}

function announce(engine: EngineName, size: string, where: string): void {
  const o = loadOptions(size);
  progressFor(`${engine} ${size}`)(
    `loading ${o.count.toLocaleString("en-US")} events (${o.method}) into ${where}`,
    true,
  );
}

/** PGlite loads in a worker; the directory is reopened on the main thread for timing. */
function loadPglite(size: string, tmp: string): Promise<Loaded> {
  const dir = `${tmp}/pglite-${size}`;
  announce("pglite", size, `${dir} (in a worker)`);
  const progress = progressFor(`pglite ${size}`);
  const worker = new Worker(new URL("./_query_load_worker.ts", import.meta.url).href, {
    type: "module",
  });
  const done = Promise.withResolvers<Loaded>();
  worker.onmessage = (message: MessageEvent<LoadMessage>) => {
    const m = message.data;
    if (m.type === "progress") progress(m.line, m.force);
    else if (m.type === "error") done.reject(new Error(`PGlite load: ${m.message}`));
    else {
      done.resolve({
        engine: "pglite",
        dataset: m.dataset,
        open: () => openPgliteDb(dir, { remove: true }),
      });
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    done.reject(new Error(`PGlite load worker: ${event.message}`));
  };
  worker.postMessage({ dir, ...loadOptions(size) } satisfies LoadRequest);
  return done.promise.finally(() => worker.terminate());
}

async function loadPostgres(size: string): Promise<Loaded> {
  const db = await openPostgresDb(serverUrl!, `lm_query_bench_${runId}_${size}`);
  try {
    announce("postgres", size, db.location);
    const dataset = await loadDataset(db, {
      ...loadOptions(size),
      progress: progressFor(`postgres ${size}`),
    });
    return { engine: "postgres", dataset, open: () => Promise.resolve(db) };
  } catch (error) {
    await db[Symbol.asyncDispose]();
    throw error;
  }
}

/** Times every query on one loaded dataset, then removes it. */
async function measure(loaded: Loaded, size: string): Promise<SizeResult> {
  const { engine, dataset } = loaded;
  const progress = progressFor(`${engine} ${size}`);
  progress(
    `loaded in ${dataset.load_s} s: ${dataset.rows.events} events rows, ${dataset.rows.rollup_1m} ` +
      `rollup_1m rows, ${dataset.rows.rollup_1h} rollup_1h rows, ${dataset.database_mb} MB`,
    true,
  );
  await using db = await loaded.open();
  // The KV buffer is empty (no ingest runs): currentMetrics still reads it, as the API does.
  using kv = await Deno.openKv(":memory:");
  const ctx: QueryContext = {
    deps: { store: db.store, buffer: new EventBuffer(kv) },
    sql: db.sql,
    projectId: loadOptions(size).projectId,
    nowMs,
  };
  const time = async (c: QueryCase, ctx: QueryContext, label: string) => {
    let requests = 0;
    const t = await timeRepeated(async () => {
      requests = await c.run(ctx);
    }, timing);
    if (c.expectsEvents && requests !== dataset.events) {
      throw new Error(`${c.name} counted ${requests} requests, the dataset has ${dataset.events}`);
    }
    progress(`${c.name}${label}: p50 ${t.p50_ms} ms, p95 ${t.p95_ms} ms (${t.samples} runs)`, true);
    return t;
  };
  const queries: SizeResult["queries"] = {};
  for (const c of [...QUERY_CASES, NAIVE_CASE]) {
    if (!c.needsRawEvents || dataset.method === "inserted") {
      queries[c.name] = await time(c, ctx, "");
    }
  }
  const variants: SizeResult["variants"] = {};
  for (const v of db.variants) {
    const vctx = { ...ctx, deps: { ...ctx.deps, store: v.store } };
    variants[v.name] = {};
    for (const c of QUERY_CASES) variants[v.name]![c.name] = await time(c, vctx, ` [${v.name}]`);
  }
  const { server_version } = await db.store.info();
  return { size, server_version, dataset, queries, variants };
}

/**
 * Loads one size on each engine, then times each engine alone. Loads run one after the other:
 * on 2 cores, loading both engines at once was slower than in turn.
 */
async function benchSize(size: string, tmp: string): Promise<SizeResult[]> {
  const pending: Loaded[] = [];
  let failed: { reason: unknown } | undefined;
  for (const e of engines) {
    try {
      pending.push(await (e === "pglite" ? loadPglite(size, tmp) : loadPostgres(size)));
    } catch (reason) {
      failed = { reason };
      break;
    }
  }
  const out: SizeResult[] = [];
  try {
    if (failed) throw failed.reason;
    for (let next = pending.shift(); next; next = pending.shift()) {
      out.push(await measure(next, size));
    }
  } finally {
    // Whatever was loaded and not timed is removed all the same (databases dropped).
    for (const l of pending) await (await l.open())[Symbol.asyncDispose]();
  }
  return out;
}

const started = performance.now();
const loadavgAtStart = Deno.loadavg();
out.print(
  `query bench: sizes ${sizes.join(", ")} (generated in SQL: ${
    [...generated].join(", ") || "none"
  }), ` +
    `${timing.warmup} warm-up + up to ${timing.reps} timed runs per query (at least ` +
    `${timing.minReps}, ${timing.budgetMs / 1000} s budget); deno ${Deno.version.deno}, ` +
    `${navigator.hardwareConcurrency} cores, load average ${
      loadavgAtStart.map((x) => x.toFixed(2)).join(" ")
    }`,
);
const tmp = await Deno.makeTempDir({ prefix: "llm-monitor-query-bench-" });
const bySize: SizeResult[][] = [];
try {
  for (const size of sizes) bySize.push(await benchSize(size, tmp));
} finally {
  await Deno.remove(tmp, { recursive: true });
}
const results: EngineResult[] = engines.map((engine, i) => ({
  engine,
  server_version: bySize[0]?.[i]?.server_version ?? "",
  location: engine === "pglite"
    ? "in-process PGlite on a data directory, queries on the main thread"
    : `PostgreSQL server ${new URL(serverUrl!).host}, a fresh database per dataset`,
  sizes: bySize.map((r) => r[i]!),
}));
const runtimeS = round((performance.now() - started) / 1000, 1);

out.print("");
for (const r of results) out.print(`${engineTables(r, BASELINE, rawHours)}\n`);
for (const line of skipped) out.print(line);
out.print(
  `p50 / p95 over the timed runs (nearest rank); ratios divide each size's p50 by the ${BASELINE} ` +
    `p50 of the same query on the same engine, measured in this run. Total runtime ${
      seconds(runtimeS * 1000)
    }.`,
);

const file = await writeResults("query", {
  loadavg: { start: loadavgAtStart, end: Deno.loadavg() },
  runtime_s: runtimeS,
  baseline: BASELINE,
  options: {
    sizes,
    generated: [...generated],
    raw_hours: rawHours,
    all_minute_rollups: flags["all-minute-rollups"],
    ...timing,
  },
  queries: [...QUERY_CASES, NAIVE_CASE].map((c) => ({ name: c.name, reads: c.reads })),
  results,
  skipped,
});
out.print(`results written to ${file}`);
