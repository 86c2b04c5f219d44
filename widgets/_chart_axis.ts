// <llm-metric-chart>'s drawing helpers: lone points between gaps, and an x axis that ends at now.

export type Point = { x: number; y: number | null };

/** What the x axis needs of a history: its series of [time, value] points. */
interface Timed {
  series: Array<{ points: Array<[number, number | null]> }>;
}

/** A point between two gaps has no segment to draw, so it shows as a dot. */
export function loneRadius(
  { dataset, dataIndex: i }: { dataset: { data: unknown[] }; dataIndex: number },
) {
  const at = (j: number) => (dataset.data[j] as Point | undefined)?.y != null;
  return at(i) && !at(i - 1) && !at(i + 1) ? 2.5 : 0;
}

/** The x axis from the first step to now, not rounded out to a "nice" tick into the future. */
export function xBounds(h: Timed): { min?: number; max?: number } {
  const [first, last] = [h.series[0]?.points[0]?.[0], h.series[0]?.points.at(-1)?.[0]];
  return { min: first, max: last === undefined ? undefined : Math.max(last, Date.now()) };
}
