// Sessions bound to their credential: rotating the admin token, another ADMIN_TOKEN or a revoked
// read key ends them at once, on every instance.
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { silentLogger } from "../lib/log.ts";
import { openMonitor } from "../lib/monitor.ts";
import { ENGINES } from "./_engines.ts";
import { ADMIN_TOKEN, startTestMonitor, testConfig } from "./_fixtures.ts";
import { login, me, sessionCookie, twoInstances } from "./_sign_in.ts";

Deno.test("deno task admin admin-token rotate ends admin sessions at once on every instance", async () => {
  await using both = await twoInstances({ ADMIN_TOKEN: "" });
  const { a, b } = both;
  const token = a.monitor.boot.adminToken!;
  assert.ok(token.startsWith("lma_"));
  const cookie = await sessionCookie(await login(a.app, token));
  assert.deepEqual(await me(b.app, cookie), [200, { reader: { kind: "admin" } }]);

  const printed = await both.admin("admin-token", "rotate");
  const fresh = /new admin token \(shown once, stored hashed\): (lma_\S+)/.exec(printed)?.[1];
  assert.ok(fresh, printed);
  assert.deepEqual(await me(a.app, cookie), [401, { error: "not signed in" }]);
  assert.deepEqual(await me(b.app, cookie), [401, { error: "not signed in" }]);
  const page = await a.app.request("/", { headers: { cookie } });
  assert.equal(page.status, 302);
  assert.equal(page.headers.get("location"), "/login?next=%2F");
  const stale = await login(a.app, token);
  assert.equal(stale.status, 401);
  await stale.body?.cancel();

  const renewed = await sessionCookie(await login(b.app, fresh));
  assert.deepEqual(await me(a.app, renewed), [200, { reader: { kind: "admin" } }]);
});

Deno.test("SessionStore: an admin session made under another ADMIN_TOKEN is refused", async () => {
  await using t = await startTestMonitor();
  const cookie = await sessionCookie(await login(t.app, ADMIN_TOKEN));
  const other = await openMonitor(
    testConfig({ ADMIN_TOKEN: "a-different-admin-token-42" }),
    silentLogger,
    { kv: t.monitor.deps.kv, store: await ENGINES[0]!.open() },
  );
  try {
    const app = createApp(other.deps);
    assert.deepEqual(await me(app, cookie), [401, { error: "not signed in" }]);
    assert.deepEqual(await me(t.app, cookie), [200, { reader: { kind: "admin" } }]);
  } finally {
    await other.close();
  }
});

Deno.test("SessionStore: revoking a read key on one instance ends its sessions on another", async () => {
  await using both = await twoInstances();
  const { a, b } = both;
  const project = await a.monitor.deps.auth.createProject("p");
  const { key, secret } = await a.monitor.deps.auth.createKey(project.id, "read");
  const cookie = await sessionCookie(await login(a.app, secret));
  assert.deepEqual(await me(b.app, cookie), [200, {
    reader: { kind: "read", project_id: project.id },
  }]);
  const revoked = await b.app.request(`/api/keys/${key.id}`, {
    method: "DELETE",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  assert.equal(revoked.status, 200);
  await revoked.body?.cancel();
  assert.deepEqual(await me(a.app, cookie), [401, { error: "not signed in" }]);
});
