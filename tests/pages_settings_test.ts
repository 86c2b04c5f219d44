// The settings page and its forms (admin only, same origin): projects, keys shown once and
// revoked, price overrides, budgets; read-only for a read key.
import assert from "node:assert/strict";
import { ADMIN_TOKEN, event, startTestMonitor, type TestMonitor } from "./_fixtures.ts";

const ORIGIN = "http://localhost";

async function signIn(t: TestMonitor, token = ADMIN_TOKEN): Promise<string> {
  const response = await t.app.request("/api/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token }),
  });
  assert.equal(response.status, 200);
  await response.body?.cancel();
  return response.headers.get("set-cookie")!.split(";")[0]!;
}

function submit(
  t: TestMonitor,
  path: string,
  cookie: string,
  fields: Record<string, string> = {},
  origin = ORIGIN,
) {
  return Promise.resolve(t.app.request(path, {
    method: "POST",
    headers: { cookie, origin, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  }));
}

/** HTML text → text. */
function decode(html: string): string {
  return html.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&quot;", '"').replaceAll(
    "&amp;",
    "&",
  );
}

async function settings(t: TestMonitor, cookie: string, query = `project=${t.projectId}`) {
  const response = await t.app.request(`/settings?${query}`, { headers: { cookie } });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "text/html; charset=utf-8");
  return await response.text();
}

Deno.test("GET /settings shows projects, keys, widget tokens, the embed builder, prices and budgets", async () => {
  await using t = await startTestMonitor();
  const cookie = await signIn(t);
  const body = await settings(t, cookie);
  for (const id of ["projects", "keys", "widget-tokens", "embed", "prices", "budgets"]) {
    assert.match(body, new RegExp(`<section class="panel" id="${id}"`), id);
  }
  assert.match(body, /<td class="mono">prj_[0-9a-f]+<\/td>/);
  assert.match(body, /<span class="badge plain">ingest<\/span>/);
  assert.match(body, new RegExp(`action="/settings/keys\\?project=${t.projectId}"`));
  assert.match(body, /data-island="WidgetTokens"/);
  assert.match(body, /data-island="EmbedBuilder"/);
  const snippet = /<pre class="snippet"[^>]*>([^<]*)<\/pre>/.exec(body)?.[1];
  assert.equal(
    decode(snippet ?? ""),
    '<script type="module" src="http://localhost/widgets/llm-metric-card.js"></script>\n' +
      '<llm-metric-card metric="cost_per_hour" window="24h" sparkline theme="auto" token="wt_…"></llm-metric-card>',
  );
});

Deno.test("GET /settings is read-only for a read key", async () => {
  await using t = await startTestMonitor();
  const { secret } = await t.monitor.deps.auth.createKey(t.projectId, "read");
  const cookie = await signIn(t, secret);
  const body = await settings(t, cookie, "");
  assert.match(body, /settings are read-only/);
  assert.doesNotMatch(body, /<form method="post" action="\/settings/);
  assert.doesNotMatch(body, /id="keys"/);
  assert.match(body, /data-island="EmbedBuilder"/);
  const refused = await submit(t, `/settings/keys?project=${t.projectId}`, cookie, {
    kind: "ingest",
  });
  assert.equal(refused.status, 403);
  assert.deepEqual(await refused.json(), { error: "changing settings needs the admin token" });
});

Deno.test("POST /settings/keys shows the new key once; it ingests until revoked", async () => {
  await using t = await startTestMonitor();
  const cookie = await signIn(t);
  const created = await submit(t, `/settings/keys?project=${t.projectId}`, cookie, {
    kind: "ingest",
    name: "prod",
  });
  assert.equal(created.status, 200);
  const body = await created.text();
  assert.match(body, /New ingest key &quot;prod&quot;/);
  const secret = /<code data-secret[^>]*>(lmi_[^<]+)<\/code>/.exec(body)?.[1];
  assert.ok(secret, "the key is on the page");
  const ingest = (key: string) =>
    Promise.resolve(t.app.request("/v1/events", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify([event()]),
    }));
  const accepted = await ingest(secret);
  assert.equal(accepted.status, 202);
  await accepted.body?.cancel();
  // The list shows the prefix only; the secret never again.
  const listed = await settings(t, cookie);
  assert.doesNotMatch(listed, new RegExp(secret));
  const id = (await t.monitor.deps.auth.listKeys(t.projectId)).find((k) => k.name === "prod")!.id;
  const revoked = await submit(t, `/settings/keys/${id}/revoke?project=${t.projectId}`, cookie);
  assert.equal(revoked.status, 303);
  assert.equal(
    revoked.headers.get("location"),
    `/settings?project=${t.projectId}&done=key_revoked#keys`,
  );
  await revoked.body?.cancel();
  assert.match(await settings(t, cookie, `project=${t.projectId}&done=key_revoked`), /Key revoked/);
  const refused = await ingest(secret);
  assert.equal(refused.status, 401);
  await refused.body?.cancel();
});

