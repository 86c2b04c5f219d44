// The dashboard in a real headless Chromium against a real server: sign-in, every page without
// console errors, live numbers, filters in the URL, drill-down from a chart to its events, the
// theme switch and keyboard entry. Ignored (and said so) when Chromium is not installed.
import assert from "node:assert/strict";
import { chromiumMissing, findPointer, startDashboard } from "./_browser.ts";
import { event, storedEvent } from "./_fixtures.ts";

const DEADLINE_MS = 30_000;
const ignore = chromiumMissing;

/** Console errors other than the expected ones (refused logins, the widget-token API's 401). */
function unexpected(errors: string[], allowed: RegExp[] = []): string[] {
  return errors.filter((e) => !allowed.some((a) => a.test(e)));
}

Deno.test({
  name: "the dashboard sends a signed-out reader to /login and back after signing in",
  ignore,
  async fn() {
    await using d = await startDashboard();
    const { page, errors } = await d.open({ signedIn: false });
    await page.goto(d.at("/costs?window=15m"));
    assert.equal(new URL(page.url()).pathname, "/login");
    await page.fill("input[name=token]", "not-a-token");
    await page.click("button[type=submit]");
    await page.locator("#login-error:not([hidden])").waitFor({ timeout: DEADLINE_MS });
    assert.equal(await page.locator("#login-error").textContent(), "unknown or revoked token");
    await page.fill("input[name=token]", "test-admin-token-0123456789");
    await page.click("button[type=submit]");
    await page.waitForURL((u) => u.pathname === "/costs", { timeout: DEADLINE_MS });
    assert.equal(new URL(page.url()).searchParams.get("window"), "15m");
    assert.equal(await page.locator("h1").textContent(), "Costs");
    await page.click("text=Sign out");
    await page.waitForURL((u) => u.pathname === "/login", { timeout: DEADLINE_MS });
    await page.goto(d.at("/"));
    assert.equal(new URL(page.url()).pathname, "/login");
    assert.deepEqual(unexpected(errors, [/status of 401.*\/api\/login/]), []);
  },
});

Deno.test({
  name: "every page loads, hydrates and goes live without console errors",
  ignore,
  async fn() {
    await using d = await startDashboard();
    const ts = Date.now() - 60_000;
    await d.t.monitor.deps.store.insertEvents([
      storedEvent({ project_id: d.t.projectId, id: "ok-1", ts, user_id: "u-1" }),
      storedEvent({
        project_id: d.t.projectId,
        id: "err-1",
        ts,
        status: "error",
        model: "claude-sonnet-4",
      }),
    ]);
    const { page, errors } = await d.open();
    const live = [
      "/",
      "/?view=finance",
      "/?view=executive",
      "/models",
      "/endpoints",
      "/users",
      "/costs",
      "/events",
    ];
    for (const path of live) {
      const response = await page.goto(d.at(path));
      assert.equal(response?.status(), 200, path);
      await page.locator('[data-live="live"]').waitFor({ timeout: DEADLINE_MS });
      assert.equal(await page.locator("h1").count(), 1, path);
    }
    const detail = await page.goto(d.at("/events/err-1"));
    assert.equal(detail?.status(), 200);
    assert.equal(await page.locator("h1").textContent(), "claude-sonnet-4");
    const settings = await page.goto(d.at("/settings"));
    assert.equal(settings?.status(), 200);
    // The widget-token section settles (a list, or the admin-token prompt while the admin API
    // does not take the dashboard session).
    await page.locator("#widget-tokens form").first().waitFor({ timeout: DEADLINE_MS });
    assert.deepEqual(unexpected(errors, [/status of 401.*\/api\/widget-tokens/]), []);
  },
});

Deno.test({
  name: "a live number and its chart change after events are posted",
  ignore,
  async fn() {
    await using d = await startDashboard();
    const { page, errors } = await d.open();
    await page.goto(d.at("/?window=5m"));
    await page.locator('[data-live="live"]').waitFor({ timeout: DEADLINE_MS });
    const value = page.locator('[data-card="requests_per_minute"] .card-value');
    assert.equal(await value.textContent(), "0/min");
    await d.ingest(Array.from({ length: 30 }, (_, i) => event({ latency_ms: 300 + i })));
    // 30 requests over 5 minutes.
    await page.waitForFunction(
      () =>
        document.querySelector('[data-card="requests_per_minute"] .card-value')?.textContent ===
          "6/min",
      undefined,
      { timeout: DEADLINE_MS },
    );
    await page.waitForFunction(
      () =>
        document.querySelector('[data-chart="requests_by_status"] canvas')?.getAttribute(
          "aria-label",
        )
          ?.includes("success 30 in total") ?? false,
      undefined,
      { timeout: DEADLINE_MS },
    );
    assert.deepEqual(unexpected(errors), []);
  },
});

