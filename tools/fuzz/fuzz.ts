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

/** Runs a property; resolves null on success, else a report that says how to replay it. */
export async function fuzz<T>(
  name: string,
  arbitrary: fc.Arbitrary<T>,
  check: (value: T) => Promise<void>,
  options: FuzzOptions,
): Promise<string | null> {
  const details = await fc.check(fc.asyncProperty(arbitrary, check), {
    seed: options.seed,
    path: options.path,
    numRuns: options.numRuns,
    interruptAfterTimeLimit: options.timeLimitMs,
    markInterruptAsFailure: false,
    timeout: 60_000,
  });
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
