// Fuzzing the ingest edge through a real socket: random /v1/events requests and OTLP exports
// (hostile Unicode, edge numbers, deep and wide structures, wrong types, broken bytes). After each
// run the buffer is drained and the database must hold every accepted event exactly once.
// FUZZ_SEED, FUZZ_PATH (replay one counterexample), FUZZ_RUNS, FUZZ_ENGINE (pglite | postgres).
// The arbitraries and properties live in tools/fuzz/; bench/fuzz_bench.ts runs a longer campaign.
import assert from "node:assert/strict";
import { checkEventsRun, eventsRun } from "../tools/fuzz/events_property.ts";
import { fuzz, fuzzOptions } from "../tools/fuzz/fuzz.ts";
import { openFuzzTarget } from "../tools/fuzz/target.ts";
import { checkTracesRun, tracesRun } from "../tools/fuzz/traces_property.ts";
import { ENGINES } from "./_engines.ts";

const ENGINE = Deno.env.get("FUZZ_ENGINE") ?? "pglite";

Deno.test({
  name:
    "POST /v1/events under fuzzed requests: no 5xx, 4xx name a field, each accepted event stored once",
  ignore: ENGINES.find((e) => e.name === ENGINE)?.ignore ?? true,
  fn: async () => {
    await using target = await openFuzzTarget(ENGINE);
    const report = await fuzz(
      "events",
      eventsRun,
      (requests) => checkEventsRun(target, requests),
      fuzzOptions({ seed: 424242, numRuns: 60, timeLimitMs: 14_000 }),
    );
    if (report !== null) assert.fail(report);
  },
});

Deno.test({
  name:
    "POST /v1/traces under fuzzed OTLP exports: no 5xx, each accepted model-call span stored once",
  ignore: ENGINES.find((e) => e.name === ENGINE)?.ignore ?? true,
  fn: async () => {
    await using target = await openFuzzTarget(ENGINE);
    const report = await fuzz(
      "traces",
      tracesRun,
      (cases) => checkTracesRun(target, cases),
      fuzzOptions({ seed: 434343, numRuns: 40, timeLimitMs: 14_000 }),
    );
    if (report !== null) assert.fail(report);
  },
});
