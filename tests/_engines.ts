// The storage engines the suites run on (tools/engines.ts), and per-suite project ids. Without
// TEST_DATABASE_URL the PostgreSQL suites carry `ignore: true`, so the runner reports them as
// ignored.
export { type Engine, ENGINES, TEST_DATABASE_URL } from "../tools/engines.ts";

/** A project id no other test uses, so suites can share one database. */
export function uniqueProject(prefix = "test"): string {
  return `${prefix}_${crypto.randomUUID().slice(0, 8)}`;
}
