// Sign-in hardening: where a sign-in may lead, sessions bound to their credential, cross-site
// sign-in and sign-out refused, Secure cookies behind TLS, and failed sign-ins throttled.
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { safeNext } from "../components/hrefs.ts";
import { silentLogger } from "../lib/log.ts";
import { openMonitor } from "../lib/monitor.ts";
import { kvKeys } from "../lib/store/kv_keys.ts";
import { ENGINES } from "./_engines.ts";
import { ADMIN_TOKEN, startTestMonitor, testConfig, type TestMonitor } from "./_fixtures.ts";

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

/** A client address as Deno.serve hands it to Hono (the third argument of app.request). */
function from(hostname: string) {
  return { remoteAddr: { transport: "tcp" as const, hostname, port: 40_000 } };
}

type Fetcher = { request: TestMonitor["app"]["request"] };

function login(
  app: Fetcher,
  token: string,
  headers: Record<string, string> = {},
  env?: ReturnType<typeof from>,
) {
  return Promise.resolve(app.request("/api/login", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ token }),
  }, env));
}

function formLogin(app: Fetcher, token: string, headers: Record<string, string>) {
  return Promise.resolve(app.request("/api/login", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ token }).toString(),
  }));
}

async function sessionCookie(response: Response): Promise<string> {
  assert.equal(response.status, 200);
  await response.body?.cancel();
  return response.headers.get("set-cookie")!.split(";")[0]!;
}

async function me(app: Fetcher, cookie: string): Promise<[number, unknown]> {
  const response = await app.request("/api/me", { headers: { cookie } });
  return [response.status, await response.json()];
}

async function readKey(t: TestMonitor): Promise<{ id: string; key: string }> {
  const response = await t.admin("POST", "/api/keys", { project: t.projectId, kind: "read" });
  return await response.json() as { id: string; key: string };
}

