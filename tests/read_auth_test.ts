// Who may read what: the admin token, read keys scoped to their project, and login sessions.
import assert from "node:assert/strict";
import { ADMIN_TOKEN, startTestMonitor, type TestMonitor } from "./_fixtures.ts";

async function readKey(t: TestMonitor, project: string) {
  const response = await t.admin("POST", "/api/keys", { project, kind: "read" });
  return await response.json() as { id: string; key: string };
}

Deno.test("a read key reads its own project only, and an ingest key cannot read", async () => {
  await using t = await startTestMonitor();
  const { key } = await readKey(t, t.projectId);
  const own = await t.app.request("/api/metrics/current", {
    headers: { authorization: `Bearer ${key}` },
  });
  assert.equal(own.status, 200);
  assert.equal((await own.json()).requests, 0);
  const other = await t.app.request("/api/metrics/current?project=default", {
    headers: { authorization: `Bearer ${key}` },
  });
  assert.equal(other.status, 403);
  assert.deepEqual(await other.json(), { error: "this key reads another project" });
  const ingest = await t.app.request("/api/metrics/current", {
    headers: { authorization: `Bearer ${t.ingestKey}` },
  });
  assert.equal(ingest.status, 403);
  assert.deepEqual(await ingest.json(), { error: "an ingest key cannot read; use a read key" });
  const nobody = await t.app.request("/api/events");
  assert.equal(nobody.status, 401);
  await nobody.body?.cancel();
});

Deno.test("POST /api/login sets an HttpOnly SameSite session cookie that logout ends", async () => {
  await using t = await startTestMonitor();
  const login = await t.app.request("/api/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token: ADMIN_TOKEN }),
  });
  assert.equal(login.status, 200);
  assert.deepEqual(await login.json(), { reader: { kind: "admin" } });
  const setCookie = login.headers.get("set-cookie")!;
  assert.match(
    setCookie,
    /^lm_session=ses_[\w-]+; Max-Age=604800; Path=\/; HttpOnly; SameSite=Lax$/,
  );
  const cookie = setCookie.split(";")[0]!;
  const me = await t.app.request("/api/me", { headers: { cookie } });
  assert.deepEqual(await me.json(), { reader: { kind: "admin" } });
  const read = await t.app.request(`/api/metrics/current?project=${t.projectId}`, {
    headers: { cookie },
  });
  assert.equal(read.status, 200);
  await read.body?.cancel();
  const logout = await t.app.request("/api/logout", { method: "POST", headers: { cookie } });
  assert.match(logout.headers.get("set-cookie")!, /^lm_session=; Max-Age=0; Path=\//);
  await logout.body?.cancel();
  const after = await t.app.request("/api/metrics/current", { headers: { cookie } });
  assert.equal(after.status, 401);
  await after.body?.cancel();
});

Deno.test("a session made with a read key ends when the key is revoked", async () => {
  await using t = await startTestMonitor();
  const { id, key } = await readKey(t, t.projectId);
  const form = new FormData();
  form.set("token", key);
  const login = await t.app.request("/api/login", { method: "POST", body: form });
  assert.deepEqual(await login.json(), { reader: { kind: "read", project_id: t.projectId } });
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  const before = await t.app.request("/api/metrics/current", { headers: { cookie } });
  assert.equal(before.status, 200);
  await before.body?.cancel();
  const revoked = await t.admin("DELETE", `/api/keys/${id}`);
  await revoked.body?.cancel();
  const after = await t.app.request("/api/metrics/current", { headers: { cookie } });
  assert.equal(after.status, 401);
  await after.body?.cancel();
});

Deno.test("POST /api/login refuses unknown tokens and ingest keys", async () => {
  await using t = await startTestMonitor();
  const login = (token: string) =>
    t.app.request("/api/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token }),
    });
  const unknown = await login("lmr_nope");
  assert.equal(unknown.status, 401);
  assert.equal(unknown.headers.get("set-cookie"), null);
  await unknown.body?.cancel();
  const ingest = await login(t.ingestKey);
  assert.equal(ingest.status, 403);
  await ingest.body?.cancel();
});

Deno.test("the read API answers cross-origin only for ALLOWED_ORIGINS", async () => {
  await using t = await startTestMonitor({ env: { ALLOWED_ORIGINS: "https://portal.example" } });
  const preflight = (origin: string) =>
    t.app.request("/api/metrics/current", {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "GET",
        "access-control-request-headers": "authorization",
      },
    });
  const allowed = await preflight("https://portal.example");
  assert.equal(allowed.status, 204);
  assert.equal(allowed.headers.get("access-control-allow-origin"), "https://portal.example");
  assert.match(allowed.headers.get("access-control-allow-headers") ?? "", /Authorization/);
  const denied = await preflight("https://evil.example");
  assert.equal(denied.headers.get("access-control-allow-origin"), null);
  const read = await t.app.request("/api/metrics/current", {
    headers: { origin: "https://portal.example", authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  assert.equal(read.headers.get("access-control-allow-origin"), "https://portal.example");
  await read.body?.cancel();
});

Deno.test("the admin API takes the admin's session only from a same-origin request", async () => {
  await using t = await startTestMonitor();
  const login = (token: string) =>
    t.app.request("/api/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token }),
    });
  const admin = await login(ADMIN_TOKEN);
  const cookie = admin.headers.get("set-cookie")!.split(";")[0]!;
  await admin.body?.cancel();
  const list = (headers: Record<string, string>) =>
    t.app.request("http://localhost/api/projects", { headers });
  const same = await list({ cookie, "sec-fetch-site": "same-origin" });
  assert.equal(same.status, 200);
  await same.body?.cancel();
  const sameByOrigin = await list({ cookie, origin: "http://localhost" });
  assert.equal(sameByOrigin.status, 200);
  await sameByOrigin.body?.cancel();
  const crossSite = await list({
    cookie,
    "sec-fetch-site": "cross-site",
    origin: "https://evil.example",
  });
  assert.equal(crossSite.status, 401);
  await crossSite.body?.cancel();
  const created = await t.admin("POST", "/api/keys", { project: t.projectId, kind: "read" });
  const { key } = await created.json() as { key: string };
  const reader = await login(key);
  const readerCookie = reader.headers.get("set-cookie")!.split(";")[0]!;
  await reader.body?.cancel();
  const readSession = await list({ cookie: readerCookie, "sec-fetch-site": "same-origin" });
  assert.equal(readSession.status, 401, "a read-key session is not the admin");
  await readSession.body?.cancel();
});