Deno.test({
  name: "a filter change updates the URL and the charts",
  ignore,
  async fn() {
    await using d = await startDashboard();
    const ts = Date.now() - 60_000;
    await d.t.monitor.deps.store.insertEvents([
      ...Array.from(
        { length: 3 },
        (_, i) => storedEvent({ project_id: d.t.projectId, id: `g${i}`, ts, user_id: "u-gpt" }),
      ),
      ...Array.from(
        { length: 2 },
        (_, i) =>
          storedEvent({
            project_id: d.t.projectId,
            id: `c${i}`,
            ts,
            model: "claude-sonnet-4",
            provider: "anthropic",
            user_id: "u-claude",
          }),
      ),
    ]);
    const { page, errors } = await d.open();
    await page.goto(d.at("/?window=15m"));
    await page.locator('[data-live="live"]').waitFor({ timeout: DEADLINE_MS });
    const legend = () =>
      page.locator('[data-chart="cost_by_model"] .legend button').allTextContents();
    assert.deepEqual((await legend()).sort(), ["claude-sonnet-4", "gpt-4o"]);
    await page.selectOption('select[data-filter="model"]', "claude-sonnet-4");
    await page.waitForURL((u) => u.searchParams.get("model") === "claude-sonnet-4", {
      timeout: DEADLINE_MS,
    });
    const url = new URL(page.url());
    assert.equal(url.searchParams.get("window"), "15m");
    assert.equal(url.searchParams.get("project"), d.t.projectId);
    await page.locator('[data-live="live"]').waitFor({ timeout: DEADLINE_MS });
    assert.deepEqual(await legend(), ["claude-sonnet-4"]);
    assert.equal(await page.locator(".chip").first().textContent(), "Model: claude-sonnet-4×");
    assert.equal(
      await page.locator('[data-card="requests_per_minute"] .card-value').textContent(),
      "0.1/min",
    );
    // The chip removes the filter again.
    await page.click('.chip a[aria-label="Remove the Model filter"]');
    await page.waitForURL((u) => !u.searchParams.has("model"), { timeout: DEADLINE_MS });
    assert.deepEqual((await legend()).sort(), ["claude-sonnet-4", "gpt-4o"]);
    // Users are suggested from the range when the field is focused; Enter applies one.
    await page.focus('input[data-filter="user_id"]');
    await page.waitForFunction(
      () => document.querySelectorAll("#filter-users option").length === 2,
      undefined,
      {
        timeout: DEADLINE_MS,
      },
    );
    await page.fill('input[data-filter="user_id"]', "u-claude");
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.searchParams.get("user_id") === "u-claude", {
      timeout: DEADLINE_MS,
    });
    assert.deepEqual(await legend(), ["claude-sonnet-4"]);
    assert.deepEqual(unexpected(errors), []);
  },
});

