// Timing and reporting helpers shared by the query and stream benchmarks: repeated timings with
// warm-up, nearest-rank percentiles, ratios, and Markdown tables.

export interface Timing {
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  min_ms: number;
  max_ms: number;
  samples: number;
}

/** Nearest-rank percentile (the value at rank ceil(q·n)) of an ascending array. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1]!;
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function summarise(samplesMs: readonly number[]): Timing {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return {
    p50_ms: round(percentile(sorted, 0.5)),
    p95_ms: round(percentile(sorted, 0.95)),
    p99_ms: round(percentile(sorted, 0.99)),
    min_ms: round(sorted[0] ?? Number.NaN),
    max_ms: round(sorted.at(-1) ?? Number.NaN),
    samples: sorted.length,
  };
}

/**
 * Runs `fn` `warmup` times untimed (only once when that took over a second), then up to `reps`
 * timed times, stopping early (after at least `minReps`) once the timed runs have used
 * `budgetMs`: slow queries get fewer samples.
 */
export async function timeRepeated(
  fn: () => Promise<unknown>,
  options: { warmup: number; reps: number; minReps: number; budgetMs: number },
): Promise<Timing> {
  const warmupStarted = performance.now();
  for (let i = 0; i < options.warmup; i++) {
    if (i > 0 && performance.now() - warmupStarted > 1_000) break;
    await fn();
  }
  const samples: number[] = [];
  let spent = 0;
  while (
    samples.length < options.reps && (samples.length < options.minReps || spent < options.budgetMs)
  ) {
    const t = performance.now();
    await fn();
    const ms = performance.now() - t;
    samples.push(ms);
    spent += ms;
  }
  return summarise(samples);
}

/** a / b rounded, or null when there is no baseline to divide by. */
export function ratio(a: number | undefined, b: number | undefined, digits = 2): number | null {
  if (a === undefined || b === undefined || !(b > 0)) return null;
  return round(a / b, digits);
}

export function markdownTable(
  header: string[],
  rows: Array<Array<string | number | null>>,
): string {
  const cell = (v: string | number | null) => (v === null ? "–" : String(v));
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`,
    ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
  ].join("\n");
}

/** Formats a duration for progress lines. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
