// Latency percentiles and the figures one measured path reports.

export interface PathResult {
  /** Rows or events that reached the path's end (acknowledged, or committed to the database). */
  events: number;
  /** Wall time from the first request to the last event done. */
  elapsed_ms: number;
  events_per_s: number;
  /** Per-request (per-batch) latency; null where the path has no per-request latency. */
  latency_ms: { p50: number; p99: number; max: number; samples: number } | null;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

export function pathResult(events: number, elapsedMs: number, latenciesMs?: number[]): PathResult {
  const sorted = latenciesMs ? [...latenciesMs].sort((a, b) => a - b) : undefined;
  return {
    events,
    elapsed_ms: round(elapsedMs, 1),
    events_per_s: Math.round(events / (elapsedMs / 1_000)),
    latency_ms: sorted
      ? {
        p50: round(percentile(sorted, 0.5), 2),
        p99: round(percentile(sorted, 0.99), 2),
        max: round(sorted.at(-1) ?? Number.NaN, 2),
        samples: sorted.length,
      }
      : null,
  };
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Runs `count` jobs on `concurrency` workers pulling from one shared index. */
export async function runPool(
  count: number,
  concurrency: number,
  job: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await job(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Calls report() every intervalMs until the returned function is called. */
export function every(intervalMs: number, report: () => void | Promise<void>): () => void {
  const timer = setInterval(() => void report(), intervalMs);
  return () => clearInterval(timer);
}

/**
 * Samples the event loop every intervalMs; stop() returns how late the timer fired (ms), which is
 * how long the thread was busy with other work in one stretch.
 */
export function loopLag(intervalMs = 10): () => { p99: number; max: number } {
  const lags: number[] = [];
  let expected = performance.now() + intervalMs;
  const timer = setInterval(() => {
    const now = performance.now();
    lags.push(Math.max(0, now - expected));
    expected = now + intervalMs;
  }, intervalMs);
  return () => {
    clearInterval(timer);
    const sorted = lags.sort((a, b) => a - b);
    return { p99: round(percentile(sorted, 0.99), 1), max: round(sorted.at(-1) ?? 0, 1) };
  };
}

/**
 * CPU time (user + system) the main thread has used so far, in ms: Linux only (null elsewhere).
 * Less sensitive to other load on a shared machine than wall time; 10 ms resolution.
 */
export function mainThreadCpuMs(): number | null {
  if (Deno.build.os !== "linux") return null;
  const stat = Deno.readTextFileSync(`/proc/self/task/${Deno.pid}/stat`);
  // Fields after the ")" that closes the thread name: state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks * 10; // USER_HZ is 100 on Linux
}
