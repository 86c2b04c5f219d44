// Issue 16's chart items in a real Chromium: the tokens chart draws input and output as two lines
// on their own axes (not stacked areas), a model keeps its colour between ranges, the widget
// chart's axis ends at now and follows the reader's clock, and a KPI card says when the previous
// window had no data. Drawing is observed through the canvas calls chart.js makes (no pixels).
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { chromiumMissing, startDashboard } from "./_browser.ts";
import { storedEvent, waitFor } from "./_fixtures.ts";
import { startBrowserMonitor } from "./browser_widget_setup.ts";
import { slotColor } from "../lib/shared/palette.ts";

const DEADLINE_MS = 30_000;
const MINUTE = 60_000;
const ignore = chromiumMissing;

/** Per chart: fill() calls, and per stroked line its colour and how high it reaches. */
function recordDrawing() {
  const tops = new WeakMap<Path2D, number>();
  for (const name of ["moveTo", "lineTo", "bezierCurveTo"] as const) {
    const original = Path2D.prototype[name] as (...a: number[]) => void;
    Path2D.prototype[name] = function (this: Path2D, ...a: number[]) {
      const y = a[a.length - 1]!;
      tops.set(this, Math.min(tops.get(this) ?? Infinity, y));
      return original.apply(this, a);
    } as never;
  }
  const host = (c: CanvasRenderingContext2D) =>
    c.canvas.closest("[data-chart]")?.getAttribute("data-chart") ?? "";
  const drawn = { fills: {} as Record<string, number>, lines: [] as unknown[] };
  (globalThis as unknown as { drawn: typeof drawn }).drawn = drawn;
  const fill = CanvasRenderingContext2D.prototype.fill;
  CanvasRenderingContext2D.prototype.fill = function (
    this: CanvasRenderingContext2D,
    ...a: unknown[]
  ) {
    drawn.fills[host(this)] = (drawn.fills[host(this)] ?? 0) + 1;
    return (fill as (...a: unknown[]) => void).apply(this, a);
  };
  const stroke = CanvasRenderingContext2D.prototype.stroke;
  CanvasRenderingContext2D.prototype.stroke = function (
    this: CanvasRenderingContext2D,
    ...a: [] | [Path2D]
  ) {
    const path = a[0];
    if (path instanceof Path2D) {
      drawn.lines.push({
        chart: host(this),
        color: String(this.strokeStyle),
        top: tops.get(path) ?? Infinity,
        height: this.canvas.clientHeight,
      });
    }
    return stroke.apply(this, a as [Path2D]);
  };
}

type Line = { chart: string; color: string; top: number; height: number };

/** The latest stroke of each line (by colour) of a chart, and the fills made on it. */
function drawingOf(page: Page, chart: string): Promise<{ lines: Line[]; fills: number }> {
  return page.evaluate((chart) => {
    const drawn = (globalThis as unknown as {
      drawn: { fills: Record<string, number>; lines: Line[] };
    }).drawn;
    const latest = new Map<string, Line>();
    for (const l of drawn.lines) if (l.chart === chart) latest.set(l.color, l);
    return { lines: [...latest.values()], fills: drawn.fills[chart] ?? 0 };
  }, chart);
}

Deno.test({
  name: "the tokens chart draws input and output as lines on their own axes, not stacked",
  ignore,
  async fn() {
    await using d = await startDashboard();
    const minute = Math.floor(Date.now() / MINUTE) * MINUTE;
    // Output is 5 % of input, as in chat traffic; both rise and fall over half an hour.
    await d.t.monitor.deps.store.insertEvents(
      Array.from({ length: 30 }, (_, i) => {
        const input = 1_000 + 200 * (i % 10);
        return storedEvent({
          project_id: d.t.projectId,
          ts: minute - (30 - i) * MINUTE + 5_000,
          input_tokens: input,
          output_tokens: input / 20,
        });
      }),
    );
    const { page, errors } = await d.open();
    await page.addInitScript(recordDrawing);
    await page.goto(d.at("/?window=1h"));
    let drawing = { lines: [] as Line[], fills: 0 };
    await waitFor(
      async () => {
        drawing = await drawingOf(page, "tokens");
        return drawing.lines.length === 2;
      },
      "the two token lines are drawn",
      DEADLINE_MS,
    );
    assert.equal(drawing.fills, 0, "lines, no stacked areas");
    for (const line of drawing.lines) {
      // On its own scale each line's peak is in the upper half of the canvas; output on the
      // input's scale would stay near the bottom, at 5 % of its height.
      assert.ok(line.top < line.height / 2, `a line reaches ${line.top} of ${line.height} px`);
    }
    const legend = await page.locator('[data-chart="tokens"] .legend li').allTextContents();
    assert.deepEqual(legend.map((t) => t.trim()), ["Input", "Output (right axis)"]);
    const caption = await page.locator('[data-chart="tokens"] figcaption').textContent();
    assert.doesNotMatch(caption ?? "", /stacked/);
    assert.deepEqual(errors, []);
  },
});

