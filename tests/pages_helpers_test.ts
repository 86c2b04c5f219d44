// The dashboard's pure helpers (links, chart data) and the demo traffic generator.
import assert from "node:assert/strict";
import { chartData, describeChart } from "../components/chart_data.ts";
import { CHARTS } from "../components/charts.ts";
import { apiQuery, eventsHref, href, type LinkState, safeNext } from "../components/hrefs.ts";
import { isLoopback, parseDuration } from "../tools/demo/args.ts";
import { demoEvents, DemoTraffic, estimateCost } from "../tools/demo/traffic.ts";
import { startTestMonitor } from "./_fixtures.ts";

const state: LinkState = {
  project: "prj_1",
  window: "1h",
  from: null,
  to: null,
  filters: { model: ["gpt-4o", "o4-mini"], status: ["error"] },
  view: "finance",
};

Deno.test("href() keeps project, range, filters and view, leaving defaults out", () => {
  assert.equal(
    href("/models", state),
    "/models?project=prj_1&model=gpt-4o%2Co4-mini&status=error&view=finance",
  );
  assert.equal(
    href("/", { ...state, window: "24h", filters: {}, view: "engineering" }),
    "/?project=prj_1&window=24h",
  );
  assert.equal(
    href("/events", state, { cursor: "abc", view: null }),
    "/events?project=prj_1&model=gpt-4o%2Co4-mini&status=error&cursor=abc",
  );
  assert.equal(apiQuery(state), "project=prj_1&window=1h&model=gpt-4o%2Co4-mini&status=error");
  assert.equal(
    apiQuery({ ...state, window: null, from: "2026-11-23T10:00:00.000Z", to: null, filters: {} }),
    "project=prj_1&from=2026-11-23T10%3A00%3A00.000Z",
  );
});

Deno.test("eventsHref() narrows to a time step and a series, replacing that filter", () => {
  const from = Date.parse("2026-11-23T10:00:00Z");
  assert.equal(
    eventsHref(state, { from, to: from + 60_000, filters: { model: ["gpt-4o"] } }),
    "/events?project=prj_1&from=2026-11-23T10%3A00%3A00.000Z&to=2026-11-23T10%3A01%3A00.000Z&model=gpt-4o&status=error",
  );
  assert.equal(
    eventsHref(state, { filters: { status: [] } }),
    "/events?project=prj_1&model=gpt-4o%2Co4-mini",
  );
});

Deno.test("safeNext() allows local paths only", () => {
  assert.equal(safeNext("/costs?window=5m"), "/costs?window=5m");
  for (
    const bad of ["//evil.example", "/\\evil.example", "https://evil.example", "", null, undefined]
  ) {
    assert.equal(safeNext(bad), "/");
  }
});

Deno.test("chartData() folds keys past the top 8 into Other and never repeats a colour", () => {
  const points = (v: number): Array<[number, number]> => [[0, v], [60_000, v * 2]];
  const result = {
    metric: "cost_usd" as const,
    step: "1m",
    series: Array.from({ length: 10 }, (_, i) => ({ key: `m${i}`, points: points(10 - i) })),
  };
  // m0 and m1 keep their slots (12 is the palette's sixth colour, dashed); the others, without
  // one, take slots no other series of the chart has.
  const data = chartData(CHARTS.cost_by_model, [result], { m0: 0, m1: 12 });
  assert.deepEqual(data.times, [0, 60_000]);
  assert.equal(data.stepMs, 60_000);
  assert.deepEqual(data.sets.map((s) => s.label), [
    "m0",
    "m1",
    "m2",
    "m3",
    "m4",
    "m5",
    "m6",
    "m7",
    "Other (2)",
  ]);
  assert.deepEqual(data.sets.at(-1), {
    id: "cost_usd:other",
    label: "Other (2)",
    color: "--other",
    dash: [],
    axis: "left",
    values: [3, 6],
    filters: null,
  });
  assert.deepEqual(data.sets[0]!.filters, { model: ["m0"] });
  assert.equal(
    new Set(data.sets.map((s) => `${s.color} ${s.dash}`)).size,
    data.sets.length,
    "no two series look the same",
  );
  assert.deepEqual(data.sets[1]!.dash.length > 0, true, "slot 12 is past the palette: dashed");
  assert.equal(
    describeChart(CHARTS.cost_by_model, { ...data, sets: data.sets.slice(0, 1) }, {
      timeZone: "UTC",
      locale: "en-GB",
    }),
    "Cost by model, one point per minute, from 1 Jan, 00:00: m0 US$30.00 in total, peak US$20.00 at 1 Jan, 00:01.",
  );
});

Deno.test("DemoTraffic replays a seed and its events are all accepted by ingest", async () => {
  const now = Date.parse("2026-11-23T12:00:00Z");
  const a = demoEvents(new DemoTraffic(1), now - 600_000, now, 2);
  const b = demoEvents(new DemoTraffic(1), now - 600_000, now, 2);
  assert.deepEqual(a, b);
  assert.ok(a.length > 600 && a.length < 1800, `${a.length} events for 10 minutes at ~2/s`);
  const models = new Set(a.map((e) => e.model));
  const providers = new Set(a.map((e) => e.provider));
  assert.ok(models.size >= 10, `${models.size} models`);
  assert.deepEqual([...providers].sort(), [
    "anthropic",
    "google",
    "mistral",
    "openai",
    "self-hosted",
  ]);
  assert.ok(
    a.some((e) => e.status === "error") && a.some((e) => e.time_to_first_token_ms !== undefined),
  );
  assert.ok(
    a.every((e) => e.model !== "gpt-4o" || e.cost_usd === undefined),
    "the server prices list-priced models",
  );
  assert.ok(a.some((e) => e.model === "llama-3.1-70b" && typeof e.cost_usd === "number"));
  assert.ok(a.reduce((s, e) => s + estimateCost(e), 0) > 0);

  await using t = await startTestMonitor({ now: () => now });
  const response = await t.post({ events: a.slice(0, 1000) });
  assert.equal(response.status, 202);
  assert.deepEqual(await response.json(), { accepted: Math.min(1000, a.length), rejected: [] });
});

Deno.test("the demo's flags: durations and loopback-only URLs", () => {
  assert.equal(parseDuration("90s"), 90_000);
  assert.equal(parseDuration("1.5h"), 5_400_000);
  assert.throws(() => parseDuration("soon"), /"soon" is not a duration such as 90s, 10m or 1h/);
  assert.equal(isLoopback(new URL("http://localhost:8000")), true);
  assert.equal(isLoopback(new URL("http://127.0.0.2:8000")), true);
  assert.equal(isLoopback(new URL("http://[::1]:8000")), true);
  assert.equal(isLoopback(new URL("https://monitor.example.com")), false);
});
