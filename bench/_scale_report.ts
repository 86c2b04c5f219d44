// The scale benchmark's tables: per engine, each read at 10k and at the big size with their ratio;
// and the goals, each with the figure beside it and ok or MISSED.
import type { LoadResult } from "./_scale_load.ts";
import type { ReadKind, ReadTiming } from "./_scale_reads.ts";
import { markdownTable } from "./_query_timing.ts";

export type Engine = "pglite" | "postgres";

export interface Footprint {
  /** PGlite: the data directory (KV and database); PostgreSQL: the data directory (KV). */
  data_dir_bytes: number;
  /** PGlite's write-ahead log (DATA_DIR/pg/pg_wal), part of data_dir_bytes. */
  wal_bytes: number | null;
  /** PostgreSQL: pg_database_size. */
  database_bytes: number | null;
  bytes_per_event: number;
  rss_idle_after_load_mb: number | null;
  rss_peak_load_mb: number | null;
  rss_idle_after_reads_mb: number | null;
  rss_peak_reads_mb: number | null;
}

export interface SizeRun {
  engine: Engine;
  size: string;
  events: number;
  load: LoadResult;
  footprint: Footprint;
  reads: ReadTiming[];
}

/** The size each goal is stated at, per engine. */
export const GOAL_SIZE: Record<Engine, string> = { pglite: "1m", postgres: "10m" };
const DRAIN_GOAL: Record<Engine, number> = { pglite: 20_000, postgres: 50_000 };

export function engineTable(base: SizeRun, big: SizeRun | undefined): string {
  const bigBy = new Map(big?.reads.map((r) => [r.name, r]) ?? []);
  const rows = base.reads.map((r) => {
    const b = bigBy.get(r.name);
    const ratio = b?.warm_ms != null && r.warm_ms != null && r.warm_ms > 0
      ? Math.round((b.warm_ms / r.warm_ms) * 10) / 10
      : null;
    return [
      r.name,
      cell(r.warm_ms, r.error),
      r.cold_ms,
      cell(b?.warm_ms ?? null, b?.error),
      b?.cold_ms ?? null,
      ratio,
    ];
  });
  const s = big?.size ?? "–";
  return markdownTable(
    [
      "read",
      `${base.size} warm ms`,
      `${base.size} cold ms`,
      `${s} warm ms`,
      `${s} cold ms`,
      "ratio",
    ],
    rows,
  );
}

export function footprintTable(runs: readonly SizeRun[]): string {
  const mb = (b: number | null) => (b === null ? null : (b / 1e6).toFixed(1));
  return markdownTable(
    [
      "engine size",
      "drain ev/s",
      "post ev/s",
      "data dir MB",
      "WAL MB",
      "database MB",
      "B/event",
      "RSS idle MB",
      "RSS peak MB",
    ],
    runs.map((r) => [
      `${r.engine} ${r.size}`,
      r.load.drain_events_per_s,
      r.load.post_events_per_s,
      mb(r.footprint.data_dir_bytes),
      mb(r.footprint.wal_bytes),
      mb(r.footprint.database_bytes),
      r.footprint.bytes_per_event,
      idleRss(r),
      Math.max(r.footprint.rss_peak_load_mb ?? 0, r.footprint.rss_peak_reads_mb ?? 0) || null,
    ]),
  );
}

export interface Goal {
  engine: Engine;
  size: string;
  goal: string;
  figure: string;
  ok: boolean | null;
}

/** The goals, checked on each engine's largest run (and its 10k run for ratios). */
export function goals(base: SizeRun, big: SizeRun): Goal[] {
  const at = big.size === GOAL_SIZE[big.engine] ? "" : ` (goal at ${GOAL_SIZE[big.engine]})`;
  const out: Goal[] = [];
  const add = (goal: string, figure: string, ok: boolean | null) =>
    out.push({ engine: big.engine, size: big.size, goal: goal + at, figure, ok });
  const worst = (
    kinds: ReadKind[],
    pick: (r: ReadTiming) => number | null,
    limit: number,
    goal: string,
  ) => {
    const reads = big.reads.filter((r) => kinds.includes(r.kind));
    const failed = reads.filter((r) => pick(r) === null);
    const top = reads.filter((r) => pick(r) !== null).sort((a, b) => pick(b)! - pick(a)!)[0];
    const over = reads.filter((r) => pick(r) !== null && pick(r)! > limit).length;
    const figure = top ? `max ${pick(top)} ms (${top.name}); ${over} of ${reads.length} over` : "–";
    add(
      goal,
      failed.length ? `${figure}; ${failed.length} failed` : figure,
      failed.length ? false : top ? over === 0 : null,
    );
  };
  worst(["page"], (r) => r.warm_ms, 300, "every page ≤ 300 ms warm");
  worst(["page"], (r) => r.cold_ms, 1_000, "every page ≤ 1 s cold");
  worst(["api", "events", "csv"], (r) => r.warm_ms, 100, "every API read ≤ 100 ms warm");
  worst(["events"], (r) => r.warm_ms, 50, "events first page ≤ 50 ms warm");
  const baseBy = new Map(base.reads.map((r) => [r.name, r.warm_ms]));
  const ratios = big.reads.flatMap((r) => {
    const b = baseBy.get(r.name);
    return r.warm_ms !== null && b ? [{ name: r.name, ratio: r.warm_ms / b }] : [];
  }).sort((a, b) => b.ratio - a.ratio);
  const top = ratios[0];
  const over = ratios.filter((r) => r.ratio > 3).length;
  const measured = top !== undefined && big !== base;
  add(
    `no read more than 3× its time at ${base.size}`,
    measured ? `max ${top.ratio.toFixed(1)}× (${top.name}); ${over} of ${ratios.length} over` : "–",
    measured ? over === 0 : null,
  );
  add(
    `drain ≥ ${DRAIN_GOAL[big.engine]} events/s`,
    `${big.load.drain_events_per_s} events/s`,
    big.load.drain_events_per_s >= DRAIN_GOAL[big.engine],
  );
  add(
    "≤ 500 bytes per event on disk",
    `${big.footprint.bytes_per_event} B`,
    big.footprint.bytes_per_event <= 500,
  );
  const rss = idleRss(big);
  add(
    "RSS ≤ 300 MB idle with the events stored",
    rss === null ? "–" : `${rss} MB`,
    rss === null ? null : rss <= 300,
  );
  return out;
}

export function goalsTable(list: readonly Goal[]): string {
  const result = (g: Goal) => (g.ok === null ? "not measured" : g.ok ? "ok" : "MISSED");
  return [
    "| engine | size | goal | figure | result |",
    "| --- | --- | --- | --- | --- |",
    ...list.map((g) => `| ${g.engine} | ${g.size} | ${g.goal} | ${g.figure} | ${result(g)} |`),
  ].join("\n");
}

/** The larger of the two idle readings (after the load, after the reads). */
function idleRss(r: SizeRun): number | null {
  const values = [r.footprint.rss_idle_after_load_mb, r.footprint.rss_idle_after_reads_mb]
    .filter((v): v is number => v !== null);
  return values.length ? Math.max(...values) : null;
}

function cell(ms: number | null, error: string | undefined): string | number | null {
  return error ? "failed" : ms;
}
