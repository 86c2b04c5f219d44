// History results → what a chart draws: one time axis, one dataset per series (or per group key,
// the smallest ones folded into "Other"), each with its colour, the filters that narrow the
// events behind it, and a sentence describing it for screen readers.
import { formatValue } from "../lib/shared/format.ts";
import { SERIES_DASHES, SERIES_PALETTE, slotDash, slotVar } from "../lib/shared/palette.ts";
import { parseDuration } from "../lib/shared/windows.ts";
import type { HistoryResult } from "../lib/metrics/live_metrics.ts";
import type { ChartSpec } from "./charts.ts";
import { formatTime } from "./time.ts";

export interface Dataset {
  id: string;
  label: string;
  /** A CSS custom property holding the colour, e.g. "--s1". */
  color: string;
  /** The line dash ([] solid): a slot past the palette's colours reuses one, dashed. */
  dash: number[];
  /** The y axis: "left", or "right" for a series on a scale of its own. */
  axis: "left" | "right";
  /** One value per time; null where the metric is undefined (no requests): a gap, not 0. */
  values: Array<number | null>;
  /** Filters that narrow the events to this dataset; null for "Other". */
  filters: Record<string, string[]> | null;
}

export interface ChartData {
  times: number[];
  stepMs: number;
  sets: Dataset[];
}

export const MAX_KEYS = 8;
const FILTER_OF_GROUP: Record<string, string> = { user: "user_id" };

/** Whether a value draws anything: null (no requests) and 0 do not. */
export function drawn(v: number | null | undefined): v is number {
  return v !== null && v !== undefined && v !== 0;
}

/** A history's step ("5m", "1h") in ms; a minute when it cannot be read. */
export function stepMs(step: string): number {
  return parseDuration(step) ?? 60_000;
}

/**
 * The palette slot of a key: the one the project assigned (lib/store/series_colors.ts), or for a
 * key without one (past the assigned ones) a slot from its hash: the same key, the same colour.
 */
export function slotOf(key: string, colors: Record<string, number>): number {
  const assigned = colors[key];
  if (assigned !== undefined) return assigned;
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
  return h % (SERIES_PALETTE.length * SERIES_DASHES.length);
}

/** The CSS custom property of a key's colour. */
export function colorOf(key: string, colors: Record<string, number>): string {
  return slotVar(slotOf(key, colors));
}

/** A history result, with the palette slots of its series when it is grouped by a coloured key. */
export type ColoredHistory = HistoryResult & { colors?: Record<string, number> };

export function chartData(
  spec: ChartSpec,
  results: ColoredHistory[],
  colors: Record<string, number>,
): ChartData {
  const first = results.find((r) => r.series.length > 0)?.series[0];
  const times = first ? first.points.map(([t]) => t) : [];
  const sets: Dataset[] = [];
  spec.series.forEach((s, i) => {
    const result = results[i];
    if (!result) return;
    if (!s.group_by) {
      const values = result.series[0]?.points.map(([, v]) => v) ?? times.map(() => 0);
      sets.push({
        id: s.metric,
        label: s.label ?? s.metric,
        color: slotVar(i),
        dash: [],
        axis: s.axis ?? "left",
        values,
        filters: {},
      });
      return;
    }
    const field = FILTER_OF_GROUP[s.group_by] ?? s.group_by;
    const top = result.series.slice(0, MAX_KEYS);
    const rest = result.series.slice(MAX_KEYS);
    // Slots the project assigned (stable everywhere); a key without one takes a slot no other
    // series of this chart has.
    const slots: Record<string, number> = { ...colors, ...result.colors };
    const used = new Set(top.map((t) => slots[t.key]));
    let free = 0;
    const slotFor = (key: string) => {
      if (slots[key] !== undefined) return slots[key];
      while (used.has(free)) free++;
      used.add(free);
      return free;
    };
    for (const series of top) {
      const status = s.group_by === "status";
      const slot = slotFor(series.key);
      sets.push({
        id: `${s.metric}:${series.key}`,
        label: series.key,
        color: status ? `--status-${series.key}` : slotVar(slot),
        dash: status ? [] : slotDash(slot),
        axis: s.axis ?? "left",
        values: series.points.map(([, v]) => v),
        filters: { [field]: [series.key] },
      });
    }
    if (rest.length > 0 && spec.additive) {
      sets.push({
        id: `${s.metric}:other`,
        label: `Other (${rest.length})`,
        color: "--other",
        dash: [],
        axis: s.axis ?? "left",
        values: times.map((_, j) => rest.reduce((sum, r) => sum + (r.points[j]?.[1] ?? 0), 0)),
        filters: null,
      });
    }
  });
  return { times, stepMs: stepMs(results[0]?.step ?? "1m"), sets };
}

/** One sentence for screen readers (the canvas's aria-label) and the chart's subtitle. */
export function describeChart(
  spec: ChartSpec,
  data: ChartData,
  where: { timeZone: string; locale: string },
): string {
  const fmt = (v: number) => formatValue(v, spec.unit, where.locale);
  const when = (t: number) => formatTime(t, "datetime", where);
  const head = `${spec.title}, one point per ${stepLabel(data.stepMs)}`;
  const nonEmpty = data.sets.filter((s) => s.values.some(drawn));
  if (data.times.length === 0 || nonEmpty.length === 0) return `${head}: no data in this range.`;
  const parts = nonEmpty.slice(0, 5).map((s) => {
    let peak = s.values.findIndex(drawn);
    s.values.forEach((v, i) => {
      if (v !== null && v > s.values[peak]!) peak = i;
    });
    const total = s.values.reduce<number>((a, b) => a + (b ?? 0), 0);
    const peakText = `peak ${fmt(s.values[peak]!)} at ${when(data.times[peak]!)}`;
    return spec.additive
      ? `${s.label} ${fmt(total)} in total, ${peakText}`
      : `${s.label} ${peakText}`;
  });
  const more = nonEmpty.length > 5 ? `, and ${nonEmpty.length - 5} more` : "";
  return `${head}, from ${when(data.times[0]!)}: ${parts.join("; ")}${more}.`;
}

function stepLabel(ms: number): string {
  if (ms % 86_400_000 === 0) return ms === 86_400_000 ? "day" : `${ms / 86_400_000} days`;
  if (ms % 3_600_000 === 0) return ms === 3_600_000 ? "hour" : `${ms / 3_600_000} hours`;
  return ms === 60_000 ? "minute" : `${ms / 60_000} minutes`;
}
