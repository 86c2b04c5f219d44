// The chart and table widgets and the demo portal in real headless Chromium: chart.js is fetched
// only by pages with a chart, the table lists the top models, the demo renders in light and dark.
import assert from "node:assert/strict";
import { event, waitFor } from "./_fixtures.ts";
import {
  browserTest,
  screenshot,
  SHOW_MS,
  startBrowserMonitor,
  untilText,
} from "./browser_widget_setup.ts";

/** 90 events over the last hour; with `earlier`, 60 more over the hour before (for trends). */
function traffic(earlier = false) {
  const models = [
    ["gpt-4o", "openai", 900],
    ["claude-sonnet-4", "anthropic", 1400],
    ["gemini-2.5-flash", "google", 500],
  ] as const;
  const now = Date.now();
  return Array.from({ length: earlier ? 150 : 90 }, (_, i) => {
    const [model, provider, latency] = models[i % 3]!;
    return event({
      model,
      provider,
      endpoint: ["chat", "search", "summarize"][i % 3 === 0 ? 0 : i % 2 + 1],
      latency_ms: latency * (0.6 + (i % 7) / 7),
      cost_usd: 0.001 * (1 + (i % 5)),
      status: i % 17 === 0 ? "error" : "success",
      timestamp: i < 90 ? now - (i * 37_000) % 3_300_000 : now - 3_700_000 - (i - 90) * 40_000,
    });
  });
}

browserTest(
  "a budget card; chart.js is fetched only by pages with a chart; the table lists the top models",
  async () => {
    await using b = await startBrowserMonitor();
    const posted = await b.t.post(traffic());
    await posted.body?.cancel();
    const token = await b.widgetToken({ origins: [b.portal] });

    const created = await b.t.admin("POST", "/api/budgets", {
      project: b.t.projectId,
      name: "LLM spend",
      scope: "project",
      period: "monthly",
      amount_usd: 10,
    });
    const budget = (await created.json()).id;
    const cardOnly = await b.page(`
      <llm-metric-card id="requests" metric="requests" token="${token}"></llm-metric-card>
      <llm-metric-card id="budget" metric="budget_utilization" budget="${budget}"
        token="${token}"></llm-metric-card>`);
    const cardScripts: string[] = [];
    cardOnly.on("request", (r) => cardScripts.push(r.url()));
    await untilText(cardOnly.locator("#requests [part=value]"), "90");
    await untilText(cardOnly.locator("#budget [part=label]"), "Budget used · LLM spend");
    await untilText(cardOnly.locator("#budget [part=value]"), /^\d+(\.\d+)?%$/);
    await untilText(cardOnly.locator("#budget [part=note]"), "monthly budget");
    await cardOnly.reload();
    await untilText(cardOnly.locator("#requests [part=value]"), "90");
    assert.equal(cardScripts.some((u) => u.endsWith("/widgets/chart-vendor.js")), false);
    await screenshot(cardOnly, "widget-card-budget.png");
    await cardOnly.context().close();

    const page = await b.page(`
    <script type="module" src="${b.monitor}/widgets/llm-metric-chart.js"></script>
    <script type="module" src="${b.monitor}/widgets/llm-metric-table.js"></script>
    <llm-metric-chart id="chart" metric="p95_latency_ms" group_by="model" token="${token}"
      style="width:600px"></llm-metric-chart>
    <llm-metric-table id="table" by="model" limit="2" token="${token}"
      style="width:600px;margin-top:16px"></llm-metric-table>`);
    await untilText(page.locator("#chart [part=status]"), /Live/);
    await waitFor(
      () =>
        page.evaluate(() =>
          performance.getEntriesByType("resource")
            .some((e) => e.name.endsWith("/widgets/chart-vendor.js"))
        ),
      "the chart to import chart-vendor.js",
      SHOW_MS,
    );
    const painted = () =>
      page.locator("#chart canvas").evaluate((canvas: HTMLCanvasElement) => {
        const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
        let inked = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) inked++;
        return inked;
      });
    await waitFor(async () => (await painted()) > 500, "the chart to draw its lines", SHOW_MS);
    assert.match(
      (await page.locator("#chart canvas").getAttribute("aria-label")) ?? "",
      /^p95 latency by model, last 1h; now: /,
    );

    await untilText(page.locator("#table [part=status]"), /Live/);
    const rows = page.locator("#table tbody tr");
    await waitFor(async () => (await rows.count()) === 2, "two rows (limit=2)", SHOW_MS);
    await untilText(rows.nth(0).locator("th"), /^(gpt-4o|claude-sonnet-4|gemini-2\.5-flash) /);
    assert.deepEqual(
      (await page.locator("#table thead th").allTextContents()).map((h) => h.trim()),
      ["Model", "Requests", "Share", "Cost", "p95", "Errors"],
    );
    await waitFor(
      () => b.t.monitor.deps.hub.size.topics === 1 && b.t.monitor.deps.hub.size.subscribers === 1,
      "the chart and the table to share one stream",
      SHOW_MS,
    );
    await screenshot(page, "widget-chart-table.png");
  },
);

browserTest("the demo portal page renders every widget in light and dark", async () => {
  await using b = await startBrowserMonitor({ ALLOWED_ORIGINS: "" });
  const posted = await b.t.post(traffic(true));
  await posted.body?.cancel();
  const token = await b.widgetToken();
  for (const colorScheme of ["light", "dark"] as const) {
    const context = await b.browser.newContext({
      viewport: { width: 1280, height: 900 },
      colorScheme,
    });
    const page = await context.newPage();
    await page.goto(`${b.monitor}/widgets/demo?token=${token}`);
    const cards = page.locator("llm-metric-card");
    await waitFor(async () => (await cards.count()) === 7, "seven cards", SHOW_MS);
    for (let i = 0; i < 7; i++) await untilText(cards.nth(i).locator("[part=status]"), /Live/);
    await untilText(page.locator("llm-metric-table [part=status]"), /Live/);
    await untilText(page.locator("llm-metric-chart [part=status]"), /Live/);
    await untilText(page.locator("llm-metric-card[metric=requests] [part=value]"), "90");
    await screenshot(page, `widget-demo-${colorScheme}.png`);
    await context.close();
  }
});
