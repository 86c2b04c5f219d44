// What the scale benchmark reads, as a user's browser and scripts would: every dashboard page
// (each view of the Overview) and the read API at each window; then how they are timed: each once
// cold (right after a restart), then warm (the median of `reps`).
import { VIEWS } from "../components/cards.ts";
import { BREAKDOWN_BY, GROUP_BY } from "../lib/metrics/query.ts";
import type { AdminClient } from "./_scale_http.ts";
import { summarise } from "./_query_timing.ts";

export type ReadKind = "page" | "api" | "events" | "csv";

export interface Read {
  kind: ReadKind;
  /** e.g. "overview engineering 30d", "history requests by model 30d". */
  name: string;
  path: string;
  csvRows?: number;
}

export const CSV_ROWS = 10_000;

const PAGES = [
  ...VIEWS.map((v) => ({ name: `overview ${v.name}`, path: `/?view=${v.name}&` })),
  { name: "models", path: "/models?" },
  { name: "endpoints", path: "/endpoints?" },
  { name: "users", path: "/users?" },
  { name: "costs", path: "/costs?" },
  { name: "events", path: "/events?" },
];

export function scaleReads(windows: readonly string[]): Read[] {
  const reads: Read[] = [];
  for (const w of windows) {
    for (const p of PAGES) {
      reads.push({ kind: "page", name: `${p.name} ${w}`, path: `${p.path}window=${w}` });
    }
  }
  for (const w of windows) {
    const api = (name: string, path: string, kind: ReadKind = "api") =>
      reads.push({
        kind,
        name: `${name} ${w}`,
        path: `${path}${path.includes("?") ? "&" : "?"}window=${w}`,
      });
    api("current", "/api/metrics/current");
    api("current compare", "/api/metrics/current?compare=previous");
    api("history requests", "/api/metrics/history?metric=requests");
    api("history p95_latency_ms", "/api/metrics/history?metric=p95_latency_ms");
    for (const g of GROUP_BY) {
      api(`history requests by ${g}`, `/api/metrics/history?metric=requests&group_by=${g}`);
    }
    for (const by of BREAKDOWN_BY) api(`breakdown by ${by}`, `/api/metrics/breakdown?by=${by}`);
    api("events first page", "/api/events?limit=50", "events");
  }
  reads.push({
    kind: "csv",
    name: `events CSV ${CSV_ROWS} rows 30d`,
    path: "/api/events?format=csv&window=30d",
    csvRows: CSV_ROWS,
  });
  return reads;
}

export interface ReadTiming {
  kind: ReadKind;
  name: string;
  cold_ms: number | null;
  /** Median of the warm runs. */
  warm_ms: number | null;
  warm_samples: number;
  error?: string;
}

const r1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Every read once (cold: the server was just restarted), then each `reps` times in a row (warm:
 * their median; a read slower than 4 s gets three runs to keep the run short).
 */
export async function timeReads(
  admin: AdminClient,
  reads: readonly Read[],
  options: { reps: number; progress: (line: string) => void },
): Promise<ReadTiming[]> {
  const out: ReadTiming[] = [];
  const started = performance.now();
  let printed = started;
  for (const [i, read] of reads.entries()) {
    if (performance.now() - printed >= 5_000) {
      printed = performance.now();
      options.progress(`cold: ${i}/${reads.length} reads (next: ${read.name})`);
    }
    try {
      out.push({
        kind: read.kind,
        name: read.name,
        cold_ms: r1(await admin.timedGet(read.path, read)),
        warm_ms: null,
        warm_samples: 0,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message.slice(0, 300) : String(error);
      out.push({
        kind: read.kind,
        name: read.name,
        cold_ms: null,
        warm_ms: null,
        warm_samples: 0,
        error: message,
      });
    }
  }
  options.progress(
    `cold: ${reads.length} reads in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  for (const [i, read] of reads.entries()) {
    const t = out[i]!;
    if (t.error) continue;
    const samples: number[] = [];
    for (let rep = 0; rep < options.reps; rep++) {
      samples.push(await admin.timedGet(read.path, read));
      if (rep >= 2 && samples.reduce((s, x) => s + x, 0) / samples.length > 4_000) break;
    }
    t.warm_ms = r1(summarise(samples).p50_ms);
    t.warm_samples = samples.length;
    if (performance.now() - printed >= 5_000 || i === reads.length - 1) {
      printed = performance.now();
      options.progress(`warm: ${i + 1}/${reads.length} reads (last: ${read.name} ${t.warm_ms} ms)`);
    }
  }
  return out;
}
