// The latency binning of lib/metrics/histogram.ts in SQL, for events read straight from the
// events table: the same bin as binOf() for every value.
import { LOG_GAMMA, MIN_VALUE_MS, ZERO_BIN } from "../metrics/histogram.ts";

/** The bin of `column` (a latency in ms) as an int4 expression. */
export function binSql(column: string): string {
  return `CASE WHEN ${column} <= ${MIN_VALUE_MS} THEN ${ZERO_BIN} ELSE ceil(ln(${column}) / ${LOG_GAMMA})::int4 END`;
}
