// A sparkline as SVG path data in a 100 × 30 box: the line, and the area under it. A null value
// (a step without requests, for latency-like metrics) is a gap: the line stops and starts again.

export const SPARK_W = 100;
export const SPARK_H = 30;

/** Path data for values (oldest first); empty strings when there are fewer than two. */
export function sparkPaths(values: readonly (number | null)[]): { line: string; area: string } {
  const drawn = values.filter((v) => v !== null) as number[];
  const min = Math.min(0, ...drawn);
  const span = Math.max(...drawn) - min || 1;
  let line = "";
  let area = "";
  values.forEach((v, i) => {
    if (v === null || values.length < 2) return;
    const x = +(i * SPARK_W / (values.length - 1)).toFixed(2);
    const y = +(SPARK_H - 1 - ((v - min) / span) * (SPARK_H - 2)).toFixed(2);
    const start = values[i - 1] == null;
    line += `${start ? "M" : "L"}${x} ${y}`;
    area += `${start ? `M${x} ${SPARK_H}` : ""}L${x} ${y}${
      values[i + 1] == null ? `L${x} ${SPARK_H}Z` : ""
    }`;
  });
  return { line, area };
}
