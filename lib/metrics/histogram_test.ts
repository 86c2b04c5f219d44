import assert from "node:assert/strict";
import {
  addTo,
  binOf,
  exactQuantile,
  type Histogram,
  quantiles,
  RELATIVE_ACCURACY,
  valueOf,
} from "./histogram.ts";

function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function toBins(h: Histogram): [number, number][] {
  return Object.entries(h).map(([k, v]) => [Number(k), v]);
}

Deno.test("valueOf(binOf(x)) is within the relative accuracy of x", () => {
  for (const x of [0.01, 0.5, 1, 3.3, 42, 830, 12_345.6, 86_400_000]) {
    const estimate = valueOf(binOf(x));
    assert.ok(Math.abs(estimate - x) / x <= RELATIVE_ACCURACY + 1e-12, `${x} → ${estimate}`);
  }
  assert.equal(valueOf(binOf(0)), 0);
});

Deno.test("quantiles() of a log-normal sample are within 2 % of the exact nearest-rank values", () => {
  const random = seededRandom(7);
  const values = Array.from({ length: 20_000 }, () => {
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.exp(6.5 + 0.9 * normal);
  });
  const hist: Histogram = {};
  for (const v of values) addTo(hist, v);
  const qs = [0.5, 0.95, 0.99];
  const estimates = quantiles(toBins(hist), qs);
  qs.forEach((q, i) => {
    const exact = exactQuantile(values, q);
    const error = Math.abs(estimates[i]! - exact) / exact;
    assert.ok(
      error <= 0.02,
      `p${q * 100}: ${estimates[i]} vs ${exact} (${(error * 100).toFixed(2)} %)`,
    );
  });
});

Deno.test("quantiles() of merged histograms equal those of one histogram of all values", () => {
  const a: Histogram = {};
  const b: Histogram = {};
  const all: Histogram = {};
  for (let i = 1; i <= 1000; i++) {
    addTo(i % 2 ? a : b, i * 3.7);
    addTo(all, i * 3.7);
  }
  const merged = [...toBins(a), ...toBins(b)];
  assert.deepEqual(quantiles(merged, [0.5, 0.99]), quantiles(toBins(all), [0.5, 0.99]));
});

Deno.test("quantiles() of no data are zeros", () => {
  assert.deepEqual(quantiles([], [0.5, 0.95]), [0, 0]);
});
