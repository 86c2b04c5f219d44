// Events over 40 days for the rollup-grain suite (tests/rollup_grains_test.ts): spread evenly,
// plus bursts across every UTC midnight, relative to the real clock (the store plans minute
// rollups by it); and windows whose edges fall mid-minute, mid-hour and mid-day.
import type { StoredEvent } from "../lib/ingest/event.ts";
import { storedEvent } from "./_events.ts";

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
/** The end of the data: a little before the tests start, so every event is settled and stored. */
export const NOW = Date.now() - 1_000;
/** The UTC midnight before NOW. */
const D0 = Math.floor(NOW / DAY) * DAY;
export const MODELS = [["gpt-4o", "openai"], ["claude-sonnet-4", "anthropic"], ["local", null]];
export const ENDPOINTS = ["chat", "search", "summarize"];

export function grainEvents(projectId: string): StoredEvent[] {
  const offsets = Array.from({ length: 1_800 }, (_, i) => 1 + (i * 79_191_137) % (40 * DAY));
  for (let k = 0; k < 40; k++) {
    for (let j = 0; j < 15; j++) offsets.push(NOW - (D0 - k * DAY + (j - 7) * 37_123));
  }
  return offsets.filter((o) => o > 0 && o < 40 * DAY).map((offset, i) => {
    const [model, provider] = MODELS[i % 3]!;
    return storedEvent({
      project_id: projectId,
      id: `g-${i}`,
      ts: NOW - offset,
      received_at: NOW,
      model: model!,
      provider: provider ?? null,
      endpoint: ENDPOINTS[(i >> 1) % 3]!,
      application: i % 4 === 0 ? "batch" : null,
      user_id: `u-${i % 5}`,
      status: i % 13 === 0 ? "error" : i % 29 === 0 ? "timeout" : "success",
      input_tokens: 20 + (i % 61),
      output_tokens: 3 + (i % 17),
      cached_input_tokens: i % 3 === 0 ? 7 : null,
      latency_ms: i % 11 === 0 ? null : 90 + ((i * 7_919) % 2_003) * 1.9,
      time_to_first_token_ms: i % 2 === 0 ? 40 + (i % 9) : null,
      cost_usd: i % 10 === 0 ? null : 0.00013 * (1 + (i % 7)),
      cost_source: "computed",
    });
  });
}

const s = 1_000;
const m = MINUTE;

/** [name, from, to]: edges at odd times, across day boundaries, in and before the minute span. */
export const WINDOWS: Array<[string, number, number]> = [
  ["39 days, mid-day to now", NOW - 39 * DAY - 12 * HOUR - 13_517, NOW - 7_003],
  [
    "across one midnight",
    D0 - 10 * DAY - 5 * HOUR - 29 * m - 10_200,
    D0 - 10 * DAY + 3 * HOUR + 15 * m + 2 * s,
  ],
  [
    "mid-day to mid-day",
    D0 - 20 * DAY + 12 * HOUR + 7 * m + 3 * s,
    D0 - 16 * DAY + 11 * HOUR + 59 * m + 59_500,
  ],
  ["from before the minute rollups", NOW - 50 * HOUR - 17_300, NOW - 61 * s],
  ["whole days", D0 - 7 * DAY, D0],
  ["minutes around midnight", D0 - 2 * DAY - 4 * m - 1 * s, D0 - 2 * DAY + 3 * m + 30 * s],
  ["recent hours", NOW - 3 * HOUR - 1_500, NOW - 250],
];

/** [step, from, to] of the history checks (at most 2,000 points each). */
export const HISTORIES: Array<[string, number, number, number]> = [
  ["1m", MINUTE, NOW - 30 * HOUR - 17_300, NOW - 61 * s],
  ["1m", MINUTE, NOW - 49 * HOUR - 5_000, NOW - 20 * HOUR - 30 * s],
  ["1h", HOUR, D0 - 20 * DAY + 12 * HOUR + 7 * m + 3 * s, D0 - 16 * DAY + 11 * HOUR + 59 * m],
  ["6h", 6 * HOUR, NOW - 39 * DAY - 12 * HOUR - 13_517, NOW - 7_003],
  ["1d", DAY, NOW - 39 * DAY - 12 * HOUR - 13_517, NOW - 7_003],
  ["1d", DAY, D0 - 10 * DAY - 5 * HOUR - 29 * m - 10_200, D0 - 3 * DAY + 3 * HOUR + 2 * s],
];