/** The colour of a model's legend swatch on a chart, and of its swatch in the model list. */
async function swatches(page: Page, model: string): Promise<string[]> {
  const legend = page.locator('[data-chart="cost_by_model"] .legend li', { hasText: model });
  const share = page.locator(".share-list li", { hasText: model });
  await legend.waitFor({ timeout: DEADLINE_MS });
  await share.waitFor({ timeout: DEADLINE_MS });
  const color = (l: typeof legend) =>
    l.locator(".swatch").first().evaluate((el) => {
      const s = getComputedStyle(el);
      return `${s.backgroundColor} ${s.backgroundImage}`;
    });
  return [await color(legend), await color(share)];
}

Deno.test({
  name: "a model keeps its colour on the Overview over 1 h and over 7 d",
  ignore,
  async fn() {
    await using d = await startDashboard();
    const now = Date.now();
    const events = (model: string, n: number, ts: number) =>
      Array.from(
        { length: n },
        (_, i) => storedEvent({ project_id: d.t.projectId, model, ts: ts + i * 1_000 }),
      );
    // The last hour ranks beta first; the week ranks alpha first.
    await d.t.monitor.deps.store.insertEvents([
      ...events("beta", 5, now - 20 * MINUTE),
      ...events("alpha", 1, now - 10 * MINUTE),
      ...events("alpha", 20, now - 3 * 86_400_000),
    ]);
    const { page, errors } = await d.open();
    await page.goto(d.at("/?window=1h"));
    const hour = { alpha: await swatches(page, "alpha"), beta: await swatches(page, "beta") };
    await page.goto(d.at("/?window=7d"));
    const week = { alpha: await swatches(page, "alpha"), beta: await swatches(page, "beta") };
    assert.deepEqual(week, hour, "the same colours over 7 d as over 1 h");
    assert.equal(hour.alpha[0], hour.alpha[1], "the chart and the list agree");
    assert.notEqual(hour.alpha[0], hour.beta[0]);
    assert.deepEqual(errors, []);
  },
});

