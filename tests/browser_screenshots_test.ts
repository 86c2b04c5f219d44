// Screenshots of every page in both themes (and the executive view on a wall screen), over six
// hours of demo traffic, saved in tests/output/ (git-ignored) for the README and for review.
// Ignored (and said so) when Chromium is not installed.
import assert from "node:assert/strict";
import { demoEvents, DemoTraffic } from "../tools/demo/traffic.ts";
import { chromiumMissing, startDashboard } from "./_browser.ts";
import { waitFor } from "./_fixtures.ts";

const OUTPUT = new URL("./output/", import.meta.url);
const DEADLINE_MS = 60_000;

Deno.test({
  name: "every page renders with demo traffic in light and dark (screenshots in tests/output/)",
  ignore: chromiumMissing,
  async fn() {
    await Deno.mkdir(OUTPUT, { recursive: true });
    await using d = await startDashboard({
      env: { STORE_CONTENT: "true", STREAM_TICK_MS: "1000" },
    });
    const now = Date.now();
    const events = demoEvents(new DemoTraffic(7), now - 6 * 3_600_000, now - 1_000, 1.2);
    d.t.monitor.deps.flusher.start();
    for (let i = 0; i < events.length; i += 1000) await d.ingest(events.slice(i, i + 1000));
    await waitFor(
      async () => (await d.t.monitor.deps.buffer.size()) === 0,
      "the buffer to drain",
      DEADLINE_MS,
    );
    for (
      const budget of [
        { period: "monthly", amount_usd: 900, name: "Monthly LLM spend" },
        {
          period: "daily",
          amount_usd: 8,
          scope: "endpoint",
          scope_value: "research-agent",
          name: "Research agent, daily",
        },
      ]
    ) {
      const response = await d.t.admin("POST", "/api/budgets", {
        project: d.t.projectId,
        ...budget,
      });
      assert.equal(response.status, 201);
      await response.body?.cancel();
    }
    const withContent = (await d.t.monitor.deps.store.listEvents({
      projectId: d.t.projectId,
      window: "custom",
      from: now - 3_600_000,
      to: now,
      filters: { endpoint: ["chat"], status: ["success"] },
    }, { limit: 200 })).events.find((e) => e.input !== null && e.time_to_first_token_ms !== null);
    assert.ok(withContent, "a chat event with its prompt");

    const shots: Array<[name: string, path: string]> = [
      ["overview", "/"],
      ["overview-finance", "/?view=finance"],
      ["overview-executive", "/?view=executive&window=6h"],
      ["models", "/models?window=6h"],
      ["endpoints", "/endpoints"],
      ["users", "/users?view=finance&window=6h"],
      ["costs", "/costs?window=6h"],
      ["events", "/events?window=15m"],
      ["event", `/events/${encodeURIComponent(withContent.id)}`],
      ["settings", "/settings"],
    ];
    for (const colorScheme of ["light", "dark"] as const) {
      const { page, errors } = await d.open({ colorScheme });
      for (const [name, path] of shots) {
        const response = await page.goto(d.at(path));
        assert.equal(response?.status(), 200, path);
        if (name !== "event" && name !== "settings") {
          await page.locator('[data-live="live"]').waitFor({ timeout: DEADLINE_MS });
        }
        await page.evaluate(() => document.fonts.ready);
        await page.mouse.move(0, 0);
        await page.screenshot({
          path: new URL(`${name}-${colorScheme}.png`, OUTPUT).pathname,
          fullPage: true,
        });
      }
      const login = await d.open({
        signedIn: false,
        colorScheme,
        viewport: { width: 1280, height: 800 },
      });
      await login.page.goto(`${d.url}/login`);
      await login.page.screenshot({ path: new URL(`login-${colorScheme}.png`, OUTPUT).pathname });
      await login.context.close();
      assert.deepEqual(errors.filter((e) => !/status of 401.*\/api\/widget-tokens/.test(e)), []);
    }

    // A wall screen: the executive view, dark, 2560×1440.
    const wall = await d.open({ colorScheme: "dark", viewport: { width: 2560, height: 1440 } });
    await wall.page.goto(d.at("/?view=executive&window=6h"));
    await wall.page.locator('[data-live="live"]').waitFor({ timeout: DEADLINE_MS });
    const requests = await wall.page.locator('[data-card="requests"] .card-value').textContent();
    assert.notEqual(requests, "0");
    await wall.page.screenshot({ path: new URL("wall-executive-dark.png", OUTPUT).pathname });
    for (const [name] of shots) {
      for (const scheme of ["light", "dark"]) {
        assert.ok((await Deno.stat(new URL(`${name}-${scheme}.png`, OUTPUT))).size > 20_000, name);
      }
    }
  },
});
