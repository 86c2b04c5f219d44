// A longer fuzz campaign than tests/fuzz_test.ts: the same properties, many seeds, every distinct
// failure collected (each shrunk and printed with its replay line), then a summary.
//   deno run -A bench/fuzz_bench.ts [--runs=600] [--minutes=10] [--seed=N] [--only=events|traces]
// FUZZ_ENGINE=postgres (with TEST_DATABASE_URL) runs it against PostgreSQL instead of PGlite.
// deno-lint-ignore-file no-console
import { checkEventsRun, eventsRun } from "../tools/fuzz/events_property.ts";
import { fuzz } from "../tools/fuzz/fuzz.ts";
import { type FuzzTarget, openFuzzTarget } from "../tools/fuzz/target.ts";
import { checkTracesRun, tracesRun } from "../tools/fuzz/traces_property.ts";

/** `--name=value` flags (no dependency for four flags). */
const args: Record<string, string | undefined> = Object.fromEntries(
  Deno.args.map((a) => /^--([a-z]+)=(.*)$/.exec(a)).filter((m) => m !== null).map((
    m,
  ) => [m[1], m[2]]),
);
const runsPerProperty = Number(args.runs ?? 600);
const deadline = Date.now() + Number(args.minutes ?? 10) * 60_000;
let seed = Number(args.seed ?? Date.now() % 2 ** 31);
const CHUNK_RUNS = 25;

const properties = [
  { name: "events", run: (t: FuzzTarget) => fuzzChunk(t, "events") },
  { name: "traces", run: (t: FuzzTarget) => fuzzChunk(t, "traces") },
].filter((p) => args.only === undefined || p.name === args.only);

/** Distinct failures by their first error line; the first report of each is kept. */
const failures = new Map<string, string>();
const started = performance.now();

function fuzzChunk(target: FuzzTarget, name: "events" | "traces") {
  const options = { seed: seed++, numRuns: CHUNK_RUNS, timeLimitMs: 120_000 };
  return name === "events"
    ? fuzz("events", eventsRun, (r) => checkEventsRun(target, r), options)
    : fuzz("traces", tracesRun, (c) => checkTracesRun(target, c), options);
}

await using target = await openFuzzTarget(Deno.env.get("FUZZ_ENGINE") ?? "pglite");
console.log(
  `fuzz campaign on ${target.engine}: ${runsPerProperty} runs per property, first seed ${seed}`,
);
for (const property of properties) {
  for (let done = 0; done < runsPerProperty && Date.now() < deadline; done += CHUNK_RUNS) {
    const report = await property.run(target);
    if (report !== null) {
      const key = `${property.name}: ${
        /^error: (.*)$/m.exec(report)?.[1]?.slice(0, 100) ?? report
      }`;
      if (!failures.has(key)) {
        failures.set(key, report);
        console.log(`\nNEW FAILURE\n${report}\n`);
      }
    }
    const t = target.tally;
    console.log(
      `${property.name} ${Math.min(done + CHUNK_RUNS, runsPerProperty)}/${runsPerProperty} runs, ` +
        `${((performance.now() - started) / 1000).toFixed(0)} s: ${t.requests} requests, ` +
        `statuses ${JSON.stringify(t.byStatus)}, ${failures.size} distinct failure(s)`,
    );
  }
}

const t = target.tally;
const serverErrors = Object.entries(t.byStatus)
  .filter(([status]) => Number(status) >= 500)
  .reduce((sum, [, n]) => sum + n, 0);
console.log(`
summary (${target.engine}, ${((performance.now() - started) / 1000).toFixed(1)} s)
  requests   ${t.requests}
  accepted   ${t.accepted} events / model-call spans
  rejected   ${t.rejected} events / spans (per-item rejections in 2xx answers)
  statuses   ${JSON.stringify(t.byStatus)}
  5xx        ${serverErrors}
  failures   ${failures.size} distinct`);
for (const key of failures.keys()) console.log(`    - ${key}`);
if (failures.size > 0) Deno.exitCode = 1;
