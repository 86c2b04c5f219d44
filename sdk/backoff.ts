// Retry delays: exponential backoff with full jitter, never shorter than the server's Retry-After.

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/**
 * The wait before retry number `retry` (1 for the first retry): a random value in
 * [0, min(maxMs, baseMs · 2^(retry-1))], or Retry-After when that is longer, capped at maxMs.
 */
export function retryDelayMs(
  retry: number,
  options: BackoffOptions,
  retryAfterMs: number | null = null,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, retry - 1));
  const jittered = random() * ceiling;
  return Math.min(options.maxMs, Math.max(jittered, retryAfterMs ?? 0));
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
