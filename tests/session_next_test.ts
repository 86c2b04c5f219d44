// Where a sign-in may lead: safeNext() and GET /login keep every ?next= on the site.
import assert from "node:assert/strict";
import { safeNext } from "../components/hrefs.ts";
import { ADMIN_TOKEN, startTestMonitor } from "./_fixtures.ts";
import { login, sessionCookie } from "./_sign_in.ts";

const HOSTILE_NEXT = [
  "/\t/evil.example/", // what ?next=/%09/evil.example/ decodes to: browsers drop the tab
  "/\n/evil.example",
  "//evil.example",
  "/\\evil.example",
  "/.//evil.example",
  "/..//evil.example",
  "https://evil.example",
  "javascript:alert(1)",
  " //evil.example",
  "",
  null,
  undefined,
];

Deno.test("safeNext() turns every way off the origin into / and keeps local paths", () => {
  for (const bad of HOSTILE_NEXT) assert.equal(safeNext(bad), "/", JSON.stringify(bad));
  assert.equal(safeNext("/costs?window=5m#top"), "/costs?window=5m#top");
  assert.equal(safeNext("/events/evt_1?project=default"), "/events/evt_1?project=default");
});

Deno.test("GET /login never sends a signed-in reader off the site, whatever next says", async () => {
  await using t = await startTestMonitor();
  const cookie = await sessionCookie(await login(t.app, ADMIN_TOKEN));
  for (const bad of HOSTILE_NEXT.filter((v) => typeof v === "string")) {
    const response = await t.app.request(`/login?next=${encodeURIComponent(bad)}`, {
      headers: { cookie },
    });
    assert.equal(response.status, 302, JSON.stringify(bad));
    assert.equal(response.headers.get("location"), "/", JSON.stringify(bad));
  }
  const raw = await t.app.request("/login?next=/%09/evil.example/", { headers: { cookie } });
  assert.equal(raw.status, 302);
  assert.equal(raw.headers.get("location"), "/");
  const local = await t.app.request("/login?next=%2Fcosts%3Fwindow%3D5m", { headers: { cookie } });
  assert.equal(local.headers.get("location"), "/costs?window=5m");
});

Deno.test("GET /login hands the sign-in form only a local next", async () => {
  await using t = await startTestMonitor();
  const page = await t.app.request("/login?next=/%09/evil.example/");
  assert.equal(page.status, 200);
  assert.equal(page.headers.get("content-type"), "text/html; charset=utf-8");
  const body = await page.text();
  assert.ok(body.includes(`data-props="{&quot;next&quot;:&quot;/&quot;}"`), body);
  assert.ok(!body.includes("evil.example"));
});
