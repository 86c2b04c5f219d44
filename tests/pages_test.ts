// Dashboard pages rendered on the server through app.request(): sign-in redirects, the numbers of
// the first paint on every page and view, error pages, assets, logout.
import assert from "node:assert/strict";
import { ADMIN_TOKEN, startTestMonitor, storedEvent, type TestMonitor } from "./_fixtures.ts";

const NOW = Date.parse("2026-11-23T12:00:00Z");

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

async function page(t: TestMonitor, path: string, cookie?: string) {
  const response = await t.app.request(path, { headers: cookie ? { cookie } : {} });
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    location: response.headers.get("location"),
    body: await response.text(),
  };
}

/** 16 events in the last two minutes: gpt-4o on chat (2 errors), claude on search, one unpriced. */
async function seed(t: TestMonitor) {
  const events = [
    ...Array.from({ length: 10 }, (_, i) =>
      storedEvent({
        project_id: t.projectId,
        id: `gpt-${i}`,
        ts: NOW - 60_000 - i * 1000,
        model: "gpt-4o",
        endpoint: "chat",
        user_id: "u-1",
        application: "web",
        status: i < 2 ? "error" : "success",
        error_type: i < 2 ? "rate_limit_error" : null,
        cost_usd: 0.002,
      })),
    ...Array.from({ length: 5 }, (_, i) =>
      storedEvent({
        project_id: t.projectId,
        id: `claude-${i}`,
        ts: NOW - 90_000 - i * 1000,
        model: "claude-sonnet-4",
        provider: "anthropic",
        endpoint: "search",
        user_id: "u-2",
        latency_ms: 400,
        cost_usd: 0.004,
      })),
    storedEvent({
      project_id: t.projectId,
      id: "mystery-0",
      ts: NOW - 30_000,
      model: "mystery-model",
      provider: "self-hosted",
      endpoint: "search",
      cost_usd: null,
      cost_source: null,
    }),
  ];
  await t.monitor.deps.store.insertEvents(events);
}

/** The text of a stat card as rendered: `<article … data-card="name">…<p class="card-value" …>text</p>`. */
function card(body: string, name: string): string | undefined {
  const at = body.indexOf(`data-card="${name}"`);
  if (at < 0) return undefined;
  return /class="card-value"[^>]*>([^<]*)</.exec(body.slice(at))?.[1];
}

Deno.test("dashboard pages redirect to /login with the way back when nobody is signed in", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  for (const path of ["/", "/models", "/costs", "/events", "/events/x", "/settings"]) {
    const r = await page(t, `${path}?window=5m`);
    assert.equal(r.status, 302, path);
    assert.equal(r.location, `/login?next=${encodeURIComponent(`${path}?window=5m`)}`);
  }
});

Deno.test("GET /login renders the token form; signed in, it forwards to a local next only", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  const form = await page(t, "/login?next=%2Fcosts");
  assert.equal(form.status, 200);
  assert.equal(form.type, "text/html; charset=utf-8");
  assert.match(form.body, /^<!doctype html><html lang="en-US">/);
  assert.match(
    form.body,
    /data-island="LoginForm" data-props="{&quot;next&quot;:&quot;\/costs&quot;}"/,
  );
  assert.match(form.body, /<input name="token" type="password"/);
  const cookie = await signIn(t);
  assert.equal((await page(t, "/login?next=%2Fcosts", cookie)).location, "/costs");
  assert.equal((await page(t, "/login?next=%2F%2Fevil.example", cookie)).location, "/");
  assert.equal((await page(t, "/login?next=https%3A%2F%2Fevil.example", cookie)).location, "/");
});

