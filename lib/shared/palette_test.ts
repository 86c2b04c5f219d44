import assert from "node:assert/strict";
import { SERIES_PALETTE, slotColor, slotDash, slotVar, type Theme } from "./palette.ts";

/** The backgrounds series are drawn on: the dashboard's page and panels, the widgets' box. */
const BACKGROUNDS: Record<Theme, string[]> = {
  light: ["#ffffff", "#f5f6f8", "#f0f2f5"],
  dark: ["#0b0e13", "#131821", "#111827"],
};

const linear = (hex: string) =>
  [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });

/** WCAG 2 relative luminance and contrast ratio. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = linear(hex) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Machado, Oliveira & Fernandes (2009) dichromacy matrices (severity 1), on linear RGB. */
const VISION: Record<string, number[][]> = {
  normal: [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [
    -0.003882,
    -0.048116,
    1.051998,
  ]],
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [
    -0.01182,
    0.04294,
    0.968881,
  ]],
  tritanopia: [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [
    0.004733,
    0.691367,
    0.3039,
  ]],
};

/** A colour as seen with a vision, in OKLab (distances there are roughly perceptual). */
function seen(hex: string, vision: number[][]): number[] {
  const c = linear(hex);
  const [r, g, b] = vision.map((row) =>
    Math.min(1, Math.max(0, row[0]! * c[0]! + row[1]! * c[1]! + row[2]! * c[2]!))
  ) as [number, number, number];
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [
    0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
    1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s,
    0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s,
  ];
}

function closestPair(colors: string[], vision: number[][]): { d: number; pair: string } {
  let best = { d: Infinity, pair: "" };
  colors.forEach((a, i) =>
    colors.slice(i + 1).forEach((b) => {
      const [p, q] = [seen(a, vision), seen(b, vision)];
      const d = Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!, p[2]! - q[2]!);
      if (d < best.d) best = { d, pair: `${a} / ${b}` };
    })
  );
  return best;
}

for (const theme of ["light", "dark"] as const) {
  const colors = SERIES_PALETTE.map((c) => c[theme]);

  Deno.test(`SERIES_PALETTE (${theme}) has distinct colours, each ≥ 3:1 against the backgrounds`, () => {
    assert.equal(new Set(colors).size, colors.length);
    for (const color of colors) {
      for (const bg of BACKGROUNDS[theme]) {
        const ratio = contrast(color, bg);
        assert.ok(ratio >= 3, `${color} on ${bg}: ${ratio.toFixed(2)}:1`);
      }
    }
  });

  Deno.test(`SERIES_PALETTE (${theme}) stays apart for normal and colour-blind vision`, () => {
    // 0.10 in OKLab is a clear difference; a dichromat's pairs at least 0.07 (Okabe–Ito's own
    // closest pair, under deuteranopia, is 0.076).
    const normal = closestPair(colors, VISION.normal!);
    assert.ok(normal.d >= 0.1, `normal vision: ${normal.pair} ${normal.d.toFixed(3)}`);
    for (const vision of ["protanopia", "deuteranopia", "tritanopia"]) {
      const { d, pair } = closestPair(colors, VISION[vision]!);
      assert.ok(d >= 0.07, `${vision}: ${pair} ${d.toFixed(3)}`);
    }
  });
}

Deno.test("the checks fail the former dark palette, with its near-identical teals", () => {
  const former = ["#818cf8", "#2dd4bf", "#fbbf24", "#f472b6", "#60a5fa", "#a3e635", "#c084fc"]
    .concat(["#fb923c", "#22d3ee", "#fb7185", "#5eead4", "#facc15"]);
  assert.ok(closestPair(former, VISION.normal!).d < 0.1);
  assert.ok(closestPair(former, VISION.deuteranopia!).d < 0.07);
  assert.ok(contrast("#f0e442", "#ffffff") < 3, "Okabe–Ito's yellow fails on white");
});

Deno.test("slotColor(), slotVar() and slotDash() reuse the palette's colours, dashed, past its end", () => {
  const n = SERIES_PALETTE.length;
  assert.equal(slotColor(0, "light"), SERIES_PALETTE[0]!.light);
  assert.equal(slotColor(n + 2, "dark"), SERIES_PALETTE[2]!.dark);
  assert.equal(slotVar(0), "--s1");
  assert.equal(slotVar(n), "--s1");
  assert.deepEqual(slotDash(n - 1), []);
  assert.notDeepEqual(slotDash(n), []);
  assert.notDeepEqual(slotDash(2 * n), slotDash(n), "each pass through the palette its own dash");
});