Deno.test({
  name:
    "<llm-metric-chart> ends its axis at now, in the reader's 24-hour clock, in dashboard colours",
  ignore,
  async fn() {
    await using b = await startBrowserMonitor();
    const minute = Math.floor(Date.now() / MINUTE) * MINUTE;
    await b.t.monitor.deps.store.insertEvents(
      ["alpha", "beta"].flatMap((model, k) =>
        Array.from({ length: 12 }, (_, i) =>
          storedEvent({
            project_id: b.t.projectId,
            model,
            ts: minute - (5 * i + k) * MINUTE + 5_000,
            // beta has no price: the table must say so, not show $0.00.
            ...(model === "beta" ? { cost_usd: null } : {}),
          }))
      ),
    );
    const token = await b.widgetToken({
      metrics: ["requests", "active_models"],
      origins: [b.portal],
    });
    const path = "/chart-en-gb";
    const first = await b.page(
      `<script type="module" src="${b.monitor}/widgets/llm-metric-chart.js"></script>
      <script type="module" src="${b.monitor}/widgets/llm-metric-table.js"></script>
      <llm-metric-chart metric="requests" group_by="model" token="${token}" style="width:640px">
      </llm-metric-chart>
      <llm-metric-table token="${token}"></llm-metric-table>`,
      { path },
    );
    await first.context().close();
    // The page says lang="en"; the reader's browser says en-GB.
    const context = await b.browser.newContext({ locale: "en-GB", colorScheme: "light" });
    const page = await context.newPage();
    await page.goto(`${b.portal}${path}`);
    type Axis = {
      now: number;
      max: number;
      ticks: Array<{ value: number; label: string }>;
      colors: Record<string, string>;
    };
    let axis: Axis | null = null;
    await waitFor(
      async () => {
        axis = await page.evaluate(async (monitor) => {
          const { Chart } = await import(`${monitor}/widgets/chart-vendor.js`);
          const canvas = document.querySelector("llm-metric-chart")?.shadowRoot?.querySelector(
            "canvas",
          );
          const chart = canvas && Chart.getChart(canvas);
          if (!chart || chart.data.datasets.length < 2) return null;
          const x = chart.scales.x;
          return {
            now: Date.now(),
            max: x.max,
            ticks: x.ticks.map((t: { value: number; label: string }) => ({
              value: t.value,
              label: String(t.label),
            })),
            colors: Object.fromEntries(
              chart.data.datasets.map((s: { label: string; borderColor: string }) => [
                s.label,
                s.borderColor,
              ]),
            ),
          };
        }, b.monitor);
        return axis !== null;
      },
      "the widget chart draws both models",
      DEADLINE_MS,
    );
    const { now, max, ticks, colors } = axis!;
    assert.ok(max <= now, `the axis ends ${Math.round((max - now) / 1000)} s after now`);
    assert.ok(ticks.every((t) => t.value <= now), "no tick in the future");
    assert.ok(ticks.length >= 3, JSON.stringify(ticks));
    for (const t of ticks) assert.match(t.label, /^\d{2}:\d{2}$/, "en-GB: 24-hour clock");

    // Each model has the slot the dashboard gives it.
    const history = await fetch(
      `${b.monitor}/api/metrics/history?window=1h&metric=requests&group_by=model&token=${token}`,
      { headers: { origin: b.portal } },
    ).then((r) => r.json()) as { colors: Record<string, number> };
    const rgb = (hex: string) =>
      `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(", ")})`;
    for (const model of ["alpha", "beta"]) {
      assert.equal(colors[model], slotColor(history.colors[model]!, "light"), model);
      // The table widget marks the row with the same colour.
      const swatch = page.locator("llm-metric-table tbody tr", { hasText: model }).locator(".sw");
      await swatch.waitFor({ timeout: DEADLINE_MS });
      assert.equal(
        await swatch.evaluate((el) => getComputedStyle(el).backgroundColor),
        rgb(colors[model]!),
      );
    }
    const cost = (model: string) =>
      page.locator("llm-metric-table tbody tr", { hasText: model }).locator("td.cost_usd");
    assert.equal((await cost("beta").textContent())?.trim(), "unpriced");
    assert.equal(await cost("beta").getAttribute("title"), "12 requests not priced");
    assert.match(
      (await cost("alpha").textContent())?.trim() ?? "",
      /\$0\.01/,
      "a priced row keeps its cost",
    );
    await context.close();
  },
});

Deno.test({
  name: "a KPI card says the previous window had no data instead of a bare 'vs previous 1 h'",
  ignore,
  async fn() {
    await using d = await startDashboard();
    await d.t.monitor.deps.store.insertEvents(
      Array.from(
        { length: 5 },
        (_, i) => storedEvent({ project_id: d.t.projectId, ts: Date.now() - (i + 1) * MINUTE }),
      ),
    );
    const { page, errors } = await d.open();
    await page.goto(d.at("/?window=1h"));
    const foot = page.locator('[data-card="p95_latency_ms"] .card-foot');
    await foot.waitFor({ timeout: DEADLINE_MS });
    assert.equal((await foot.textContent())?.trim(), "no data in previous 1 h");
    await page.locator('[data-live="live"]').waitFor({ timeout: DEADLINE_MS });
    assert.equal((await foot.textContent())?.trim(), "no data in previous 1 h", "after hydration");
    assert.deepEqual(errors, []);
  },
});
