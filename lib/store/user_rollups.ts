// Writes to rollup_user_1d (per project, UTC day, user and application): the event writer adds
// to it, re-pricing corrects its costs, retention drops whole old days.
import type { StoredEvent } from "../ingest/event.ts";
import { FLOAT_SUM_FIELDS, SUM_FIELDS } from "../metrics/catalogue.ts";
import {
  type CostChange,
  rollUpUsers,
  userCostDeltas,
  type UserRollupRow,
} from "../metrics/user_rollup.ts";
import type { SqlRunner } from "./sql.ts";

const DIMS = ["project_id", "bucket", "user_id", "application"] as const;
const COLUMNS = [
  ...DIMS.map((d) => [d, d === "bucket" ? "float8" : "text"] as const),
  ...SUM_FIELDS.map((f) => [f, FLOAT_SUM_FIELDS.has(f) ? "float8" : "int8"] as const),
  ["latency_max_ms", "float8"] as const,
  ["latency_hist", "text"] as const,
];

const UPSERT_SQL = (() => {
  const names = COLUMNS.map(([n]) => n);
  const select = names.map((n) =>
    n === "bucket"
      ? "to_timestamp(u.bucket / 1000.0)"
      : n === "latency_hist"
      ? "u.latency_hist::jsonb"
      : `u.${n}`
  );
  const t = "rollup_user_1d";
  const updates = [
    ...SUM_FIELDS.map((f) => `${f} = ${t}.${f} + excluded.${f}`),
    `latency_max_ms = greatest(${t}.latency_max_ms, excluded.latency_max_ms)`,
    `latency_hist = lm_hist_merge(${t}.latency_hist, excluded.latency_hist)`,
  ];
  return `INSERT INTO ${t} (${names.join(", ")}) SELECT ${select.join(", ")}
    FROM unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(", ")})
      AS u(${names.join(", ")})
    ON CONFLICT (${DIMS.join(", ")}) DO UPDATE SET ${updates.join(", ")}`;
})();

async function upsert(tx: SqlRunner, rows: UserRollupRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    UPSERT_SQL,
    COLUMNS.map(([n]) =>
      rows.map((r) => n === "latency_hist" ? JSON.stringify(r.latency_hist) : r[n])
    ),
  );
}

/** Adds newly stored events to the user rollup; inside the writing transaction. */
export function addUserRollups(tx: SqlRunner, events: readonly StoredEvent[]): Promise<void> {
  return upsert(tx, rollUpUsers(events));
}

/** Moves the user rollup by the cost change of re-priced events (their old values in `events`). */
export function repriceUserRollups(
  tx: SqlRunner,
  events: readonly StoredEvent[],
  updates: ReadonlyMap<string, CostChange>,
): Promise<void> {
  return upsert(tx, userCostDeltas(events, updates));
}

/** Drops the days that ended at or before `before` (ISO); a partly kept day stays whole. */
export async function dropOldUserRollups(tx: SqlRunner, before: string): Promise<void> {
  await tx.query(
    "DELETE FROM rollup_user_1d WHERE bucket <= $1::timestamptz - interval '1 day'",
    [before],
  );
}
