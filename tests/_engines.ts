// The storage engines the suites run on (tools/engines.ts), and per-suite project ids.
import { TEST_DATABASE_URL } from "../tools/engines.ts";

export { type Engine, ENGINES, TEST_DATABASE_URL } from "../tools/engines.ts";

if (TEST_DATABASE_URL === undefined) {
  // deno-lint-ignore no-console
  console.warn("TEST_DATABASE_URL is not set: the PostgreSQL suites are skipped (ignored).");
}

/** A project id no other test uses, so suites can share one database. */
export function uniqueProject(prefix = "test"): string {
  return `${prefix}_${crypto.randomUUID().slice(0, 8)}`;
}