/** Two monitors on one KV file: two instances of the same deployment. */
async function twoInstances(env: Record<string, string> = {}) {
  const dir = await Deno.makeTempDir();
  const open = async () => {
    const kv = await Deno.openKv(`${dir}/kv.sqlite3`);
    const monitor = await openMonitor(testConfig(env), silentLogger, {
      kv,
      store: await ENGINES[0]!.open(),
    });
    return { kv, monitor, app: createApp(monitor.deps) };
  };
  const a = await open();
  const b = await open();
  return {
    a,
    b,
    /** `deno task admin …` on the same KV; its stdout. */
    async admin(...args: string[]): Promise<string> {
      const output = await new Deno.Command(Deno.execPath(), {
        args: ["run", "--allow-env", "--allow-read", "--allow-write", "tools/admin.ts", ...args],
        env: { KV_PATH: `${dir}/kv.sqlite3`, DATA_DIR: dir, ADMIN_TOKEN: "" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
      return new TextDecoder().decode(output.stdout);
    },
    async [Symbol.asyncDispose]() {
      for (const { monitor, kv } of [a, b]) {
        await monitor.close();
        kv.close();
      }
      await Deno.remove(dir, { recursive: true });
    },
  };
}

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

Deno.test("POST /api/login answers 429 with Retry-After after too many failures from one address", async () => {
  let clock = Date.parse("2025-06-01T12:00:00Z");
  await using t = await startTestMonitor({
    env: { LOGIN_MAX_FAILURES: "3", LOGIN_FAILURE_WINDOW_MINUTES: "5" },
    now: () => clock,
  });
  const attacker = from("203.0.113.7");
  for (let i = 0; i < 3; i++) {
    const wrong = await login(t.app, `lma_wrong_${i}`, {}, attacker);
    assert.equal(wrong.status, 401);
    assert.deepEqual(await wrong.json(), { error: "unknown or revoked token" });
    clock += 10_000;
  }
  const blocked = await login(t.app, "lma_wrong_again", {}, attacker);
  assert.equal(blocked.status, 429);
  assert.equal(blocked.headers.get("retry-after"), "270");
  assert.equal(blocked.headers.get("content-type"), "application/json");
  assert.deepEqual(await blocked.json(), {
    error: "too many failed sign-ins from this address; try again in 270 s",
  });
  const rightButBlocked = await login(t.app, ADMIN_TOKEN, {}, attacker);
  assert.equal(rightButBlocked.status, 429);
  await rightButBlocked.body?.cancel();

  const neighbour = await login(t.app, ADMIN_TOKEN, {}, from("198.51.100.2"));
  assert.deepEqual(await neighbour.json(), { reader: { kind: "admin" } });

  clock += 270_000; // the first failure leaves the window: one more attempt is allowed
  const later = await login(t.app, ADMIN_TOKEN, {}, attacker);
  assert.deepEqual(await later.json(), { reader: { kind: "admin" } });
});

Deno.test("POST /api/login does not count successful or ingest-key sign-ins as failures", async () => {
  await using t = await startTestMonitor({ env: { LOGIN_MAX_FAILURES: "2" } });
  const { key } = await readKey(t);
  for (let i = 0; i < 5; i++) {
    const ok = await login(t.app, i % 2 ? key : ADMIN_TOKEN);
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
    const ingest = await login(t.app, t.ingestKey);
    assert.equal(ingest.status, 403);
    await ingest.body?.cancel();
  }
});

Deno.test("POST /api/login lets no more than the limit through a parallel burst", async () => {
  await using t = await startTestMonitor({ env: { LOGIN_MAX_FAILURES: "5" } });
  const responses = await Promise.all(
    Array.from({ length: 60 }, (_, i) => login(t.app, `lma_guess_${i}`, {}, from("203.0.113.9"))),
  );
  const statuses = responses.map((r) => r.status);
  await Promise.all(responses.map((r) => r.body?.cancel()));
  assert.equal(statuses.filter((s) => s === 401).length, 5);
  assert.equal(statuses.filter((s) => s === 429).length, 55);
});

Deno.test("POST /api/login failures on one instance count on another", async () => {
  await using both = await twoInstances({ LOGIN_MAX_FAILURES: "2" });
  const client = from("203.0.113.10");
  for (const app of [both.a.app, both.b.app]) {
    const wrong = await login(app, "lma_nope", {}, client);
    assert.equal(wrong.status, 401);
    await wrong.body?.cancel();
  }
  const blocked = await login(both.a.app, ADMIN_TOKEN, {}, client);
  assert.equal(blocked.status, 429);
  await blocked.body?.cancel();
});

Deno.test("POST /api/login counts by the proxy's last X-Forwarded-For entry only with TRUST_PROXY", async () => {
  await using trusted = await startTestMonitor({
    env: { LOGIN_MAX_FAILURES: "2", TRUST_PROXY: "true" },
  });
  const proxy = from("10.0.0.1");
  for (const spoofed of ["1.1.1.1", "2.2.2.2", "3.3.3.3"]) {
    const response = await login(trusted.app, "lma_nope", {
      "x-forwarded-for": `${spoofed}, 203.0.113.20`,
    }, proxy);
    assert.equal(response.status, spoofed === "3.3.3.3" ? 429 : 401);
    await response.body?.cancel();
  }
  const other = await login(trusted.app, ADMIN_TOKEN, { "x-forwarded-for": "203.0.113.21" }, proxy);
  assert.equal(other.status, 200);
  await other.body?.cancel();

  await using direct = await startTestMonitor({ env: { LOGIN_MAX_FAILURES: "2" } });
  const client = from("203.0.113.30");
  for (const forged of ["1.1.1.1", "2.2.2.2", "3.3.3.3"]) {
    const response = await login(direct.app, "lma_nope", { "x-forwarded-for": forged }, client);
    assert.equal(response.status, forged === "3.3.3.3" ? 429 : 401);
    await response.body?.cancel();
  }
});

Deno.test("POST /api/login throttles by the connecting address under Deno.serve", async () => {
  await using t = await startTestMonitor({ env: { LOGIN_MAX_FAILURES: "2" } });
  await using server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    t.app.fetch,
  );
  const url = `http://127.0.0.1:${server.addr.port}/api/login`;
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: "lma_nope" }),
    });
    statuses.push(response.status);
    await response.body?.cancel();
  }
  assert.deepEqual(statuses, [401, 401, 429]);
  const entries = await Array.fromAsync(
    t.monitor.deps.kv.list<unknown[]>({ prefix: kvKeys.loginFailures("").slice(0, 1) }),
  );
  assert.deepEqual(entries.map((e) => [e.key, e.value.length]), [[
    kvKeys.loginFailures("127.0.0.1"),
    2,
  ]]);
});
