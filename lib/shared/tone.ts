// Whether a change of a number is good news, bad news or neither: one rule for the stat cards,
// the live islands and the widgets. Which way is good is declared per metric (`better` in the
// METRICS catalogue, served by GET /api/metrics; BUDGET_METRICS for the budget numbers).

/** Which way is good news: a rising error rate is bad ("down"), rising cache savings good. */
export type Better = "up" | "down" | "none";

export type Tone = "good" | "bad" | "neutral";

/** The tone of a change (a fraction); changes smaller than `flatBelow` are neutral. */
export function tone(better: Better, change: number, flatBelow = 0): Tone {
  if (better === "none" || change === 0 || Math.abs(change) < flatBelow) return "neutral";
  return (change > 0) === (better === "up") ? "good" : "bad";
}
