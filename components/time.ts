// Times as people read them, in the project's time zone and the reader's locale, so the server
// render and the hydrated islands print the same text.

export { axisStyle, formatTime, type TimeStyle } from "../lib/shared/time_format.ts";

/** "1 min", "5 min", "1 h", "1 d": a step or a window for sentences. */
export function spanLabel(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}

/** "in 3 h", "in 2 d", for a moment ahead of now. */
export function untilLabel(at: number, now: number): string {
  const ms = Math.max(0, at - now);
  if (ms < 3_600_000) return `in ${Math.max(1, Math.round(ms / 60_000))} min`;
  if (ms < 2 * 86_400_000) return `in ${Math.round(ms / 3_600_000)} h`;
  return `in ${Math.round(ms / 86_400_000)} d`;
}
