// The series colours of every chart, list and widget: one palette slot per series, assigned once
// per project (lib/store/series_colors.ts), so a model keeps its colour across views, ranges and
// widgets. Each slot has a light-theme and a dark-theme variant, both at least 3:1 against their
// backgrounds and told apart under protanopia, deuteranopia and tritanopia (palette_test.ts).
// The dark variants are Okabe–Ito's colours; the light ones are darkened along the same hues.
// Slots past the palette reuse its colours with a dash pattern (lines) or stripes (bars).

export interface SlotColor {
  name: string;
  light: string;
  dark: string;
}

export const SERIES_PALETTE: readonly SlotColor[] = [
  { name: "orange", light: "#cd7617", dark: "#e69f00" },
  { name: "blue", light: "#0061ba", dark: "#56b4e9" },
  { name: "green", light: "#009d90", dark: "#009e73" },
  { name: "yellow", light: "#5f5e00", dark: "#f0e442" },
  { name: "navy", light: "#161264", dark: "#0072b2" },
  { name: "red", light: "#6c0000", dark: "#d55e00" },
  { name: "purple", light: "#a31c79", dark: "#cc79a7" },
];

/** The line dash of each pass through the palette: solid, dashed, dotted, dash-dot. */
export const SERIES_DASHES: readonly (readonly number[])[] = [[], [6, 4], [2, 3], [8, 3, 2, 3]];

export type Theme = "light" | "dark";

/** A slot's palette entry (slots wrap around the palette). */
export function slotColor(slot: number, theme: Theme): string {
  return SERIES_PALETTE[slot % SERIES_PALETTE.length]![theme];
}

/** A slot's CSS custom property on the dashboard: "--s1" … "--s7". */
export function slotVar(slot: number): string {
  return `--s${(slot % SERIES_PALETTE.length) + 1}`;
}

/** A slot's line dash: [] for the first pass through the palette. */
export function slotDash(slot: number): number[] {
  const pass = Math.floor(slot / SERIES_PALETTE.length) % SERIES_DASHES.length;
  return [...SERIES_DASHES[pass]!];
}

/** The palette as CSS custom properties of one theme, for the dashboard's stylesheet. */
export function paletteCss(theme: Theme): string {
  return SERIES_PALETTE.map((c, i) => `${slotVar(i)}: ${c[theme]};`).join(" ");
}

/** A CSS background for a legend swatch: plain, or striped past the first pass. */
export function swatchCss(color: string, dashed: boolean): string {
  return dashed
    ? `background: repeating-linear-gradient(135deg, ${color} 0 3px, transparent 3px 5px)`
    : `background: ${color}`;
}
