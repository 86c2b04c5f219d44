// Real-browser fixture: headless Chromium (Debian's /usr/bin/chromium, a fresh profile per launch)
// driven by playwright-core against a whole monitor served on 127.0.0.1 (port 0), disposed with
// `await using`. Each tab gets its own browser context (cookies) and collects console errors.
// The one place that finds and launches Chromium for the browser suites.
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { ADMIN_TOKEN, startTestMonitor, type TestMonitor } from "./_fixtures.ts";
import { serveLocal } from "./_server.ts";

export const CHROMIUM = "/usr/bin/chromium";
/** Chromium's switches for tests, besides the headless mode: quiet, no network of its own. */
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** True (and says so once) when Chromium is not installed: the browser suites are ignored. */
export const chromiumMissing: boolean = (() => {
  try {
    Deno.statSync(CHROMIUM);
    return false;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    // deno-lint-ignore no-console
    console.warn(`${CHROMIUM} is not installed: the browser suites are skipped (ignored).`);
    return true;
  }
})();

/** Headless Chromium under playwright-core; close it (or `await using`) when done. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ["--headless=new", ...CHROMIUM_FLAGS] });
}

export interface Tab {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions, with the URL they came from. */
  errors: string[];
}

export interface Dashboard extends AsyncDisposable {
  t: TestMonitor;
  url: string;
  /** `${url}${path}` with the test project: dashboard("/costs?window=5m"). */
  at(path: string): string;
  /** A new tab in a fresh context, signed in with the admin token unless `signedIn: false`. */
  open(options?: {
    signedIn?: boolean;
    colorScheme?: "light" | "dark";
    viewport?: { width: number; height: number };
  }): Promise<Tab>;
  /** POST /v1/events over the socket with the test project's ingest key. */
  ingest(events: unknown[]): Promise<void>;
}

export async function startDashboard(
  options: { env?: Record<string, string> } = {},
): Promise<Dashboard> {
  const t = await startTestMonitor({ env: { STREAM_TICK_MS: "100", ...options.env } });
  const server = serveLocal(t.app.fetch);
  const url = server.url;
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await server.shutdown();
    await t[Symbol.asyncDispose]();
    throw error;
  }
  return {
    t,
    url,
    at: (path) => `${url}${path}${path.includes("?") ? "&" : "?"}project=${t.projectId}`,
    async open(
      { signedIn = true, colorScheme = "light", viewport = { width: 1440, height: 900 } } = {},
    ) {
      const context = await browser.newContext({ colorScheme, viewport });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(`${m.text()} (${m.location().url})`);
      });
      page.on("pageerror", (e) => errors.push(`uncaught: ${e.message}`));
      if (signedIn) {
        const login = await context.request.post(`${url}/api/login`, {
          data: { token: ADMIN_TOKEN },
        });
        if (!login.ok()) throw new Error(`POST /api/login answered ${login.status()}`);
      }
      return { page, context, errors };
    },
    async ingest(events) {
      const response = await fetch(`${url}/v1/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${t.ingestKey}`, "content-type": "application/json" },
        body: JSON.stringify({ events }),
      });
      const body = await response.text();
      if (response.status !== 202) {
        throw new Error(`POST /v1/events answered ${response.status}: ${body}`);
      }
    },
    async [Symbol.asyncDispose]() {
      await browser.close();
      await server.shutdown();
      await t[Symbol.asyncDispose]();
    },
  };
}

/** Hovers across an element until the cursor says "pointer" there; returns that point. */
export async function findPointer(
  page: Page,
  selector: string,
  options: { fromRight?: boolean; step?: number } = {},
): Promise<{ x: number; y: number } | null> {
  const box = await page.locator(selector).boundingBox();
  if (!box) return null;
  const step = options.step ?? 6;
  const xs: number[] = [];
  for (let x = box.x + 2; x < box.x + box.width - 2; x += step) xs.push(x);
  if (options.fromRight ?? true) xs.reverse();
  for (const dy of [30, 40, 55, 75]) {
    const y = box.y + box.height - dy;
    for (const x of xs) {
      await page.mouse.move(x, y);
      const cursor = await page.locator(selector).evaluate((el) =>
        (el as HTMLElement).style.cursor
      );
      if (cursor === "pointer") return { x, y };
    }
  }
  return null;
}
