// Issue 16 in a real Chromium: a latency line over sparse requests is drawn as separate segments
// (a gap where a step had no requests), never as one line diving to 0 ms, on the dashboard and in
// <llm-metric-chart>. The test counts the segments of the paths chart.js strokes (each segment of a
// line starts with a moveTo on its Path2D), so it does not depend on pixels.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { chromiumMissing, startDashboard } from "./_browser.ts";
import { storedEvent, waitFor } from "./_fixtures.ts";
import { startBrowserMonitor } from "./browser_widget_setup.ts";

const DEADLINE_MS = 30_000;
const MINUTE = 60_000;
/** Minutes ago with requests: three runs (two minutes, one lone minute, three minutes). */
const BUSY_MINUTES_AGO = [45, 44, 30, 12, 11, 10];
const RUNS = 3;

function sparse(projectId: string) {
  const minute = Math.floor(Date.now() / MINUTE) * MINUTE;
  return BUSY_MINUTES_AGO.flatMap((ago, k) =>
    [0, 1, 2].map((i) =>
      storedEvent({
        project_id: projectId,
        ts: minute - ago * MINUTE + 5_000 + i * 1_000,
        latency_ms: 400 + 100 * k + 50 * i,
      })
    )
  );
}

/** Records, per stroked Path2D, its number of segments and the chart it was drawn on. */
function recordStrokes() {
  const moves = new WeakMap<Path2D, number>();
  const moveTo = Path2D.prototype.moveTo;
  Path2D.prototype.moveTo = function (x: number, y: number) {
    moves.set(this, (moves.get(this) ?? 0) + 1);
    return moveTo.call(this, x, y);
  };
  const strokes: Array<{ chart: string; color: string; segments: number }> = [];
  (globalThis as unknown as { strokes: typeof strokes }).strokes = strokes;
  const stroke = CanvasRenderingContext2D.prototype.stroke;
  CanvasRenderingContext2D.prototype.stroke = function (
    this: CanvasRenderingContext2D,
    ...args: [] | [Path2D]
  ) {
    const path = args[0];
    if (path instanceof Path2D) {
      const host = this.canvas.closest("[data-chart]")?.getAttribute("data-chart") ??
        (this.canvas.getRootNode() as ShadowRoot).host?.localName ?? "";
      strokes.push({
        chart: host,
        color: String(this.strokeStyle),
        segments: moves.get(path) ?? 0,
      });
    }
    return stroke.apply(this, args as [Path2D]);
  };
}

/** The segments of the latest stroke of each line (by colour) drawn on `chart`. */
function segmentsOf(page: Page, chart: string): Promise<number[]> {
  return page.evaluate((chart) => {
    const strokes = (globalThis as unknown as {
      strokes: Array<{ chart: string; color: string; segments: number }>;
    }).strokes;
    const latest = new Map<string, number>();
    for (const s of strokes) if (s.chart === chart) latest.set(s.color, s.segments);
    return [...latest.values()];
  }, chart);
}

Deno.test({
  name: "the dashboard's latency chart draws sparse requests as separate segments",
  ignore: chromiumMissing,
  async fn() {
    await using d = await startDashboard();
    await d.t.monitor.deps.store.insertEvents(sparse(d.t.projectId));
    const { page, errors } = await d.open();
    await page.addInitScript(recordStrokes);
    await page.goto(d.at("/?window=1h"));
    await page.locator('[data-live="live"]').waitFor({ timeout: DEADLINE_MS });
    let segments: number[] = [];
    await waitFor(
      async () => {
        segments = await segmentsOf(page, "latency");
        return segments.length === 3;
      },
      "the three latency lines are drawn",
      DEADLINE_MS,
    );
    assert.deepEqual(segments, [RUNS, RUNS, RUNS], "p50, p95, p99: one segment per run of minutes");

    // The data table lists only the minutes with requests, none of them at 0 ms.
    const chart = page.locator('[data-chart="latency"]');
    await chart.locator("summary").click();
    const rows = chart.locator("table tbody tr");
    await rows.first().waitFor({ timeout: DEADLINE_MS });
    assert.equal(await rows.count(), BUSY_MINUTES_AGO.length);
    const cells = await chart.locator("table tbody td").allTextContents();
    assert.ok(cells.every((c) => c.trim() !== "0 ms" && c.trim() !== "—"), cells.join(" | "));
    assert.deepEqual(errors, []);
  },
});

Deno.test({
  name: "<llm-metric-chart> draws sparse latency as separate segments",
  ignore: chromiumMissing,
  async fn() {
    await using b = await startBrowserMonitor();
    await b.t.monitor.deps.store.insertEvents(sparse(b.t.projectId));
    const token = await b.widgetToken({ metrics: ["p95_latency_ms"], origins: [b.portal] });
    const page = await b.page(`
    <script type="module" src="${b.monitor}/widgets/llm-metric-chart.js"></script>
    <llm-metric-chart id="chart" metric="p95_latency_ms" step="1m" token="${token}"
      style="width:600px"></llm-metric-chart>`);
    await page.addInitScript(recordStrokes);
    await page.reload();
    let segments: number[] = [];
    await waitFor(
      async () => {
        segments = await segmentsOf(page, "llm-metric-chart");
        return segments.length === 1;
      },
      "the p95 line is drawn",
      DEADLINE_MS,
    );
    assert.deepEqual(segments, [RUNS]);
    await page.context().close();
  },
});
