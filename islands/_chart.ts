// chart.js, only the parts the dashboard draws with (bars, lines, areas on a category axis, the
// tooltip), registered on first use; colours come from the theme's CSS custom properties.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  type ScriptableContext,
  Tooltip,
} from "chart.js";

let registered = false;

export function makeChart(
  canvas: HTMLCanvasElement,
  config: ChartConfiguration<"bar" | "line">,
): Chart<"bar" | "line"> {
  if (!registered) {
    Chart.register(
      BarController,
      BarElement,
      CategoryScale,
      Filler,
      LinearScale,
      LineController,
      LineElement,
      PointElement,
      Tooltip,
    );
    registered = true;
  }
  return new Chart(canvas, config);
}

export type { Chart };

/**
 * A scriptable pointRadius for lines with gaps: a value between two nulls (one step with requests
 * among empty ones) has no segment to draw, so it shows as a dot of `radius`; others draw none.
 */
export function lonePointRadius(radius: number): (ctx: ScriptableContext<"line">) => number {
  return (ctx) => {
    const data = ctx.dataset.data as unknown[];
    const at = (i: number) => {
      const v = data[i];
      return v !== null && v !== undefined &&
        (typeof v !== "object" || (v as { y: unknown }).y != null);
    };
    const i = ctx.dataIndex;
    return at(i) && !at(i - 1) && !at(i + 1) ? radius : 0;
  };
}

/** The value of a theme colour, e.g. cssColor("--s1"). */
export function cssColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#888";
}

/** "#6366f1" at 25 % opacity, for area fills. */
export function translucent(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) return hex;
  const n = parseInt(m[1]!, 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** Calls fn when the theme changes (the toggle, or the system preference); returns the stop. */
export function onThemeChange(fn: () => void): () => void {
  const media = matchMedia("(prefers-color-scheme: dark)");
  addEventListener("themechange", fn);
  media.addEventListener("change", fn);
  return () => {
    removeEventListener("themechange", fn);
    media.removeEventListener("change", fn);
  };
}

/** Diagonal stripes of a colour, for bars of a slot past the palette's colours. */
export function stripes(color: string): CanvasPattern | string {
  const tile = document.createElement("canvas");
  tile.width = tile.height = 6;
  const g = tile.getContext("2d");
  if (!g) return color;
  g.strokeStyle = color;
  g.lineWidth = 2;
  g.beginPath();
  g.moveTo(-1, 7);
  g.lineTo(7, -1);
  g.stroke();
  return g.createPattern(tile, "repeat") ?? color;
}
