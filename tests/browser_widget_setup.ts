// For the browser suites: headless Chromium through playwright-core, a monitor on a real socket,
// and a "portal" on a second local port serving pages that embed the widgets.
import type { Browser, Locator, Page } from "playwright-core";
import { startTestMonitor, type TestMonitor, waitFor } from "./_fixtures.ts";
import { chromiumMissing, launchChromium } from "./_browser.ts";
import { serveLocal } from "./_server.ts";

/** Set when Chromium is not installed: the browser suites are reported as ignored. */
export const NO_CHROMIUM = chromiumMissing;

/** A browser test, reported as ignored when Chromium is not installed. */
export const browserTest = (name: string, fn: () => Promise<void>) =>
  Deno.test({ name, ignore: NO_CHROMIUM, fn });

/** Deadline for anything the page must show: generous, the machine is shared and loaded. */
export const SHOW_MS = 30_000;

export const OUTPUT_DIR = new URL("./output/", import.meta.url);

export interface BrowserMonitor extends AsyncDisposable {
  t: TestMonitor;
  /** The monitor's origin (a real socket: the widgets stream over SSE). */
  monitor: string;
  /** The portal's origin: another port, so another origin. */
  portal: string;
  browser: Browser;
  /** Serves `body` inside a page of the portal at `path`, with the card bundles loaded. */
  page(body: string, options?: { colorScheme?: "light" | "dark"; path?: string }): Promise<Page>;
  /** A widget token of the monitor's project. */
  widgetToken(body?: Record<string, unknown>): Promise<string>;
}

export async function startBrowserMonitor(
  env: Record<string, string> = {},
): Promise<BrowserMonitor> {
  const t = await startTestMonitor({ env: { STREAM_TICK_MS: "200", ...env } });
  const server = serveLocal(t.app.fetch);
  const monitor = server.url;
  const pages = new Map<string, string>();
  const portalServer = serveLocal((req) => {
    const body = pages.get(new URL(req.url).pathname);
    return body === undefined
      ? new Response("not found", { status: 404 })
      : new Response(body, { headers: { "content-type": "text/html; charset=utf-8" } });
  });
  const portal = portalServer.url;
  const browser = await launchChromium();
  let n = 0;
  return {
    t,
    monitor,
    portal,
    browser,
    async page(body, options = {}) {
      const path = options.path ?? `/page-${++n}`;
      pages.set(
        path,
        `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script type="module" src="${monitor}/widgets/llm-metric-card.js"></script>
</head><body style="font-family:sans-serif;padding:16px">${body}</body></html>`,
      );
      const context = await browser.newContext({
        viewport: { width: 960, height: 720 },
        colorScheme: options.colorScheme ?? "light",
      });
      const page = await context.newPage();
      await page.goto(`${portal}${path}`);
      return page;
    },
    async widgetToken(body = {}) {
      const response = await t.admin("POST", "/api/widget-tokens", {
        project: t.projectId,
        ...body,
      });
      if (response.status !== 201) throw new Error(`widget token: ${await response.text()}`);
      return (await response.json()).token;
    },
    async [Symbol.asyncDispose]() {
      await browser.close();
      await portalServer.shutdown();
      await server.shutdown();
      await t[Symbol.asyncDispose]();
    },
  };
}

/** Waits until the locator's trimmed text satisfies `match`; the last text is in the error. */
export async function untilText(
  locator: Locator,
  match: string | RegExp,
  timeoutMs = SHOW_MS,
): Promise<string> {
  let last = "";
  try {
    await waitFor(
      async () => {
        last = ((await locator.textContent({ timeout: timeoutMs })) ?? "").replace(/\s+/g, " ")
          .trim();
        return typeof match === "string" ? last === match : match.test(last);
      },
      `text ${match}`,
      timeoutMs,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last text: "${last}"`);
  }
  return last;
}

/** Saves a screenshot under tests/output/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await Deno.mkdir(OUTPUT_DIR, { recursive: true });
  await page.screenshot({ path: new URL(name, OUTPUT_DIR).pathname, fullPage: true });
}
