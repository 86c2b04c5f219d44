// Failed sign-ins throttled per client address: 429 with Retry-After, counted across instances,
// by the proxy's X-Forwarded-For entry only with TRUST_PROXY, and by the socket under Deno.serve.
import assert from "node:assert/strict";
import { kvKeys } from "../lib/store/kv_keys.ts";
import { ADMIN_TOKEN, startTestMonitor } from "./_fixtures.ts";
import { serveLocal } from "./_server.ts";
import { from, login, readKey, twoInstances } from "./_sign_in.ts";

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
  await using server = serveLocal(t.app.fetch);
  const url = `${server.url}/api/login`;
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
