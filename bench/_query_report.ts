// The query benchmark's results and their Markdown tables.
import { NAIVE_CASE, QUERY_CASES } from "./_query_cases.ts";
import type { EngineName } from "./_query_engines.ts";
import type { DatasetInfo } from "./_query_load.ts";
import { markdownTable, ratio, type Timing } from "./_query_timing.ts";

export interface SizeResult {
  size: string;
  server_version: string;
  dataset: DatasetInfo;
  /** Query name → timing, through the store as the monitor opens it. */
  queries: Record<string, Timing>;
  /** Variant name → query name → timing (the same data through other client settings). */
  variants: Record<string, Record<string, Timing>>;
}

export interface EngineResult {
  engine: EngineName;
  server_version: string;
  location: string;
  sizes: SizeResult[];
}

const label = (size: string) => size.toUpperCase();
const pair = (t: Timing | undefined) => (t ? `${t.p50_ms} / ${t.p95_ms}` : null);
const times = (x: number | null) => (x === null ? null : `${x}×`);

function datasetTable(r: EngineResult, rawHours: number): string {
  return markdownTable(
    [
      "size",
      "load",
      "load s",
      "insertEvents ev/s",
      "events rows",
      "rollup_1m rows",
      "rollup_1h rows",
      "DB MB",
    ],
    r.sizes.map((s) => [
      label(s.size),
      s.dataset.method === "inserted"
        ? "insertEvents"
        : `rollups by SQL${
          s.dataset.rollup_1m_requests < s.dataset.events ? " (minute rows for day 1 only)" : ""
        }; insertEvents for the first minute and the last ${rawHours} h`,
      s.dataset.load_s,
      s.dataset.insert_events_per_s,
      s.dataset.rows.events,
      s.dataset.rows.rollup_1m,
      s.dataset.rows.rollup_1h,
      s.dataset.database_mb,
    ]),
  );
}

/** Rows: queries; columns: p50 / p95 per size, then each size's p50 ÷ the baseline's p50. */
function latencyTable(
  r: EngineResult,
  baseline: string,
  pick: (s: SizeResult) => Record<string, Timing> | undefined,
  title: string,
): string {
  const base = r.sizes.find((s) => s.size === baseline);
  const others = r.sizes.filter((s) => s.size !== baseline);
  return markdownTable(
    [
      `${title} (p50 / p95 ms)`,
      ...r.sizes.map((s) => label(s.size)),
      ...others.map((s) => `${label(s.size)} ÷ ${label(baseline)}`),
    ],
    QUERY_CASES.map((c) => [
      c.name,
      ...r.sizes.map((s) => pair(pick(s)?.[c.name])),
      ...others.map((s) =>
        times(ratio(pick(s)?.[c.name]?.p50_ms, base && pick(base)?.[c.name]?.p50_ms, 1))
      ),
    ]),
  );
}

/** A variant against the store as shipped, size by size. */
function variantTable(r: EngineResult, variant: string): string {
  return markdownTable(
    [
      `${variant} ÷ as shipped (p50)`,
      ...r.sizes.map((s) => label(s.size)),
    ],
    QUERY_CASES.map((c) => [
      c.name,
      ...r.sizes.map((s) =>
        times(ratio(s.variants[variant]?.[c.name]?.p50_ms, s.queries[c.name]?.p50_ms))
      ),
    ]),
  );
}

function naiveTable(r: EngineResult): string {
  if (!r.sizes.some((s) => s.queries[NAIVE_CASE.name])) return "";
  return markdownTable(
    [
      "30 days, exact over raw events vs rollups",
      "naive p50 / p95 ms",
      "current 30d p50 / p95 ms",
      "naive ÷ rollups",
    ],
    r.sizes.filter((s) => s.queries[NAIVE_CASE.name]).map((s) => [
      label(s.size),
      pair(s.queries[NAIVE_CASE.name]),
      pair(s.queries["current 30d"]),
      times(ratio(s.queries[NAIVE_CASE.name]?.p50_ms, s.queries["current 30d"]?.p50_ms)),
    ]),
  );
}

export function engineTables(r: EngineResult, baseline: string, rawHours: number): string {
  const variants = [...new Set(r.sizes.flatMap((s) => Object.keys(s.variants)))];
  return [
    `### ${r.engine} (${r.server_version}; ${r.location})`,
    datasetTable(r, rawHours),
    latencyTable(r, baseline, (s) => s.queries, "as shipped"),
    ...variants.flatMap((v) => [
      latencyTable(r, baseline, (s) => s.variants[v], v),
      variantTable(r, v),
    ]),
    naiveTable(r),
  ].filter((t) => t !== "").join("\n\n");
}
