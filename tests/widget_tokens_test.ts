// Widget tokens through the admin API: created limited as asked, shown once and stored hashed,
// listed without secrets, revoked and expired at once, and refused where they have no business.
import assert from "node:assert/strict";
import { hashSecret } from "../lib/access/secrets.ts";
import { ADMIN_TOKEN, startTestMonitor, type TestMonitor } from "./_fixtures.ts";

async function widgetToken(t: TestMonitor, body: Record<string, unknown>) {
  const response = await t.admin("POST", "/api/widget-tokens", { project: t.projectId, ...body });
  assert.equal(response.status, 201);
  return await response.json() as Record<string, unknown> & { id: string; token: string };
}

function read(t: TestMonitor, token: string, path = "/api/metrics/current") {
  return Promise.resolve(t.app.request(`${path}${path.includes("?") ? "&" : "?"}token=${token}`));
}

Deno.test("POST /api/widget-tokens returns a wt_ token once, limited as asked", async () => {
  let now = Date.parse("2026-03-01T12:00:00Z");
  await using t = await startTestMonitor({ now: () => now });
  const response = await t.admin("POST", "/api/widget-tokens", {
    project: t.projectId,
    name: "support portal",
    metrics: ["cost_per_hour", "requests", "requests"],
    filters: { model: "gpt-4o", endpoint: ["chat", "search"] },
    origins: ["https://portal.example", "http://localhost:3000"],
    expires_in: "30d",
  });
  assert.equal(response.status, 201);
  assert.equal(response.headers.get("content-type"), "application/json");
  const created = await response.json();
  assert.match(created.id, /^wtk_[0-9a-f]{18}$/);
  assert.match(created.token, /^wt_[A-Za-z0-9_-]{43}$/);
  assert.deepEqual({ ...created, id: "", token: "" }, {
    id: "",
    token: "",
    project_id: t.projectId,
    name: "support portal",
    metrics: ["cost_per_hour", "requests"],
    filters: { model: ["gpt-4o"], endpoint: ["chat", "search"] },
    origins: ["https://portal.example", "http://localhost:3000"],
    prefix: created.token.slice(0, 8),
    created_at: "2026-03-01T12:00:00.000Z",
    expires_at: "2026-03-31T12:00:00.000Z",
  });
  now += 1;
  const list = await t.admin("GET", `/api/widget-tokens?project=${t.projectId}`);
  const { widget_tokens } = await list.json();
  assert.deepEqual(widget_tokens.map((w: { id: string }) => w.id), [created.id]);
  assert.equal("token" in widget_tokens[0] || "hash" in widget_tokens[0], false);
});

Deno.test("a widget token is stored as its SHA-256 hash, never in clear", async () => {
  await using t = await startTestMonitor();
  const { token } = await widgetToken(t, {});
  const entries = await Array.fromAsync(t.monitor.deps.kv.list({ prefix: [] }));
  const stored = JSON.stringify(entries.map((e) => [e.key, e.value]));
  assert.equal(stored.includes(token), false, "the secret is nowhere in KV");
  assert.ok(stored.includes(await hashSecret(token)), "its hash is");
});

Deno.test("DELETE /api/widget-tokens/:id revokes at once; an expired token is refused", async () => {
  let now = Date.now();
  await using t = await startTestMonitor({ now: () => now });
  const kept = await widgetToken(t, {});
  const revoked = await widgetToken(t, {});
  const expiring = await widgetToken(t, { expires_in: 60 });
  for (const w of [kept, revoked, expiring]) {
    const ok = await read(t, w.token);
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
  }
  const del = await t.admin("DELETE", `/api/widget-tokens/${revoked.id}`);
  assert.equal(del.status, 200);
  assert.deepEqual(await del.json(), { revoked: revoked.id });
  now += 61_000;
  for (const w of [revoked, expiring]) {
    const refused = await read(t, w.token);
    assert.equal(refused.status, 401);
    assert.deepEqual(await refused.json(), { error: "unknown, expired or revoked widget token" });
  }
  const still = await read(t, kept.token);
  assert.equal(still.status, 200);
  await still.body?.cancel();
  const again = await t.admin("DELETE", `/api/widget-tokens/${revoked.id}`);
  assert.equal(again.status, 404);
  assert.deepEqual(await again.json(), { error: `widget token "${revoked.id}" does not exist` });
});

Deno.test("POST /api/widget-tokens answers 400 naming the field", async () => {
  await using t = await startTestMonitor();
  const cases: Array<[unknown, string]> = [
    [
      { metric: ["cost_usd"] },
      "metric: unknown field (project, name, metrics, filters, origins, expires_in)",
    ],
    [{ metrics: ["cost_usd", "p97"] }, `metrics: unknown "p97"; one of `],
    [{ metrics: [] }, "metrics: list at least one metric (leave it out to allow every metric)"],
    [
      { filters: { country: "fr" } },
      "filters: keys must be among model, provider, endpoint, application, user_id, status",
    ],
    [{ filters: { status: "fine" } }, "filters.status: must be success, error or timeout"],
    [
      { origins: ["https://portal.example/path"] },
      "origins: each must be an origin such as https://portal.example.com (no path)",
    ],
    [
      { expires_in: "soon" },
      'expires_in: seconds (a positive integer) or a duration such as "30d" or "12h"',
    ],
    [{ expires_in: "401d" }, "expires_in: at most 400 days"],
    [[], "body: must be a JSON object"],
  ];
  for (const [body, error] of cases) {
    const response = await t.admin("POST", "/api/widget-tokens", body);
    assert.equal(response.status, 400, JSON.stringify(body));
    assert.ok(
      (await response.json()).error.startsWith(error),
      `${JSON.stringify(body)} → ${error}`,
    );
  }
  const missing = await t.admin("POST", "/api/widget-tokens", { project: "nope" });
  assert.equal(missing.status, 404);
  assert.deepEqual(await missing.json(), { error: 'project "nope" does not exist' });
});

Deno.test("widget-token admin calls need the admin token; a widget token is no key elsewhere", async () => {
  await using t = await startTestMonitor();
  const { token } = await widgetToken(t, {});
  const calls: Array<[string, string, number]> = [
    ["POST", "/api/widget-tokens", 403],
    ["GET", "/api/widget-tokens", 403],
    ["DELETE", "/api/widget-tokens/wtk_x", 403],
    ["POST", "/api/keys", 403],
    ["GET", "/api/projects", 403],
    ["POST", "/v1/events", 401],
  ];
  for (const [method, path, status] of calls) {
    const response = await t.app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: method === "POST" ? JSON.stringify({ events: [{ model: "gpt-4o" }] }) : undefined,
    });
    assert.equal(response.status, status, `${method} ${path}`);
    await response.body?.cancel();
  }
  const login = await t.app.request("/api/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token }),
  });
  assert.equal(login.status, 401, "a widget token cannot open a session");
  assert.equal(login.headers.get("set-cookie"), null);
  await login.body?.cancel();
  const anonymous = await t.app.request("/api/widget-tokens");
  assert.equal(anonymous.status, 401);
  await anonymous.body?.cancel();
  const admin = await t.app.request("/api/widget-tokens", {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  assert.equal(admin.status, 200);
  await admin.body?.cancel();
});
