// A log-bucketed latency histogram (DDSketch-style): mergeable by adding counts per bin, and any
// quantile read from it is within RELATIVE_ACCURACY of the exact value.

export const RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
/** A value v falls in bin ceil(ln(v) / LOG_GAMMA); lib/store/histogram_sql.ts bins the same. */
export const LOG_GAMMA = Math.log(GAMMA);
/** Values at or below this (ms) share one bin whose value is 0. */
export const MIN_VALUE_MS = 0.001;
export const ZERO_BIN = Math.floor(Math.log(MIN_VALUE_MS) / LOG_GAMMA);

/** Sparse counts by bin; bins are integers, serialised as JSON object keys. */
export type Histogram = Record<string, number>;

export function binOf(valueMs: number): number {
  return valueMs <= MIN_VALUE_MS ? ZERO_BIN : Math.ceil(Math.log(valueMs) / LOG_GAMMA);
}

/** The representative value of a bin: within RELATIVE_ACCURACY of every value in it. */
export function valueOf(bin: number): number {
  return bin <= ZERO_BIN ? 0 : (2 * Math.pow(GAMMA, bin)) / (GAMMA + 1);
}

export function addTo(hist: Histogram, valueMs: number, count = 1): void {
  const key = String(binOf(valueMs));
  hist[key] = (hist[key] ?? 0) + count;
}

/**
 * Nearest-rank quantiles (the value at rank ceil(q·n), 1-based) from bins and counts.
 * Returns 0 for each quantile when there is no data.
 */
export function quantiles(bins: ReadonlyArray<[number, number]>, qs: readonly number[]): number[] {
  const sorted = [...bins].filter(([, c]) => c > 0).sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((sum, [, c]) => sum + c, 0);
  if (total === 0) return qs.map(() => 0);
  return qs.map((q) => {
    const rank = Math.max(1, Math.ceil(q * total));
    let seen = 0;
    for (const [bin, count] of sorted) {
      seen += count;
      if (seen >= rank) return valueOf(bin);
    }
    return valueOf(sorted[sorted.length - 1]![0]);
  });
}

/** The exact nearest-rank quantile of raw values, the reference the histogram is held to. */
export function exactQuantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}
