// Scale benchmark (issue 15): a month of a busy application posted over HTTP to the monitor run as
// a user runs it (a child process), then every dashboard page and API read timed through HTTP,
// cold (first request after a restart) and warm (median of 5), at 10k events and at the big size
// (1M on PGlite, 10M on PostgreSQL); with the drain rate, bytes per event and the server's RSS.
//
//   deno task bench:scale [--engines=pglite,postgres] [--sizes=10k,1m | --big=200k]
//     [--windows=1h,24h,7d,30d] [--clients=4] [--batch=1000] [--reps=5] [--keep]
//   PostgreSQL runs when BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set: one database per
//   dataset is created on that server and dropped after it.
import { parseArgs } from "node:util";
import { createLogger } from "../lib/log.ts";
import type { Span } from "./_scale_events.ts";
import { adminClient } from "./_scale_http.ts";
import { loadDataset } from "./_scale_load.ts";
import { createDatabase, type ScaleDatabase } from "./_scale_postgres.ts";
import { scaleReads, timeReads } from "./_scale_reads.ts";
import {
  type Engine,
  engineTable,
  footprintTable,
  type Goal,
  GOAL_SIZE,
  goals,
  goalsTable,
  type SizeRun,
} from "./_scale_report.ts";
import { diskBytes, memoryMb, startMonitor } from "./_scale_server.ts";
import { writeResults } from "./_results.ts";

const BASELINE = "10k";
const DAY_MS = 86_400_000;
const out = createLogger();
const flags = parseArgs({
  args: Deno.args,
  options: {
    engines: { type: "string" },
    sizes: { type: "string" },
    big: { type: "string" },
    windows: { type: "string", default: "1h,24h,7d,30d" },
    clients: { type: "string", default: "4" },
    batch: { type: "string", default: "1000" },
    reps: { type: "string", default: "5" },
    keep: { type: "boolean", default: false },
  },
}).values;

