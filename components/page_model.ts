// What every signed-in page is rendered from: the frame, the URL state and the read-API queries
// that follow from it. routes/pages.ts builds it once per request.
import type { HistoryResult } from "../lib/metrics/live_metrics.ts";
import type { View } from "./cards.ts";
import type { ChartSpec } from "./charts.ts";
import type { LinkState } from "./hrefs.ts";
import type { Chrome } from "./Layout.ts";
import type { TimeChartProps } from "../islands/TimeChart.ts";

export interface PageModel {
  chrome: Chrome;
  link: LinkState;
  view: View;
  /** The read-API query of the page: project, range, filters. */
  api: string;
  /** The API query without the range: project and filters. */
  base: string;
  /** The stream every island of the page shares. */
  stream: string;
  /** A from/to range rather than a sliding window. */
  fixed: boolean;
  /** "previous 1 h": what trends compare against. */
  compare: string;
  /** How often charts and tables refetch while the stream says numbers move (longer ranges,
   * coarser steps: less often). */
  refreshMs: number;
  windows: string[];
  /** Values seen in the range, per filter field. */
  options: Record<string, string[]>;
  projects: Array<{ id: string; name: string }> | null;
  /** Palette slots by model (most requested first), shared by every chart and list. */
  colors: Record<string, number>;
  timeZone: string;
  locale: string;
  now: number;
  isAdmin: boolean;
}

export function chartProps(
  m: PageModel,
  spec: ChartSpec,
  initial: HistoryResult[],
): TimeChartProps {
  return {
    spec,
    initial,
    colors: m.colors,
    api: m.api,
    stream: m.stream,
    link: m.link,
    time_zone: m.timeZone,
    locale: m.locale,
    refresh_ms: m.refreshMs,
  };
}
