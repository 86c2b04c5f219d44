// Writes to rollup_user_1d (per project, UTC day, user and application): the event writer adds
// to it, re-pricing corrects its costs, retention drops whole old days.
import type { StoredEvent } from "../ingest/event.ts";
import {
  type CostChange,
  rollUpUsers,
  userCostDeltas,
  type UserRollupRow,
} from "../metrics/user_rollup.ts";
import { rollupColumns, upsertRollupSql } from "./rollup_writes.ts";
import type { SqlRunner } from "./sql.ts";

const DIMS = ["project_id", "bucket", "user_id", "application"] as const;
const COLUMNS = rollupColumns(DIMS);
const UPSERT_SQL = upsertRollupSql("rollup_user_1d", DIMS);

async function upsert(tx: SqlRunner, rows: UserRollupRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    UPSERT_SQL,
    COLUMNS.map(([n]) =>
      rows.map((r) =>
        n === "latency_hist" ? JSON.stringify(r.latency_hist) : r[n as keyof UserRollupRow]
      )
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
