// Ingest benchmark: events/s and ack latency of POST /v1/events with 100-event batches, on PGlite
// and on PostgreSQL, as ratios against a baseline measured in the same run on the same engine
// (a plain INSERT … ON CONFLICT DO NOTHING of the same rows).
//
//   deno task bench [--clients=8] [--batches=300] [--batch-size=100] [--warmup=8]
//                   [--engines=pglite,postgres] [--deadline-s=120]
//   PostgreSQL runs when BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set.
import { parseArgs } from "node:util";
import { parseEvents, type StoredEvent } from "../lib/ingest/event.ts";
import { createLogger } from "../lib/log.ts";
import {
  createBaselineTable,
  dropBaselineSchema,
  openPgliteRaw,
  openPostgresRaw,
  type RawDb,
  runBaseline,
} from "./_ingest_baseline.ts";
import { buildBatches, type WireEvent } from "./_ingest_events.ts";
import { type MonitorResult, runMonitorLoad, startBenchMonitor } from "./_ingest_monitor.ts";
import { type PathResult, round } from "./_ingest_stats.ts";
import { writeResults } from "./_results.ts";

const ENGINE_NAMES = ["pglite", "postgres"] as const;
type EngineName = typeof ENGINE_NAMES[number];

interface EngineResult {
  engine: EngineName;
  server_version: string;
  timescale: boolean;
  /** The engine's durability settings, read on the baseline connection. */
  settings: Record<string, unknown>;
  /** The monitor's flush knobs in this run (the environment may set them). */
  monitor_config: { FLUSH_INTERVAL_MS: number; FLUSH_BATCH_SIZE: number };
  baseline_concurrency: number;
  /** Columns the baseline fills: every column of `events` a stored event has. */
  baseline_columns: number;
  baseline: PathResult;
  monitor: MonitorResult;
  ratios: { ack: number; end_to_end: number };
}

