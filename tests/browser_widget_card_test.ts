// <llm-metric-card> in real headless Chromium, embedded in a portal on another origin: live
// numbers over one shared stream, token limits, attribute changes, refused origins.
import assert from "node:assert/strict";
import { event, waitFor } from "./_fixtures.ts";
import {
  browserTest,
  screenshot,
  SHOW_MS,
  startBrowserMonitor,
  untilText,
} from "./browser_widget_setup.ts";

browserTest(
  "a card on another origin shows the value, then the new one after events arrive",
  async () => {
    await using b = await startBrowserMonitor();
    const token = await b.widgetToken({ origins: [b.portal] });
    const page = await b.page(`
    <llm-metric-card id="requests" metric="requests" window="5m" token="${token}"></llm-metric-card>
    <llm-metric-card id="errors" metric="error_rate" window="5m" token="${token}"
      sparkline></llm-metric-card>`);
    await untilText(page.locator("#requests [part=value]"), "0");
    await untilText(page.locator("#requests [part=status]"), /Live/);
    assert.equal(await page.locator("#requests [part=label]").textContent(), "Requests");
    assert.deepEqual(
      b.t.monitor.deps.hub.size,
      { topics: 1, subscribers: 1 },
      "two cards with the same src, token, window and filters share one EventSource",
    );

    const sevenMinutesAgo = Date.now() - 7 * 60_000; // in the previous 5-minute window
    const posted = await b.t.post([
      event(),
      event(),
      event({ status: "error" }),
      event({ timestamp: sevenMinutesAgo }),
    ]);
    assert.equal(posted.status, 202);
    await posted.body?.cancel();
    await untilText(page.locator("#requests [part=value]"), "3");
    await untilText(page.locator("#requests [part=trend]"), "▲ +200% vs previous 5m");
    await untilText(page.locator("#errors [part=value]"), "33.3%");
    assert.equal(await page.locator("#requests [part=status]").getAttribute("aria-live"), "polite");
    await screenshot(page, "widget-card-live.png");

    await page.evaluate(() =>
      document.querySelectorAll("llm-metric-card").forEach((e) => e.remove())
    );
    await waitFor(
      () => b.t.monitor.deps.hub.size.subscribers === 0,
      "removing the cards to close their stream",
      SHOW_MS,
    );
  },
);

browserTest("a token for metric A cannot show metric B", async () => {
  await using b = await startBrowserMonitor();
  const token = await b.widgetToken({ metrics: ["requests"], origins: [b.portal] });
  const page = await b.page(`
    <llm-metric-card id="a" metric="requests" token="${token}"></llm-metric-card>
    <llm-metric-card id="b" metric="p95_latency_ms" token="${token}"></llm-metric-card>`);
  await untilText(page.locator("#a [part=value]"), "0");
  await untilText(page.locator("#b [part=status]"), /Not authorized/);
  assert.equal((await page.locator("#b [part=value]").textContent())?.trim(), "—");
  await untilText(page.locator("#b [part=note]"), "this token cannot read p95_latency_ms");
  const leaked = await page.evaluate(async (url) => {
    const body = await (await fetch(url)).json();
    return "p95_latency_ms" in body || "p95_latency_ms" in (body.previous ?? {});
  }, `${b.monitor}/api/metrics/current?compare=previous&token=${token}`);
  assert.equal(leaked, false, "the numbers the page receives leave metric B out");
  await screenshot(page, "widget-card-unauthorized.png");
});

browserTest("changing an attribute re-subscribes the card", async () => {
  await using b = await startBrowserMonitor();
  const token = await b.widgetToken({ origins: [b.portal] });
  const posted = await b.t.post([
    event({ model: "gpt-4o", cost_usd: 0.01 }),
    event({ model: "gpt-4o", cost_usd: 0.01 }),
    event({ model: "claude-sonnet-4", provider: "anthropic", cost_usd: 0.04 }),
  ]);
  await posted.body?.cancel();
  const page = await b.page(
    `<llm-metric-card id="c" metric="requests" model="gpt-4o" token="${token}"></llm-metric-card>`,
  );
  const card = page.locator("#c");
  await untilText(card.locator("[part=value]"), "2");
  await untilText(card.locator("[part=note]"), "last 1h · gpt-4o");

  await card.evaluate((el) => el.setAttribute("model", "claude-sonnet-4"));
  await untilText(card.locator("[part=value]"), "1");
  await untilText(card.locator("[part=note]"), "last 1h · claude-sonnet-4");

  await card.evaluate((el) => {
    el.setAttribute("metric", "cost_usd");
    el.setAttribute("label", "Claude spend");
  });
  await untilText(card.locator("[part=value]"), "$0.04");
  await untilText(card.locator("[part=label]"), "Claude spend");
  await waitFor(
    () => b.t.monitor.deps.hub.size.topics === 1 && b.t.monitor.deps.hub.size.subscribers === 1,
    "the old subscription to close",
    SHOW_MS,
  );
});

browserTest("a portal origin that is not allowed gets no data and the card says so", async () => {
  await using b = await startBrowserMonitor();
  const token = await b.widgetToken({ origins: ["https://elsewhere.example"] });
  const closed = `http://127.0.0.1:${
    (() => {
      using l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
      return l.addr.port;
    })()
  }`;
  const page = await b.page(`
    <llm-metric-card id="refused" metric="requests" token="${token}"></llm-metric-card>
    <llm-metric-card id="gone" metric="requests" token="${token}" src="${closed}"></llm-metric-card>`);
  await untilText(page.locator("#refused [part=status]"), /Not authorized/);
  await untilText(
    page.locator("#refused [part=note]"),
    `the monitor refused ${b.portal}: check the token and its origins`,
  );
  assert.equal((await page.locator("#refused [part=value]").textContent())?.trim(), "—");
  assert.equal(b.t.monitor.deps.hub.size.subscribers, 0, "the monitor streamed nothing");
  await untilText(page.locator("#gone [part=status]"), /Offline/);
  await untilText(page.locator("#gone [part=note]"), "cannot reach the monitor");
  await screenshot(page, "widget-card-refused.png");
});
