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