const out = createLogger();
const flags = parseArgs({
  args: Deno.args,
  options: {
    clients: { type: "string", default: "8" },
    batches: { type: "string", default: "300" },
    "batch-size": { type: "string", default: "100" },
    warmup: { type: "string", default: "8" },
    engines: { type: "string", default: "pglite,postgres" },
    "deadline-s": { type: "string", default: "120" },
  },
}).values;
const options = {
  clients: positive("clients", flags.clients),
  batches: positive("batches", flags.batches),
  batchSize: positive("batch-size", flags["batch-size"]),
  warmup: positive("warmup", flags.warmup),
  deadlineMs: positive("deadline-s", flags["deadline-s"]) * 1_000,
};
const engines = flags.engines.split(",").map((e) => e.trim()).filter((e) => e.length > 0).map(
  (e) => {
    const known = ENGINE_NAMES.find((n) => n === e);
    if (!known) throw new Error(`--engines: unknown engine "${e}" (${ENGINE_NAMES.join(", ")})`);
    return known;
  },
);
const databaseUrl = Deno.env.get("BENCH_DATABASE_URL") ?? Deno.env.get("TEST_DATABASE_URL");
const runId = crypto.randomUUID().slice(0, 8);

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer`);
  return n;
}

async function benchEngine(
  engine: EngineName,
  warmup: WireEvent[][],
  batches: WireEvent[][],
): Promise<EngineResult> {
  const progress = throttled(engine);
  const dir = await Deno.makeTempDir({ prefix: "llm-monitor-bench-" });
  try {
    progress(`starting the monitor (DATA_DIR ${dir}/monitor)`, true);
    await using bench = await startBenchMonitor({
      dataDir: `${dir}/monitor`,
      databaseUrl: engine === "postgres" ? databaseUrl : undefined,
      log: createLogger("warn"),
    });
    const info = await bench.monitor.deps.store.info();
    const { config } = bench.monitor.deps;
    const toStored = (batch: WireEvent[]): StoredEvent[] =>
      parseEvents(batch, {
        projectId: bench.projectId,
        now: Date.now(),
        storeContent: config.STORE_CONTENT,
        contentMaxChars: config.CONTENT_MAX_CHARS,
      }).accepted;
    // PGlite is single-connection: its baseline runs one statement at a time.
    const concurrency = engine === "postgres" ? options.clients : 1;
    const raw: RawDb = engine === "postgres"
      ? openPostgresRaw(databaseUrl!, concurrency)
      : await openPgliteRaw(`${dir}/baseline-pg`);
    const schema = `bench_baseline_${runId}`;
    try {
      const warmRows = warmup.map(toStored);
      const rows = batches.map(toStored);
      const table = await createBaselineTable(raw, schema, rows[0]![0]!);
      const [settings = {}] = await raw.query(
        "SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS synchronous_commit",
      );
      progress(`baseline: ${batches.length} INSERT statements, ${concurrency} in flight`, true);
      const baseline = await runBaseline(raw, table, {
        warmup: warmRows,
        batches: rows,
        concurrency,
        onProgress: (rows) => progress(`baseline: ${rows} rows inserted`),
      });
      progress(`monitor: ${batches.length} POST /v1/events from ${options.clients} clients`, true);
      const monitor = await runMonitorLoad(bench, {
        warmup,
        batches,
        clients: options.clients,
        deadlineMs: options.deadlineMs,
        progress: (line) => progress(line, true),
      });
      if (engine === "postgres") await deleteProjectRows(raw, bench.projectId);
      return {
        engine,
        server_version: info.server_version,
        timescale: info.timescale,
        settings,
        monitor_config: {
          FLUSH_INTERVAL_MS: config.FLUSH_INTERVAL_MS,
          FLUSH_BATCH_SIZE: config.FLUSH_BATCH_SIZE,
        },
        baseline_concurrency: concurrency,
        baseline_columns: table.columns.length,
        baseline,
        monitor,
        ratios: {
          ack: round(monitor.ack.events_per_s / baseline.events_per_s, 3),
          end_to_end: round(monitor.end_to_end.events_per_s / baseline.events_per_s, 3),
        },
      };
    } finally {
      await dropBaselineSchema(raw, schema);
      await raw.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The bench's project shares the PostgreSQL database with others: leave nothing behind. */
async function deleteProjectRows(raw: RawDb, projectId: string): Promise<void> {
  for (const table of ["events", "event_ids", "rollup_1m", "rollup_1h"]) {
    await raw.query(`DELETE FROM ${table} WHERE project_id = $1`, [projectId]);
  }
}

/** Progress lines prefixed with the engine, at most one every 2 s unless forced. */
function throttled(engine: string): (line: string, force?: boolean) => void {
  let last = 0;
  return (line, force = false) => {
    const now = performance.now();
    if (!force && now - last < 2_000) return;
    last = now;
    out.print(`[${engine}] ${line}`);
  };
}

function table(results: EngineResult[]): string {
  const n = (x: number) => Math.round(x).toLocaleString("en-US");
  const ms = (p: PathResult, q: "p50" | "p99") => (p.latency_ms ? p.latency_ms[q].toFixed(1) : "—");
  const lines = [
    "| engine | path | events/s | vs baseline | ack p50 ms | ack p99 ms |",
    "| --- | --- | ---: | ---: | ---: | ---: |",
  ];
  for (const r of results) {
    const rows: Array<[string, PathResult, number]> = [
      ["monitor ack (KV durable)", r.monitor.ack, r.ratios.ack],
      ["monitor end-to-end (in DB)", r.monitor.end_to_end, r.ratios.end_to_end],
      ["baseline INSERT … ON CONFLICT", r.baseline, 1],
    ];
    for (const [path, p, ratio] of rows) {
      lines.push(
        `| ${r.engine} | ${path} | ${n(p.events_per_s)} | ${ratio.toFixed(2)}× | ${
          ms(p, "p50")
        } | ${ms(p, "p99")} |`,
      );
    }
  }
  return lines.join("\n");
}

const total = options.batches * options.batchSize;
out.print(
  `ingest bench: ${options.batches} batches × ${options.batchSize} events = ${total} events, ` +
    `${options.clients} concurrent clients, ${options.warmup} warm-up batches ` +
    `(deno ${Deno.version.deno}, ${navigator.hardwareConcurrency} cores)`,
);
const now = Date.now();
const warmup = buildBatches({
  batches: options.warmup,
  batchSize: options.batchSize,
  idPrefix: `bench-${runId}-warm`,
  now,
  seed: 7,
});
const batches = buildBatches({
  batches: options.batches,
  batchSize: options.batchSize,
  idPrefix: `bench-${runId}`,
  now,
});

const results: EngineResult[] = [];
const skipped: string[] = [];
for (const engine of engines) {
  if (engine === "postgres" && !databaseUrl) {
    const why = "postgres: SKIPPED — set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to run it";
    skipped.push(why);
    out.print(`[postgres] ${why}`);
    continue;
  }
  results.push(await benchEngine(engine, warmup, batches));
}

const baselineNote = [
  "baseline: per batch, one plain `INSERT INTO bench_baseline_<run>.events (…) VALUES ($1, …), … " +
  "ON CONFLICT DO NOTHING` into a copy of `events` (LIKE public.events INCLUDING ALL);",
  `  PostgreSQL: a postgres.js pool, ${options.clients} statements in flight; PGlite: a second ` +
  "PGlite (own data dir) in a worker like the monitor's, one statement at a time.",
].join("\n");
out.print("");
out.print(table(results));
for (const line of skipped) out.print(`\n${line}`);
out.print(`\n${baselineNote}`);
for (const r of results) {
  const m = r.monitor;
  const engine = `${r.server_version}${r.timescale ? " + TimescaleDB" : ""}`;
  const durability =
    `fsync=${r.settings.fsync}, synchronous_commit=${r.settings.synchronous_commit}`;
  const knobs = Object.entries(r.monitor_config).map(([k, v]) => `${k}=${v}`).join(", ");
  const cpu = m.server_cpu_ms_per_100_events ?? "n/a";
  const lag = m.server_loop_lag_ms;
  out.print(
    [
      `${r.engine}: ${engine}; ${durability}; ${knobs}; baseline fills ${r.baseline_columns} columns`,
      `  last event in the database ${m.drain_after_last_ack_ms} ms after the last 202`,
      `  server thread during the load: ${cpu} ms CPU per 100 events acked; ` +
      `event-loop stalls p99 ${lag.p99} ms, max ${lag.max} ms`,
    ].join("\n"),
  );
}

const file = await writeResults("ingest", {
  options: {
    clients: options.clients,
    batches: options.batches,
    batch_size: options.batchSize,
    warmup_batches: options.warmup,
  },
  baseline: baselineNote,
  results,
  skipped,
});
out.print(`results written to ${file}`);
