import assert from "node:assert/strict";
import { formatChange, formatValue, trend } from "./format.ts";

const en = (value: number, unit: Parameters<typeof formatValue>[1]) =>
  formatValue(value, unit, "en-US");

Deno.test("formatValue() writes money with its currency, cents below a cent, compact from $100K", () => {
  assert.equal(en(1.234, "usd"), "$1.23");
  assert.equal(en(0, "usd"), "$0.00");
  assert.equal(en(0.00421, "usd"), "$0.0042");
  assert.equal(en(12_345.6, "usd"), "$12,345.60");
  assert.equal(en(123_456, "usd"), "$123.5K");
  assert.equal(en(4.1, "usd_per_hour"), "$4.10/h");
  assert.equal(formatValue(1.5, "usd", "de-DE"), "1,50\u00a0$"); // a no-break space
});

Deno.test("formatValue() writes durations in ms, then s, then min", () => {
  assert.equal(en(0, "ms"), "0 ms");
  assert.equal(en(12.34, "ms"), "12.3 ms");
  assert.equal(en(830.4, "ms"), "830 ms");
  assert.equal(en(1_234, "ms"), "1.2 s");
  assert.equal(en(12_345, "ms"), "12 s");
  assert.equal(en(90_000, "ms"), "1.5 min");
});

Deno.test("formatValue() writes rates as percentages, finer below 10 %", () => {
  assert.equal(en(0, "rate"), "0%");
  assert.equal(en(0.0525, "rate"), "5.25%");
  assert.equal(en(0.123, "rate"), "12.3%");
  assert.equal(en(1, "rate"), "100%");
});

Deno.test("formatValue() writes counts, tokens and per-minute rates compactly", () => {
  assert.equal(en(7, "count"), "7");
  assert.equal(en(12_400, "count"), "12.4K");
  assert.equal(en(3_200_000, "tokens"), "3.2M");
  assert.equal(en(320, "per_minute"), "320/min");
  assert.equal(en(1_500, "per_minute"), "1.5K/min");
  assert.equal(en(Number.NaN, "count"), "–");
  assert.equal(en(Infinity, "usd"), "–");
});

Deno.test("trend() is the change against the previous value, null when there is none", () => {
  assert.equal(trend(120, 100), 0.2);
  assert.equal(trend(50, 100), -0.5);
  assert.equal(trend(0, 0), 0);
  assert.equal(trend(5, 0), null);
  assert.equal(trend(5, null), null);
  assert.equal(trend(5, undefined), null);
});

Deno.test("formatChange() writes a signed percentage, finer below 10 %", () => {
  assert.equal(formatChange(0.2, "en-US"), "+20%");
  assert.equal(formatChange(-0.5, "en-US"), "-50%");
  assert.equal(formatChange(0.054, "en-US"), "+5.4%");
  assert.equal(formatChange(0, "en-US"), "0%");
  assert.equal(formatChange(12, "en-US"), "+1,200%");
  assert.equal(formatChange(Number.NaN, "en-US"), "–");
});
