// Unknown URLs (app.ts notFound, routes/pages.ts notFoundPage): a browser gets an HTML 404 with a
// link home, in the sidebar when signed in; API paths and non-HTML clients keep the JSON 404. And
// the widget demo page links a favicon that is served.
import assert from "node:assert/strict";
import { ADMIN_TOKEN, startTestMonitor } from "./_fixtures.ts";
import { login, sessionCookie } from "./_sign_in.ts";

const BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

Deno.test("GET /nope from a browser answers an HTML 404 page with a link home", async () => {
  await using t = await startTestMonitor();
  const response = await t.app.request("/nope", { headers: { accept: BROWSER } });
  assert.equal(response.status, 404);
  assert.equal(response.headers.get("content-type"), "text/html; charset=utf-8");
  assert.match(response.headers.get("content-security-policy") ?? "", /^default-src 'self'/);
  const body = await response.text();
  assert.match(body, /^<!doctype html>/);
  assert.match(body, /<title>Not found · llm-monitor<\/title>/);
  assert.match(body, /<h1 id="not-found-title">Page not found<\/h1>/);
  assert.match(body, /There is no dashboard page at <code>\/nope<\/code>\./);
  assert.match(body, /<a class="btn" href="\/">Back to the overview<\/a>/);
  assert.doesNotMatch(body, /aria-label="Pages"/, "no sidebar before signing in");
});

Deno.test("GET /nope from a signed-in browser shows the 404 inside the dashboard sidebar", async () => {
  await using t = await startTestMonitor();
  const cookie = await sessionCookie(await login(t.app, ADMIN_TOKEN));
  const response = await t.app.request("/nope", { headers: { accept: BROWSER, cookie } });
  assert.equal(response.status, 404);
  assert.equal(response.headers.get("content-type"), "text/html; charset=utf-8");
  const body = await response.text();
  assert.match(body, /<nav class="nav" aria-label="Pages">/);
  assert.doesNotMatch(body, /aria-current="page"/, "no page of the menu is current");
  assert.match(body, /Signed in with<\/span>\s*<b>the admin token<\/b>/);
  assert.match(body, /<a class="btn" href="\/">Back to the overview<\/a>/);
});

Deno.test("unknown URLs keep the JSON 404 for API paths and non-HTML clients", async () => {
  await using t = await startTestMonitor();
  const cases: Array<[string, string, RequestInit]> = [
    ["GET", "/nope", {}],
    ["GET", "/nope", { headers: { accept: "*/*" } }],
    ["GET", "/nope", { headers: { accept: "application/json" } }],
    ["GET", "/api/nope", { headers: { accept: BROWSER } }],
    ["GET", "/v1/nope", { headers: { accept: BROWSER } }],
    ["POST", "/nope", { method: "POST", headers: { accept: BROWSER } }],
  ];
  for (const [method, path, init] of cases) {
    const response = await t.app.request(path, init);
    const label = `${method} ${path} ${JSON.stringify(init.headers ?? {})}`;
    assert.equal(response.status, 404, label);
    assert.equal(response.headers.get("content-type"), "application/json", label);
    assert.deepEqual(await response.json(), { error: `no route for ${method} ${path}` }, label);
  }
});

Deno.test("the widget demo page links a favicon that the monitor serves", async () => {
  await using t = await startTestMonitor();
  const page = await t.app.request("/widgets/demo");
  assert.equal(page.status, 200);
  const body = await page.text();
  const link = body.match(/<link rel="icon" href="([^"]+)" type="image\/svg\+xml"\/?>/);
  assert.ok(link, "the page links an icon");
  assert.equal(link[1], "/assets/favicon.svg");
  const icon = await t.app.request(link[1]);
  assert.equal(icon.status, 200);
  assert.equal(icon.headers.get("content-type"), "image/svg+xml");
  assert.match(await icon.text(), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
});
