// Running a fuzz property with a printed, replayable seed (FUZZ_SEED, FUZZ_PATH, FUZZ_RUNS,
// FUZZ_TIME_LIMIT_MS override the caller's defaults).
import fc from "fast-check";
import { show } from "./_show.ts";

export interface FuzzOptions {
  seed: number;
  numRuns: number;
  path?: string;
  /** Stops generating (and shrinking) after this long; a failure found by then is still reported. */
  timeLimitMs: number;
}

export function fuzzOptions(
  defaults: { numRuns: number; timeLimitMs: number; seed?: number },
): FuzzOptions {
  const env = (name: string) => Deno.env.get(name) || undefined;
  return {
    seed: Number(env("FUZZ_SEED") ?? defaults.seed ?? Date.now() % 2 ** 31),
    numRuns: Number(env("FUZZ_RUNS") ?? defaults.numRuns),
    path: env("FUZZ_PATH"),
    timeLimitMs: Number(env("FUZZ_TIME_LIMIT_MS") ?? defaults.timeLimitMs),
  };
}

/** Runs checked even when the time limit passes first. */
const MIN_RUNS = 5;

/** Runs a property; resolves null on success, else a report that says how to replay it. */
export async function fuzz<T>(
  name: string,
  arbitrary: fc.Arbitrary<T>,
  check: (value: T) => Promise<void>,
  options: FuzzOptions,
): Promise<string | null> {
  const property = fc.asyncProperty(arbitrary, check);
  const common = { seed: options.seed, path: options.path, timeout: 60_000 };
  let details = await fc.check(property, {
    ...common,
    numRuns: options.numRuns,
    interruptAfterTimeLimit: options.timeLimitMs,
    markInterruptAsFailure: false,
  });
  // On a loaded machine the time limit may pass before the first runs finish: run the first few
  // without it, so the property is always checked.
  if (details.interrupted && details.numRuns < MIN_RUNS) {
    details = await fc.check(property, { ...common, numRuns: MIN_RUNS });
  }
  if (!details.failed) return null;
  const error = details.errorInstance instanceof Error
    ? details.errorInstance.message
    : String(details.errorInstance);
  return [
    `${name}: failed after ${details.numRuns} run(s) and ${details.numShrinks} shrink(s)`,
    `replay: FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath} deno test -A tests/fuzz_test.ts`,
    `counterexample: ${show(details.counterexample, 4_000)}`,
    `error: ${error}`,
  ].join("\n");
}