const list = (s: string) => s.split(",").map((x) => x.trim().toLowerCase()).filter(Boolean);
function count(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/.exec(text);
  if (!m) throw new Error(`"${text}": a size like 10k, 200k, 1m or 10m`);
  return Math.round(Number(m[1]) * (m[2] === "k" ? 1e3 : m[2] === "m" ? 1e6 : 1));
}
function positive(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: a whole number ≥ 1`);
  return n;
}

const serverUrl = Deno.env.get("BENCH_DATABASE_URL") ?? Deno.env.get("TEST_DATABASE_URL");
const engines =
  (flags.engines ? list(flags.engines) : serverUrl ? ["pglite", "postgres"] : ["pglite"])
    .map((e) => {
      if (e !== "pglite" && e !== "postgres") throw new Error(`unknown engine "${e}"`);
      if (e === "postgres" && !serverUrl) throw new Error("postgres: set BENCH_DATABASE_URL");
      return e as Engine;
    });
const sizesOf = (engine: Engine) =>
  [...new Set([BASELINE, ...(flags.sizes ? list(flags.sizes) : [flags.big ?? GOAL_SIZE[engine]])])]
    .sort((a, b) => count(a) - count(b));
const windows = list(flags.windows);
const clients = positive("clients", flags.clients);
const batchSize = positive("batch", flags.batch);
const reps = positive("reps", flags.reps);
const runId = crypto.randomUUID().slice(0, 8);
const reads = scaleReads(windows);

async function runSize(engine: Engine, size: string): Promise<SizeRun> {
  const progress = (line: string) => out.print(`[${engine} ${size}] ${line}`);
  const events = count(size);
  const dataDir = await Deno.makeTempDir({ prefix: `scale-${engine}-${size}-` });
  let db: ScaleDatabase | undefined;
  try {
    if (engine === "postgres") db = await createDatabase(serverUrl!, `scale_${size}_${runId}`);
    const spec = {
      dataDir,
      databaseUrl: db?.url,
      adminToken: `bench-admin-${crypto.randomUUID()}`,
    };
    progress(`starting the monitor on ${db ? `database ${db.name}` : dataDir}`);
    let server = await startMonitor(spec);
    let admin = adminClient(server.url, spec.adminToken);
    const now = Date.now();
    // The last 30 days, less a margin so the 30-day window and the retention keep every event.
    const span: Span = {
      total: events,
      fromMs: now - 30 * DAY_MS + 30 * 60_000,
      spanMs: 30 * DAY_MS - 31 * 60_000,
      batchSize,
      seed: 15,
    };
    const load = await loadDataset({
      url: server.url,
      pid: server.pid,
      admin,
      ingestKey: await admin.ingestKey("default"),
      span,
      clients,
      progress,
    });
    progress(`stored ${load.events} in ${load.drain_s} s: ${load.drain_events_per_s} events/s`);
    await new Promise((r) => setTimeout(r, 10_000));
    const afterLoad = await memoryMb(server.pid);
    const dataDirBytes = await diskBytes(dataDir);
    const walBytes = engine === "pglite" ? await diskBytes(`${dataDir}/pg/pg_wal`) : null;
    const databaseBytes = db ? await db.sizeBytes() : null;
    progress(
      `idle RSS ${afterLoad?.rss} MB (peak ${afterLoad?.peak} MB); data dir ${
        (dataDirBytes / 1e6).toFixed(1)
      } MB${walBytes === null ? "" : ` (WAL ${(walBytes / 1e6).toFixed(1)} MB)`}${
        databaseBytes === null ? "" : `, database ${(databaseBytes / 1e6).toFixed(1)} MB`
      }; restarting`,
    );
    admin.close();
    await server.stop();
    server = await startMonitor(spec);
    admin = adminClient(server.url, spec.adminToken);
    const timings = await timeReads(admin, reads, { reps, progress });
    const afterReads = await memoryMb(server.pid);
    if (timings.some((t) => t.error)) {
      progress(`some reads failed; the server's log:\n${server.tail()}`);
    }
    admin.close();
    await server.stop();
    return {
      engine,
      size,
      events: load.events,
      load,
      footprint: {
        data_dir_bytes: dataDirBytes,
        wal_bytes: walBytes,
        database_bytes: databaseBytes,
        bytes_per_event: Math.round((dataDirBytes + (databaseBytes ?? 0)) / load.events),
        rss_idle_after_load_mb: afterLoad?.rss ?? null,
        rss_peak_load_mb: afterLoad?.peak ?? null,
        rss_idle_after_reads_mb: afterReads?.rss ?? null,
        rss_peak_reads_mb: afterReads?.peak ?? null,
      },
      reads: timings,
    };
  } finally {
    if (db) await db[Symbol.asyncDispose]();
    if (flags.keep) progress(`kept ${dataDir}`);
    else await Deno.remove(dataDir, { recursive: true });
  }
}

const started = performance.now();
const runs: SizeRun[] = [];
const goalList: Goal[] = [];
out.print(
  `scale bench: engines ${engines.join(", ")}; ${reads.length} reads at ${windows.join(", ")}; ` +
    `${clients} clients, batches of ${batchSize} (gzip); warm = median of ${reps}`,
);
for (const engine of engines) {
  const mine: SizeRun[] = [];
  for (const size of sizesOf(engine)) mine.push(await runSize(engine, size));
  runs.push(...mine);
  const base = mine[0]!;
  const big = mine.length > 1 ? mine.at(-1)! : undefined;
  out.print(`\n## ${engine}: ${base.size} against ${big?.size ?? "(no big size)"}\n`);
  out.print(engineTable(base, big));
  for (const mid of mine.slice(1, -1)) out.print(`\n(${mid.size} also run: see the results file)`);
  goalList.push(...goals(base, big ?? base));
}
out.print(`\n## Footprint and drain\n\n${footprintTable(runs)}`);
out.print(`\n## Goals (issue 15)\n\n${goalsTable(goalList)}`);
const file = await writeResults("scale", {
  options: { engines, windows, clients, batch_size: batchSize, reps },
  runs,
  goals: goalList,
  total_s: Math.round((performance.now() - started) / 1000),
});
out.print(`\nresults written to ${file} (${Math.round((performance.now() - started) / 1000)} s)`);
