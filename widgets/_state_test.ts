import assert from "node:assert/strict";
import {
  classify,
  DEFAULT_STALE_AFTER_MS,
  initialState,
  metricView,
  nextState,
  retryDelayMs,
  type SourceEvent,
  type SourceState,
} from "./_state.ts";

type Numbers = Record<string, unknown>;
const T0 = 1_700_000_000_000;

function run(
  events: SourceEvent<Numbers>[],
  from = initialState<Numbers>(T0),
): SourceState<Numbers> {
  return events.reduce(nextState, from);
}

Deno.test("nextState() goes from loading to live with the first numbers", () => {
  const start = initialState<Numbers>(T0);
  assert.deepEqual(start, {
    status: "loading",
    data: null,
    seen_at: T0,
    stale_after_ms: DEFAULT_STALE_AFTER_MS,
    failures: 0,
    message: "",
  });
  const live = run([{ type: "data", at: T0 + 10, data: { requests: 3 } }]);
  assert.equal(live.status, "live");
  assert.deepEqual(live.data, { requests: 3 });
  assert.equal(live.seen_at, T0 + 10);
});

Deno.test("nextState() turns live to stale only after the stale delay without numbers or heartbeat", () => {
  const live = run([
    { type: "data", at: T0, data: { requests: 1 } },
    { type: "beat", at: T0 + 1_000, every_ms: 10_000 },
  ]);
  assert.equal(live.stale_after_ms, 25_000, "2.5 heartbeats");
  assert.equal(nextState(live, { type: "check", at: T0 + 25_999 }).status, "live");
  const stale = nextState(live, { type: "check", at: T0 + 26_000 });
  assert.equal(stale.status, "stale");
  assert.deepEqual(stale.data, { requests: 1 }, "the last numbers stay on show");
  assert.equal(nextState(stale, { type: "beat", at: T0 + 30_000 }).status, "live");
  assert.equal(
    nextState(stale, { type: "data", at: T0 + 30_000, data: { requests: 2 } }).status,
    "live",
  );
});

Deno.test("nextState() keeps loading on a heartbeat without numbers, and never stales loading", () => {
  const s = run([{ type: "beat", at: T0 + 5, every_ms: 100 }, { type: "check", at: T0 + 10_000 }]);
  assert.equal(s.status, "loading");
});

Deno.test("nextState() counts failures, keeps the last numbers, and resets on success", () => {
  const failed = run([
    { type: "data", at: T0, data: { requests: 4 } },
    { type: "fail", status: "unreachable", message: "cannot reach the monitor" },
    { type: "fail", status: "unreachable", message: "cannot reach the monitor" },
  ]);
  assert.equal(failed.status, "unreachable");
  assert.equal(failed.failures, 2);
  assert.equal(failed.message, "cannot reach the monitor");
  assert.deepEqual(failed.data, { requests: 4 });
  assert.equal(nextState(failed, { type: "check", at: T0 + 3_600_000 }).status, "unreachable");
  const back = nextState(failed, { type: "data", at: T0 + 1, data: { requests: 5 } });
  assert.deepEqual([back.status, back.failures, back.message], ["live", 0, ""]);
});

Deno.test("retryDelayMs() backs off exponentially with jitter, slower when refused, never when misconfigured", () => {
  const after = (status: "unreachable" | "unauthorized" | "invalid", failures: number) => ({
    ...initialState<Numbers>(T0),
    status,
    failures,
  });
  assert.equal(retryDelayMs(after("unreachable", 1), () => 1), 1_000);
  assert.equal(retryDelayMs(after("unreachable", 1), () => 0), 500);
  assert.equal(retryDelayMs(after("unreachable", 4), () => 1), 8_000);
  assert.equal(retryDelayMs(after("unreachable", 20), () => 1), 30_000, "capped");
  assert.equal(retryDelayMs(after("unauthorized", 1), () => 1), 15_000);
  assert.equal(retryDelayMs(after("unauthorized", 10), () => 1), 300_000, "capped");
  assert.equal(retryDelayMs(after("invalid", 1)), null);
  assert.equal(retryDelayMs(initialState(T0)), null);
});

Deno.test("classify() tells refused from misconfigured from worth retrying", () => {
  assert.deepEqual(classify(401, "unknown token"), {
    type: "fail",
    status: "unauthorized",
    message: "unknown token",
  });
  assert.equal(classify(403, "").status, "unauthorized");
  assert.equal(classify(400, "").status, "invalid");
  assert.equal(classify(404, "").status, "invalid");
  assert.equal(classify(503, "").status, "unreachable");
  assert.equal(classify(429, "").status, "unreachable");
});

Deno.test("metricView() reads one metric; a metric left out of live numbers is unauthorized", () => {
  const live = run([{
    type: "data",
    at: T0,
    data: { cost_usd: 1.5, previous: { cost_usd: 1 } },
  }]);
  assert.deepEqual(metricView(live, "cost_usd", true), {
    status: "live",
    message: "",
    value: 1.5,
    previous: 1,
  });
  assert.deepEqual(metricView(live, "p95_latency_ms", true), {
    status: "unauthorized",
    message: "this token cannot read p95_latency_ms",
    value: null,
    previous: null,
  });
  assert.deepEqual(metricView(live, "p97_latency", false), {
    status: "invalid",
    message: 'unknown metric "p97_latency"',
    value: null,
    previous: null,
  });
  assert.equal(metricView(initialState(T0), "cost_usd", true).status, "loading");
});
