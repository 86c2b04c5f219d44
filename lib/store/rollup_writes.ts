// The one statement that adds to the rollups, shared by the event writer and re-pricing.
import { FLOAT_SUM_FIELDS, SUM_FIELDS } from "../metrics/catalogue.ts";
import type { Granularity, RollupRow } from "../metrics/rollup.ts";
import type { SqlRunner } from "./sql.ts";

const ROLLUP_DIMS = [
  "project_id",
  "bucket",
  "model",
  "provider",
  "endpoint",
  "application",
  "status",
] as const;
const ROLLUP_SUMS = SUM_FIELDS.map((f) =>
  [f, FLOAT_SUM_FIELDS.has(f) ? "float8" : "int8"] as const
);

function upsertRollupSql(table: string): string {
  const columns = [
    ...ROLLUP_DIMS.map((d) => [d, d === "bucket" ? "float8" : "text"] as const),
    ...ROLLUP_SUMS,
    ["latency_max_ms", "float8"] as const,
    ["latency_hist", "text"] as const,
  ];
  const names = columns.map(([n]) => n);
  const select = names.map((n) =>
    n === "bucket"
      ? "to_timestamp(u.bucket / 1000.0)"
      : n === "latency_hist"
      ? "u.latency_hist::jsonb"
      : `u.${n}`
  );
  const updates = [
    ...ROLLUP_SUMS.map(([n]) => `${n} = ${table}.${n} + excluded.${n}`),
    `latency_max_ms = greatest(${table}.latency_max_ms, excluded.latency_max_ms)`,
    `latency_hist = lm_hist_add(${table}.latency_hist, excluded.latency_hist)`,
  ];
  return `INSERT INTO ${table} (${names.join(", ")})
    SELECT ${select.join(", ")}
    FROM unnest(${columns.map(([, t], i) => `$${i + 1}::${t}[]`).join(", ")}) AS u(${
    names.join(", ")
  })
    ON CONFLICT (${ROLLUP_DIMS.join(", ")}) DO UPDATE SET ${updates.join(", ")}`;
}

const UPSERT_ROLLUP_SQL: Record<Granularity, string> = {
  "1m": upsertRollupSql("rollup_1m"),
  "1h": upsertRollupSql("rollup_1h"),
  "1d": upsertRollupSql("rollup_1d"),
};

/** Adds rows to the rollups of one granularity: sums add, histograms merge, maxima rise. */
export async function upsertRollups(
  tx: SqlRunner,
  granularity: Granularity,
  rows: RollupRow[],
): Promise<void> {
  if (rows.length > 0) await tx.query(UPSERT_ROLLUP_SQL[granularity], rollupParams(rows));
}

function rollupParams(rows: RollupRow[]): unknown[] {
  return [
    ...ROLLUP_DIMS.map((d) => rows.map((r) => r[d])),
    ...ROLLUP_SUMS.map(([n]) => rows.map((r) => r[n])),
    rows.map((r) => r.latency_max_ms),
    rows.map((r) => JSON.stringify(r.latency_hist)),
  ];
}
