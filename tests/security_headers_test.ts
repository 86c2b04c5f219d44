// Security headers (lib/http/security_headers.ts, mounted in app.ts): nosniff and a referrer
// policy everywhere, a strict Content-Security-Policy on pages whose inline-script hashes match the
// served script text, widgets left embeddable; in Chromium, no page breaks its policy and an
// injected inline script or style is refused.
import assert from "node:assert/strict";
import { chromiumMissing, startDashboard } from "./_browser.ts";
import { startTestMonitor } from "./_fixtures.ts";

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`;
}

/** The one text between `open` and the next `close` in `html`. */
function between(html: string, open: string, close: string): string {
  const start = html.indexOf(open);
  assert.ok(start >= 0, `${open} is on the page`);
  assert.equal(html.indexOf(open, start + 1), -1, `${open} is on the page once`);
  return html.slice(start + open.length, html.indexOf(close, start));
}

Deno.test("securityHeaders() puts a strict CSP with the inline script's hash on /login", async () => {
  await using t = await startTestMonitor();
  const response = await t.app.request("/login");
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "text/html; charset=utf-8");
  const html = await response.text();
  const theme = await sha256(between(html, "<script>", "</script>"));
  assert.equal(
    response.headers.get("content-security-policy"),
    `default-src 'self'; script-src 'self' ${theme}; style-src 'self'; ` +
      "style-src-attr 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
      "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  );
  assert.equal(response.headers.get("x-content-type-options"), "nosniff");
  assert.equal(response.headers.get("referrer-policy"), "strict-origin-when-cross-origin");
});

Deno.test("securityHeaders() sends nosniff and a referrer policy, no CSP, on API JSON", async () => {
  await using t = await startTestMonitor();
  const response = await t.app.request("/api/me");
  assert.equal(response.status, 401);
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.deepEqual(await response.json(), { error: "not signed in" });
  assert.equal(response.headers.get("x-content-type-options"), "nosniff");
  assert.equal(response.headers.get("referrer-policy"), "strict-origin-when-cross-origin");
  assert.equal(response.headers.get("content-security-policy"), null);
});

Deno.test("securityHeaders() leaves widget scripts loadable from any origin", async () => {
  await using t = await startTestMonitor();
  const response = await t.app.request("/widgets/llm-metric-card.js");
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "text/javascript; charset=utf-8");
  await response.body?.cancel();
  assert.deepEqual(Object.fromEntries(response.headers), {
    "access-control-allow-origin": "*",
    "cache-control": "public, max-age=300",
    "content-type": "text/javascript; charset=utf-8",
    "cross-origin-resource-policy": "cross-origin",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-content-type-options": "nosniff",
  });
});

Deno.test("the widget demo page carries its own framable CSP with its script and style hashes", async () => {
  await using t = await startTestMonitor();
  const response = await t.app.request("/widgets/demo");
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "text/html; charset=UTF-8");
  const html = await response.text();
  const script = await sha256(between(html, `<script type="module">`, "</script>"));
  const style = await sha256(between(html, "<style>", "</style>"));
  assert.equal(
    response.headers.get("content-security-policy"),
    `default-src 'self'; script-src 'self' ${script}; style-src 'self' ${style}; ` +
      "style-src-attr 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
      "object-src 'none'; base-uri 'none'; form-action 'self'",
  );
  assert.equal(response.headers.get("referrer-policy"), "no-referrer");
  assert.equal(response.headers.get("x-content-type-options"), "nosniff");
});

Deno.test("bodyLimit()'s 413 carries the security headers too", async () => {
  await using t = await startTestMonitor();
  const response = await t.app.request("/api/login", {
    method: "POST",
    body: ReadableStream.from([new Uint8Array(8193)]),
  });
  assert.equal(response.status, 413);
  assert.equal(response.headers.get("content-type"), "application/json");
  await response.body?.cancel();
  assert.equal(response.headers.get("x-content-type-options"), "nosniff");
  assert.equal(response.headers.get("referrer-policy"), "strict-origin-when-cross-origin");
});

/** Collects every CSP violation of the page, from before its first script runs. */
const WATCH_VIOLATIONS = () => {
  const seen: string[] = [];
  (window as unknown as { cspViolations: string[] }).cspViolations = seen;
  document.addEventListener(
    "securitypolicyviolation",
    (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`),
  );
};

Deno.test({
  name: "every page and the widget demo run in Chromium without a CSP violation",
  ignore: chromiumMissing,
  async fn() {
    await using d = await startDashboard();
    const { page, errors } = await d.open();
    await page.addInitScript(WATCH_VIOLATIONS);
    const paths = ["/", "/models", "/costs", "/events", "/settings", "/widgets/demo"];
    for (const path of paths) {
      const response = await page.goto(d.at(path));
      assert.equal(response?.status(), 200, path);
      await page.waitForLoadState("networkidle");
      assert.deepEqual(await page.evaluate("window.cspViolations"), [], path);
    }
    assert.deepEqual(errors.filter((e) => /Content Security Policy/i.test(e)), []);
  },
});

Deno.test({
  name: "the page CSP refuses an injected inline script and style but runs the theme script",
  ignore: chromiumMissing,
  async fn() {
    await using d = await startDashboard();
    const { page } = await d.open({ signedIn: false });
    await page.addInitScript(WATCH_VIOLATIONS);
    await page.addInitScript(() => localStorage.setItem("lm-theme", "dark"));
    await page.route(`${d.url}/login`, async (route) => {
      const response = await route.fetch();
      const injected = "<script>window.injected = true</script>" +
        "<style>body { display: none }</style></head>";
      await route.fulfill({ response, body: (await response.text()).replace("</head>", injected) });
    });
    const response = await page.goto(`${d.url}/login`);
    assert.equal(response?.status(), 200);
    assert.equal(await page.evaluate("document.documentElement.dataset.theme"), "dark");
    assert.equal(await page.evaluate("window.injected"), undefined);
    assert.equal(await page.evaluate("getComputedStyle(document.body).display"), "block");
    assert.deepEqual(await page.evaluate("window.cspViolations"), [
      "script-src-elem inline",
      "style-src-elem inline",
    ]);
  },
});
