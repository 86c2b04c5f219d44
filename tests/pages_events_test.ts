// The events explorer and one event's page, rendered on the server through app.request().
import assert from "node:assert/strict";
import { sessionCookie, startTestMonitor, storedEvent, type TestMonitor } from "./_fixtures.ts";

const NOW = Date.parse("2026-11-23T12:00:00Z");

function signIn(t: TestMonitor): Promise<string> {
  return sessionCookie((path, init) => t.app.request(path, init));
}

async function html(t: TestMonitor, path: string, cookie: string) {
  const response = await t.app.request(path, { headers: { cookie } });
  assert.equal(response.headers.get("content-type"), "text/html; charset=utf-8");
  return { status: response.status, body: await response.text() };
}

const rows = (body: string) => [...body.matchAll(/data-event="([^"]+)"/g)].map((m) => m[1]);

Deno.test("GET /events lists the matching events newest first, a page at a time", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  await t.monitor.deps.store.insertEvents(Array.from({ length: 60 }, (_, i) =>
    storedEvent({
      project_id: t.projectId,
      id: `e${String(i).padStart(2, "0")}`,
      ts: NOW - 60_000 - i * 1000,
      status: i % 10 === 0 ? "error" : "success",
      model: i % 2 ? "gpt-4o" : "claude-sonnet-4",
    })));
  const cookie = await signIn(t);
  const first = await html(t, `/events?project=${t.projectId}&window=15m`, cookie);
  assert.equal(first.status, 200);
  assert.match(first.body, /<h2 id="events-title">60 events<\/h2>/);
  assert.deepEqual(
    rows(first.body),
    Array.from({ length: 50 }, (_, i) => `e${String(i).padStart(2, "0")}`),
  );
  assert.match(
    first.body,
    new RegExp(`href="/api/events\\?project=${t.projectId}&amp;window=15m&amp;format=csv"`),
  );
  const older = /href="(\/events\?[^"]*cursor=[^"]+)" rel="next"/.exec(first.body)?.[1];
  assert.ok(older, "an Older link");
  const second = await html(t, older.replaceAll("&amp;", "&"), cookie);
  assert.deepEqual(rows(second.body), Array.from({ length: 10 }, (_, i) => `e${50 + i}`));
  assert.doesNotMatch(second.body, /rel="next"/);
  assert.match(second.body, /← Newest/);

  const errors = await html(
    t,
    `/events?project=${t.projectId}&window=15m&status=error&model=claude-sonnet-4`,
    cookie,
  );
  assert.deepEqual(rows(errors.body), ["e00", "e10", "e20", "e30", "e40", "e50"]);
  assert.match(errors.body, /Status: error/);
  const bucket = await html(
    t,
    `/events?project=${t.projectId}&from=${new Date(NOW - 65_000).toISOString()}&to=${
      new Date(NOW - 60_000).toISOString()
    }`,
    cookie,
  );
  assert.deepEqual(rows(bucket.body), ["e01", "e02", "e03", "e04", "e05"]);
});

Deno.test("GET /events/:id shows one event in full, with links to its neighbours", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  await t.monitor.deps.store.insertEvents([
    storedEvent({
      project_id: t.projectId,
      id: "evt-1",
      ts: NOW - 60_000,
      status: "error",
      status_code: 429,
      error_type: "rate_limit_error",
      error_message: "Rate limit reached",
      user_id: "u-7",
      endpoint: "chat",
      input_tokens: 1200,
      output_tokens: 30,
      latency_ms: 2500,
      time_to_first_token_ms: 500,
      cost_usd: 0.0123,
      metadata: { region: "eu-west-1", attempt: 2 },
      input: "What is the p95?",
      output: "About 2 s.",
    }),
  ]);
  const cookie = await signIn(t);
  const r = await html(t, `/events/evt-1?project=${t.projectId}&window=1h`, cookie);
  assert.equal(r.status, 200);
  assert.match(r.body, /<h1>gpt-4o<\/h1>\s*<span class="badge error">error<\/span>/);
  // en-US (no Accept-Language): the locale's 12-hour clock.
  assert.match(r.body, /Nov 23, 2026, 11:59:00\sAM UTC/);
  assert.match(r.body, /<b>rate_limit_error<\/b> · HTTP 429/);
  assert.match(r.body, /Rate limit reached/);
  assert.match(r.body, /<dt>Latency<\/dt>\s*<dd>2\.5 s<\/dd>/);
  assert.match(r.body, /<dt>Input tokens<\/dt>\s*<dd>1,200<\/dd>/);
  assert.match(r.body, /<dt>Output speed<\/dt>\s*<dd>15 tokens\/s<\/dd>/);
  assert.match(r.body, /<dt>Cost<\/dt>\s*<dd>\$0\.0123<\/dd>/);
  assert.match(r.body, /<dt>region<\/dt><dd class="mono">eu-west-1<\/dd>/);
  assert.match(r.body, /<pre class="content">What is the p95\?<\/pre>/);
  assert.match(r.body, /<pre class="content">About 2 s\.<\/pre>/);
  assert.match(
    r.body,
    new RegExp(`href="/events\\?project=${t.projectId}&amp;user_id=u-7">u-7</a>`),
  );
  assert.match(r.body, /<a class="back" href="\/events\?project=[^"]+"/);

  const missing = await html(t, `/events/nope?project=${t.projectId}`, cookie);
  assert.equal(missing.status, 404);
  assert.match(missing.body, /event &quot;nope&quot; is not stored \(yet\)/);
});