Deno.test("GET / renders the engineering cards, charts, models and endpoints from the numbers", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  await seed(t);
  const cookie = await signIn(t);
  const r = await page(t, `/?project=${t.projectId}&window=5m`, cookie);
  assert.equal(r.status, 200);
  assert.equal(r.type, "text/html; charset=utf-8");
  assert.match(r.body, /<h1>Overview<\/h1>/);
  // 16 requests in 5 minutes, 2 errors, $0.04 → $0.48 an hour; spend today the same $0.04.
  assert.equal(card(r.body, "requests_per_minute"), "3.2/min");
  assert.equal(card(r.body, "error_rate"), "12.5%");
  assert.equal(card(r.body, "cost_per_hour"), "$0.48/h");
  assert.equal(card(r.body, "spend_today"), "$0.04");
  assert.equal(card(r.body, "p95_latency_ms"), "804 ms"); // 800 ms within the histogram's 1 %
  for (const chart of ["requests_by_status", "latency", "tokens", "cost_by_model"]) {
    assert.match(r.body, new RegExp(`data-chart="${chart}"`));
  }
  assert.match(
    r.body,
    /<canvas role="img" aria-label="Requests &amp; errors, one point per minute, from [^"]*: success 14 in total/,
  );
  assert.match(r.body, /<h2 id="model-share-title">Model distribution<\/h2>/);
  assert.match(r.body, /href="\/events\?project=[^"]*&amp;window=5m&amp;model=gpt-4o"/);
  assert.match(r.body, /href="\/events\?project=[^"]*&amp;window=5m&amp;endpoint=search"/);
  // The islands stream from the same query, with the previous window for trends.
  assert.match(
    r.body,
    new RegExp(`/api/stream\\?project=${t.projectId}&amp;window=5m&amp;compare=previous`),
  );
  assert.match(r.body, /<script type="module" src="\/static\/islands\.js/);
});

Deno.test("GET / starts every chart from the series GET /api/metrics/history answers", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  await seed(t);
  // Some events still in the buffer: both must count them the same way.
  const posted = await t.post([
    { model: "gpt-4o", status: "timeout", latency_ms: 30_000, timestamp: NOW - 20_000 },
    { model: "o4-mini", endpoint: "chat", latency_ms: 1200, timestamp: NOW - 10_000 },
  ]);
  assert.equal(posted.status, 202);
  await posted.body?.cancel();
  const cookie = await signIn(t);
  for (const query of ["window=15m", "window=24h&view=finance", "window=5m&model=gpt-4o"]) {
    const r = await page(t, `/?project=${t.projectId}&${query}`, cookie);
    const charts = [...r.body.matchAll(/data-island="TimeChart" data-props="([^"]*)"/g)].map((m) =>
      JSON.parse(m[1]!.replaceAll("&quot;", '"').replaceAll("&lt;", "<").replaceAll("&amp;", "&"))
    );
    assert.ok(charts.length >= 2, query);
    for (const chart of charts) {
      for (const [i, s] of chart.spec.series.entries()) {
        const api = await t.app.request(
          `/api/metrics/history?project=${t.projectId}&${query}&metric=${s.metric}${
            s.group_by ? `&group_by=${s.group_by}` : ""
          }`,
          { headers: { cookie } },
        );
        assert.deepEqual(
          chart.initial[i],
          await api.json(),
          `${query} ${chart.spec.id} ${s.metric}`,
        );
      }
    }
  }
});

Deno.test("GET /?view= switches the overview between engineering, finance and executive", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  await seed(t);
  const cookie = await signIn(t);
  const base = `/?project=${t.projectId}&window=5m`;
  const finance = await page(t, `${base}&view=finance`, cookie);
  assert.equal(finance.status, 200);
  assert.equal(card(finance.body, "spend_today"), "$0.04");
  assert.equal(card(finance.body, "month_to_date"), "$0.04");
  assert.equal(card(finance.body, "cost_per_request"), "$0.0025");
  assert.equal(card(finance.body, "unpriced_requests"), "1");
  assert.match(finance.body, /Cost per endpoint/);
  assert.match(finance.body, /Costliest users/);
  assert.match(finance.body, /data-chart="cost_by_endpoint"/);
  assert.match(finance.body, /<a href="[^"]*view=finance" aria-current="page"/);
  const executive = await page(t, `${base}&view=executive`, cookie);
  assert.match(executive.body, /class="cards hero"/);
  assert.equal(card(executive.body, "requests"), "16");
  assert.match(executive.body, /<h2 id="budgets-title">Budgets<\/h2>/);
  assert.doesNotMatch(executive.body, /data-chart="latency"/);
  const engineering = await page(t, `${base}&view=nonsense`, cookie);
  assert.match(engineering.body, /Engineering view/);
});