Deno.test({
  name: "a click on a chart bar, or on its row in the data table, opens the events behind it",
  ignore,
  async fn() {
    await using d = await startDashboard();
    const bucket = Math.floor(Date.now() / 60_000) * 60_000 - 120_000;
    const at = (id: string, ts: number, status: "success" | "error") =>
      storedEvent({ project_id: d.t.projectId, id, ts, status });
    await d.t.monitor.deps.store.insertEvents([
      ...["s1", "s2", "s3", "s4"].map((id, i) => at(id, bucket + 5_000 + i * 1000, "success")),
      ...["e1", "e2"].map((id, i) => at(id, bucket + 20_000 + i * 1000, "error")),
      ...["old1", "old2", "old3"].map((id, i) => at(id, bucket - 120_000 + i * 1000, "success")),
    ]);
    const { page, errors } = await d.open();
    await page.goto(d.at("/?window=5m"));
    await page.locator('[data-live="live"]').waitFor({ timeout: DEADLINE_MS });
    const canvas = '[data-chart="requests_by_status"] canvas';
    const point = await findPointer(page, canvas);
    assert.ok(point, "a bar under the pointer");
    await page.mouse.click(point.x, point.y);
    await page.waitForURL((u) => u.pathname === "/events", { timeout: DEADLINE_MS });
    const url = new URL(page.url());
    assert.equal(url.searchParams.get("from"), new Date(bucket).toISOString());
    assert.equal(url.searchParams.get("to"), new Date(bucket + 60_000).toISOString());
    assert.equal(url.searchParams.get("status"), "success");
    const rows = () =>
      page.locator("tr[data-event]").evaluateAll((trs) =>
        trs.map((tr) => tr.getAttribute("data-event"))
      );
    assert.deepEqual(await rows(), ["s4", "s3", "s2", "s1"]);

    // The same bucket from the chart's data table: every event of that minute.
    await page.goBack();
    await page.locator('[data-chart="requests_by_status"] summary').click();
    await page.locator(
      `[data-chart="requests_by_status"] table a[href*="${
        encodeURIComponent(new Date(bucket).toISOString())
      }"]`,
    )
      .click();
    await page.waitForURL((u) => u.pathname === "/events", { timeout: DEADLINE_MS });
    assert.equal(new URL(page.url()).searchParams.has("status"), false);
    assert.deepEqual(await rows(), ["e2", "e1", "s4", "s3", "s2", "s1"]);
    // …and a row opens the event.
    await page.locator('tr[data-event="e2"]').click();
    await page.waitForURL((u) => u.pathname === "/events/e2", { timeout: DEADLINE_MS });
    assert.equal(await page.locator(".event-head .badge").textContent(), "error");
    assert.deepEqual(unexpected(errors), []);
  },
});

Deno.test({
  name: "settings show a new key once and put a new widget token into the embed snippet",
  ignore,
  async fn() {
    await using d = await startDashboard();
    const { page, errors } = await d.open();
    await page.goto(d.at("/settings"));
    await page.selectOption('#keys select[name="kind"]', "read");
    await page.fill('#keys input[name="name"]', "wallboard");
    await page.click('#keys button[type="submit"]:has-text("Create key")');
    const secret = await page.locator("[data-secret]").textContent();
    assert.match(secret ?? "", /^lmr_/);
    assert.equal(
      await page.locator('#keys tr[data-key]:has-text("wallboard") .badge').textContent(),
      "read",
    );

    // While the admin API does not take the dashboard session, the section asks for the token.
    const prompt = page.locator('#widget-tokens input[type="password"]');
    const form = page.locator('#widget-tokens form[aria-label="New widget token"]');
    await prompt.or(form).first().waitFor({ timeout: DEADLINE_MS });
    if (await prompt.isVisible()) {
      await prompt.fill("test-admin-token-0123456789");
      await page.click("#widget-tokens >> text=Use token");
    }
    await form.waitFor({ timeout: DEADLINE_MS });
    await form.locator('input[placeholder="partner portal"]').fill("Portal");
    await form.locator("button[type=submit]").click();
    const token = await page.locator("#widget-tokens [data-secret]").textContent({
      timeout: DEADLINE_MS,
    });
    assert.match(token ?? "", /^wt_/);
    await page.selectOption("#embed select >> nth=0", "error_rate");
    assert.equal(
      await page.locator("[data-snippet]").textContent(),
      `<script type="module" src="${d.url}/widgets/llm-metric-card.js"></script>\n` +
        `<llm-metric-card metric="error_rate" window="24h" sparkline theme="auto" token="${token}"></llm-metric-card>`,
    );
    assert.deepEqual(unexpected(errors, [/status of 401.*\/api\/widget-tokens/]), []);
  },
});

Deno.test({
  name:
    "the theme toggle switches light and dark and remembers it; the keyboard reaches the content",
  ignore,
  async fn() {
    await using d = await startDashboard();
    const { page, errors } = await d.open({ colorScheme: "light" });
    await page.goto(d.at("/events"));
    await page.locator('[data-live="live"]').waitFor({ timeout: DEADLINE_MS });
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(await background(), "rgb(245, 246, 248)");
    await page.click(".theme-toggle");
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
    assert.equal(await background(), "rgb(11, 14, 19)");
    await page.reload();
    assert.equal(await background(), "rgb(11, 14, 19)");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to content");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "main");
    assert.deepEqual(unexpected(errors), []);
  },
});
