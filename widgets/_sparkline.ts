// A sparkline as SVG path data in a 100 × 30 box: the line, and the area under it.

export const SPARK_W = 100;
export const SPARK_H = 30;

/** Path data for values (oldest first); empty strings when there are fewer than two. */
export function sparkPaths(values: readonly number[]): { line: string; area: string } {
  if (values.length < 2) return { line: "", area: "" };
  const max = Math.max(...values);
  const min = Math.min(0, ...values);
  const span = max - min || 1;
  const step = SPARK_W / (values.length - 1);
  const y = (v: number) => +(SPARK_H - 1 - ((v - min) / span) * (SPARK_H - 2)).toFixed(2);
  const line = values.map((v, i) => `${i ? "L" : "M"}${+(i * step).toFixed(2)} ${y(v)}`).join("");
  return { line, area: `${line}L${SPARK_W} ${SPARK_H}L0 ${SPARK_H}Z` };
}
