// chart.js with only what <llm-metric-chart> draws: lines over a linear time axis, a legend and
// tooltips. Built as static/widgets/chart-vendor.js and imported by the chart widget on first use,
// so that pages without a chart never load it.
import {
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import { color } from "chart.js/helpers";

Chart.register(LineController, LineElement, PointElement, LinearScale, Filler, Legend, Tooltip);

export { Chart };

/** A CSS color made translucent, for the area under a single line. */
export function fade(css: string, alpha: number): string {
  return color(css).alpha(alpha).rgbString();
}