Deno.test("GET /models, /endpoints and /users render each dimension broken down", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  await seed(t);
  const cookie = await signIn(t);
  const models = await page(t, `/models?project=${t.projectId}&window=5m`, cookie);
  assert.equal(models.status, 200);
  assert.match(models.body, /data-breakdown="model"/);
  assert.match(models.body, /data-breakdown="provider"/);
  assert.match(models.body, /data-chart="requests_by_model"/);
  // Sorted by requests (engineering): gpt-4o 10, claude 5, mystery 1.
  const order = [...models.body.matchAll(/<a href="\/events\?[^"]*model=([^"&]+)">/g)].map((m) =>
    m[1]
  );
  assert.deepEqual(order.slice(0, 3), ["gpt-4o", "claude-sonnet-4", "mystery-model"]);
  const sorted = await page(t, `/models?project=${t.projectId}&window=5m&sort=cost_usd`, cookie);
  assert.match(sorted.body, /aria-sort="descending"[^>]*>\s*<button[^>]*>Cost</);
  const endpoints = await page(t, `/endpoints?project=${t.projectId}&window=5m`, cookie);
  assert.match(endpoints.body, /data-breakdown="endpoint"/);
  assert.match(endpoints.body, /data-breakdown="application"/);
  assert.match(endpoints.body, /endpoint=chat">chat<\/a>/);
  const users = await page(t, `/users?project=${t.projectId}&window=5m&view=finance`, cookie);
  assert.match(users.body, /data-breakdown="user_id"/);
  assert.match(users.body, /user_id=u-2">u-2<\/a>/);
  assert.match(users.body, /Cost\/1k tokens/);
});

Deno.test("GET /costs renders spend, its projection, the costliest, budgets and unpriced models", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  await seed(t);
  const created = await t.admin("POST", "/api/budgets", {
    project: t.projectId,
    period: "monthly",
    amount_usd: 1,
    name: "Team budget",
  });
  assert.equal(created.status, 201);
  await created.body?.cancel();
  const cookie = await signIn(t);
  const r = await page(t, `/costs?project=${t.projectId}&window=5m`, cookie);
  assert.equal(r.status, 200);
  assert.equal(card(r.body, "cost_usd"), "$0.04");
  assert.equal(card(r.body, "month_to_date"), "$0.04");
  assert.equal(card(r.body, "cost_per_1k_tokens"), "$0.02"); // $0.04 for 2,400 tokens
  assert.match(r.body, /Costliest endpoints/);
  assert.match(r.body, /Costliest users/);
  assert.match(r.body, /Team budget/);
  assert.match(r.body, /4% used/);
  assert.match(r.body, /Unpriced models/);
  assert.match(r.body, /model=mystery-model">mystery-model<\/a>/);
  assert.match(r.body, /data-chart="cost_split"/);
});

Deno.test("a page with a bad range or another key's project renders an error page", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  const cookie = await signIn(t);
  const bad = await page(t, `/?project=${t.projectId}&window=1y`, cookie);
  assert.equal(bad.status, 400);
  assert.equal(bad.type, "text/html; charset=utf-8");
  assert.match(bad.body, /window: must be one of 5m, 15m, 1h, 6h, 24h, 7d, 30d/);
  const missing = await page(t, "/?project=nope", cookie);
  assert.equal(missing.status, 404);
  assert.match(missing.body, /project &quot;nope&quot; does not exist/);
  const { secret } = await t.monitor.deps.auth.createKey(t.projectId, "read");
  const reader = await signIn(t, secret);
  const own = await page(t, "/?window=5m", reader);
  assert.equal(own.status, 200);
  assert.match(own.body, /Signed in with<\/span>\s*<b>a read key<\/b>/);
  assert.doesNotMatch(own.body, /name="project"/);
  const other = await page(t, "/?project=default", reader);
  assert.equal(other.status, 403);
  assert.match(other.body, /this key reads another project/);
});

Deno.test("GET /assets/dashboard.css and /assets/favicon.svg serve the stylesheet and the icon", async () => {
  await using t = await startTestMonitor();
  const css = await t.app.request("/assets/dashboard.css?v=1");
  assert.equal(css.status, 200);
  assert.equal(css.headers.get("content-type"), "text/css; charset=utf-8");
  assert.equal(css.headers.get("cache-control"), "public, max-age=31536000, immutable");
  assert.match(await css.text(), /prefers-color-scheme: dark/);
  const icon = await t.app.request("/assets/favicon.svg");
  assert.equal(icon.headers.get("content-type"), "image/svg+xml");
  assert.match(await icon.text(), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
});

Deno.test("POST /logout ends the session and sends the browser to /login", async () => {
  await using t = await startTestMonitor();
  const cookie = await signIn(t);
  const origin = "http://localhost";
  const out = await t.app.request("/logout", { method: "POST", headers: { cookie, origin } });
  assert.equal(out.status, 303);
  assert.equal(out.headers.get("location"), "/login?signed_out");
  assert.match(out.headers.get("set-cookie")!, /^lm_session=; Max-Age=0; Path=\//);
  await out.body?.cancel();
  assert.equal((await page(t, "/", cookie)).status, 302);
  const notice = await page(t, "/login?signed_out");
  assert.match(notice.body, /You are signed out\./);
});
