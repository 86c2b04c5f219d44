// The session cookie: cross-site sign-in and sign-out refused, Secure behind TLS (PUBLIC_URL, or
// X-Forwarded-Proto with TRUST_PROXY).
import assert from "node:assert/strict";
import { ADMIN_TOKEN, startTestMonitor } from "./_fixtures.ts";
import { formLogin, login, me, sessionCookie } from "./_sign_in.ts";

Deno.test("POST /api/login refuses cross-site forms and takes same-origin and CLI sign-ins", async () => {
  await using t = await startTestMonitor();
  for (
    const headers of [
      { origin: "https://evil.example" },
      { "sec-fetch-site": "cross-site" },
      { origin: "null" },
    ] as Record<string, string>[]
  ) {
    const refused = await formLogin(t.app, ADMIN_TOKEN, headers);
    assert.equal(refused.status, 403, JSON.stringify(headers));
    assert.equal(refused.headers.get("set-cookie"), null);
    assert.equal(await refused.text(), "Forbidden");
  }
  const plain = await t.app.request("/api/login", {
    method: "POST",
    headers: { origin: "https://evil.example", "content-type": "text/plain" },
    body: JSON.stringify({ token: ADMIN_TOKEN }),
  });
  assert.equal(plain.status, 403);
  await plain.body?.cancel();

  const sameOrigin = await formLogin(t.app, ADMIN_TOKEN, { origin: "http://localhost" });
  assert.deepEqual(await sameOrigin.json(), { reader: { kind: "admin" } });
  const fetchSite = await login(t.app, ADMIN_TOKEN, { "sec-fetch-site": "same-origin" });
  assert.deepEqual(await fetchSite.json(), { reader: { kind: "admin" } });
  const cli = await formLogin(t.app, ADMIN_TOKEN, {});
  assert.deepEqual(await cli.json(), { reader: { kind: "admin" } });
  const json = await login(t.app, ADMIN_TOKEN);
  assert.deepEqual(await json.json(), { reader: { kind: "admin" } });
});

Deno.test("POST /api/logout refuses a cross-site post and keeps the session", async () => {
  await using t = await startTestMonitor();
  const cookie = await sessionCookie(await login(t.app, ADMIN_TOKEN));
  const crossSite: Record<string, string>[] = [
    { origin: "https://evil.example" },
    { "sec-fetch-site": "cross-site" },
  ];
  for (const headers of crossSite) {
    const refused = await t.app.request("/api/logout", {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded", ...headers },
      body: "",
    });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get("set-cookie"), null);
    assert.equal(await refused.text(), "Forbidden");
  }
  assert.deepEqual(await me(t.app, cookie), [200, { reader: { kind: "admin" } }]);
  const out = await t.app.request("/api/logout", {
    method: "POST",
    headers: { cookie, origin: "http://localhost" },
  });
  assert.equal(out.status, 200);
  assert.deepEqual(await out.json(), { signed_out: true });
  assert.deepEqual(await me(t.app, cookie), [401, { error: "not signed in" }]);
});

Deno.test("POST /api/login marks the cookie Secure when PUBLIC_URL is https", async () => {
  await using t = await startTestMonitor({ env: { PUBLIC_URL: "https://monitor.example" } });
  const response = await login(t.app, ADMIN_TOKEN);
  assert.equal(response.status, 200);
  await response.body?.cancel();
  assert.match(
    response.headers.get("set-cookie")!,
    /^lm_session=ses_[\w-]+; Max-Age=604800; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
  );
});

Deno.test("POST /api/login trusts X-Forwarded-Proto for Secure only with TRUST_PROXY", async () => {
  const cookieOf = async (env: Record<string, string>, proto: string) => {
    await using t = await startTestMonitor({ env });
    const response = await login(t.app, ADMIN_TOKEN, { "x-forwarded-proto": proto });
    assert.equal(response.status, 200);
    await response.body?.cancel();
    return response.headers.get("set-cookie")!;
  };
  assert.match(await cookieOf({ TRUST_PROXY: "true" }, "https"), /; HttpOnly; Secure; SameSite/);
  assert.match(await cookieOf({ TRUST_PROXY: "true" }, "http"), /; HttpOnly; SameSite/);
  assert.match(await cookieOf({}, "https"), /; HttpOnly; SameSite/);
});
