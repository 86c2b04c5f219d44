import assert from "node:assert/strict";
import { parseRetryAfter, retryDelayMs } from "./backoff.ts";

const options = { baseMs: 100, maxMs: 1_000 };

Deno.test("retryDelayMs() doubles its ceiling per retry, with full jitter, up to maxMs", () => {
  assert.deepEqual([1, 2, 3, 4, 5].map((r) => retryDelayMs(r, options, null, () => 1)), [
    100,
    200,
    400,
    800,
    1_000,
  ]);
  assert.equal(retryDelayMs(3, options, null, () => 0), 0);
  assert.equal(retryDelayMs(3, options, null, () => 0.5), 200);
});

Deno.test("retryDelayMs() waits at least Retry-After, capped at maxMs", () => {
  assert.equal(retryDelayMs(1, options, 700, () => 0), 700);
  assert.equal(retryDelayMs(4, options, 300, () => 1), 800);
  assert.equal(retryDelayMs(1, options, 60_000, () => 0), 1_000);
});

Deno.test("parseRetryAfter() reads delta-seconds and HTTP dates", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  assert.equal(parseRetryAfter("5", now), 5_000);
  assert.equal(parseRetryAfter(" 0 ", now), 0);
  assert.equal(parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now), 30_000);
  assert.equal(parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", now), 0);
  assert.equal(parseRetryAfter("soon", now), null);
  assert.equal(parseRetryAfter(null, now), null);
});
