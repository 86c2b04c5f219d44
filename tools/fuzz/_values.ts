// fast-check arbitraries for the ingest fuzz suite (tests/fuzz_test.ts, bench/fuzz_bench.ts), the
// building blocks: hostile text, edge numbers and values of the wrong type.
import fc from "fast-check";

// ── Text ────────────────────────────────────────────────────────────────────────────────────────

/** Characters that break naive code: NUL, lone surrogates, BOM, bidi, line separators, astral. */
const SPECIAL_CHARS = [
  "\u0000",
  "\uD800",
  "\uDBFF",
  "\uDC00",
  "\uDFFF",
  "\uFEFF",
  "\uFFFE",
  "\uFFFF",
  "\u202E",
  "\u200B",
  "\u2028",
  "\u0085",
  "\u007F",
  "\u0301",
  "\u{1F600}",
  "\u{1D54F}",
  "\u{10FFFF}",
  "\n",
  "\r",
  '"',
  "\\",
  "'",
  "%",
  ":",
  ".",
  "é",
  "中",
];

const char = fc.oneof(
  { arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }), weight: 5 },
  { arbitrary: fc.constantFrom(...SPECIAL_CHARS), weight: 3 },
  { arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), weight: 2 },
  {
    arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
    weight: 1,
  },
);

/** Any UTF-16 string up to maxLength code points, hostile characters over-represented. */
export function text(maxLength: number, minLength = 0): fc.Arbitrary<string> {
  return fc.string({ unit: char, minLength, maxLength });
}

/** A short motif repeated to a length around the limits (128, 200, 4,000); cheap to generate. */
export const longText: fc.Arbitrary<string> = fc.tuple(
  text(3, 1),
  fc.oneof(
    fc.constantFrom(128, 129, 200, 201, 4_000, 4_097, 20_001),
    fc.integer({ min: 1, max: 60_000 }),
  ),
).map(([motif, n]) => motif.repeat(Math.ceil(n / motif.length)).slice(0, n));

// ── Numbers and wrong types ─────────────────────────────────────────────────────────────────────

const EDGE_NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  -0.5,
  1.5,
  5e-324,
  1e-7,
  86_400_000,
  86_400_000.5,
  86_400_001,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 32,
  2 ** 53 - 1,
  2 ** 53,
  2 ** 63,
  8.64e15,
  8.64e15 + 2,
  1e21,
  1e308,
  -1e308,
  Number.MAX_VALUE,
];

export const edgeNumber: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.constantFrom(...EDGE_NUMBERS), weight: 3 },
  { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 1 },
  { arbitrary: fc.integer(), weight: 1 },
  { arbitrary: fc.nat(100_000), weight: 2 },
);

/** Values of the wrong type: NaN-like strings, numbers as strings, containers, null. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom("NaN", "Infinity", "-Infinity", "-0", "1e309", "0x10", "12", "", " ", "null"),
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom([], {}, [1], { value: 1 }),
  text(12),
);

export function valid<T>(good: fc.Arbitrary<T>, weight = 8): fc.Arbitrary<T | unknown> {
  return fc.oneof({ arbitrary: good, weight }, edgeNumber, wrongType);
}

export function validText(good: fc.Arbitrary<string>, max: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: good, weight: 6 },
    { arbitrary: text(max + 5), weight: 3 },
    longText,
    edgeNumber,
    wrongType,
  );
}