Deno.test("POST /settings/projects creates a project and opens its settings", async () => {
  await using t = await startTestMonitor();
  const cookie = await signIn(t);
  const created = await submit(t, "/settings/projects", cookie, {
    name: "search",
    time_zone: "Europe/Paris",
  });
  assert.equal(created.status, 303);
  await created.body?.cancel();
  const project = await t.monitor.deps.auth.findProject("search");
  assert.equal(project?.time_zone, "Europe/Paris");
  assert.equal(
    created.headers.get("location"),
    `/settings?project=${project!.id}&done=project_created#projects`,
  );
  const taken = await submit(t, "/settings/projects", cookie, { name: "search" });
  assert.equal(taken.status, 400);
  assert.match(await taken.text(), /name: a project named &quot;search&quot; exists already/);
});

Deno.test("POST /settings/prices saves a price override and /delete removes it", async () => {
  await using t = await startTestMonitor();
  const cookie = await signIn(t);
  const saved = await submit(t, `/settings/prices?project=${t.projectId}`, cookie, {
    model: "acme-v2",
    provider: "",
    input_per_mtok: "0.5",
    output_per_mtok: "1.5",
    effective_from: "2026-01-01T00:00",
  });
  assert.equal(saved.status, 303);
  await saved.body?.cancel();
  const [override] = await t.monitor.deps.prices.list(t.projectId);
  assert.equal(override?.model, "acme-v2");
  assert.equal(override?.provider, null);
  assert.equal(override?.output_per_mtok, 1.5);
  assert.equal(override?.effective_from, Date.parse("2026-01-01T00:00:00Z"));
  assert.match(await settings(t, cookie), /<td class="cell-main">acme-v2<\/td>/);
  const deleted = await submit(
    t,
    `/settings/prices/${override!.id}/delete?project=${t.projectId}`,
    cookie,
  );
  assert.equal(deleted.status, 303);
  await deleted.body?.cancel();
  assert.deepEqual(await t.monitor.deps.prices.list(t.projectId), []);
  const bad = await submit(t, `/settings/prices?project=${t.projectId}`, cookie, {
    model: "x",
    input_per_mtok: "-1",
    output_per_mtok: "1",
  });
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /input_per_mtok: must be ≥ 0/);
});

Deno.test("POST /settings/budgets adds a budget with percent thresholds; bad input shows why", async () => {
  await using t = await startTestMonitor();
  const cookie = await signIn(t);
  const added = await submit(t, `/settings/budgets?project=${t.projectId}`, cookie, {
    scope: "endpoint",
    scope_value: "chat",
    period: "daily",
    amount_usd: "25",
    thresholds: "80, 50, 100",
  });
  assert.equal(added.status, 303);
  await added.body?.cancel();
  const [budget] = await t.monitor.deps.budgets.list(t.projectId);
  assert.equal(budget?.name, "daily endpoint chat");
  assert.deepEqual(budget?.thresholds, [0.5, 0.8, 1]);
  assert.match(await settings(t, cookie), /endpoint: <span class="mono">chat<\/span>/);
  const missing = await submit(t, `/settings/budgets?project=${t.projectId}`, cookie, {
    scope: "user",
    period: "monthly",
    amount_usd: "5",
  });
  assert.equal(missing.status, 400);
  assert.match(await missing.text(), /scope_value: is required unless scope is project/);
  const deleted = await submit(
    t,
    `/settings/budgets/${budget!.id}/delete?project=${t.projectId}`,
    cookie,
  );
  assert.equal(deleted.status, 303);
  await deleted.body?.cancel();
  assert.deepEqual(await t.monitor.deps.budgets.list(t.projectId), []);
});

Deno.test("settings forms refuse a post from another site", async () => {
  await using t = await startTestMonitor();
  const cookie = await signIn(t);
  const forged = await submit(
    t,
    `/settings/keys?project=${t.projectId}`,
    cookie,
    { kind: "read" },
    "https://evil.example",
  );
  assert.equal(forged.status, 403);
  await forged.body?.cancel();
  assert.equal(
    (await t.monitor.deps.auth.listKeys(t.projectId)).filter((k) => k.kind === "read").length,
    0,
  );
});
