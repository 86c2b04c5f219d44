// The events list as people read it (issue 16): dates on ranges past a day, "—" for what was not
// reported, tiny costs with their significant digits, one count format per column, a CSV without
// float noise, and a header that follows the live rows in a real Chromium.
import assert from "node:assert/strict";
import { chromiumMissing, startDashboard } from "./_browser.ts";
import {
  event,
  sessionCookie,
  startTestMonitor,
  storedEvent,
  type TestMonitor,
} from "./_fixtures.ts";

const NOW = Date.parse("2026-11-23T12:00:00Z");
const DEADLINE_MS = 30_000;
/** A float sum with noise: 0.000051000000000000006. */
const NOISY_COST = 0.00002 + 0.000031;

function signIn(t: TestMonitor): Promise<string> {
  return sessionCookie((path, init) => t.app.request(path, init));
}

async function eventsFixture(): Promise<TestMonitor & { cookie: string }> {
  const t = await startTestMonitor({ now: () => NOW });
  await t.monitor.deps.store.insertEvents([
    storedEvent({
      project_id: t.projectId,
      id: "old",
      ts: NOW - 3 * 86_400_000,
      time_to_first_token_ms: null,
      cost_usd: NOISY_COST,
      input_tokens: 2000,
      output_tokens: 765,
    }),
    storedEvent({
      project_id: t.projectId,
      id: "new",
      ts: NOW - 60_000,
      time_to_first_token_ms: 420,
      cost_usd: null,
      cost_source: null,
    }),
  ]);
  return Object.assign(t, { cookie: await signIn(t) });
}

async function page(t: TestMonitor & { cookie: string }, path: string, locale = "en-US") {
  const response = await t.app.request(path, {
    headers: { cookie: t.cookie, "accept-language": locale },
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "text/html; charset=utf-8");
  return await response.text();
}

/** The text of one row's cells, tags stripped. */
function cells(body: string, id: string): string[] {
  const row = new RegExp(`<tr[^>]*data-event="${id}"[^>]*>(.*?)</tr>`).exec(body)?.[1];
  assert.ok(row, `a row for ${id}`);
  return [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, " "));
}

Deno.test("GET /events over 30d dates each row in the reader's locale; within a day, times only", async () => {
  await using t = await eventsFixture();
  const us = await page(t, `/events?project=${t.projectId}&window=30d`);
  assert.equal(cells(us, "old")[0]!.trim(), "Nov 20, 12:00:00 PM");
  assert.equal(cells(us, "new")[0]!.trim(), "Nov 23, 11:59:00 AM");
  const gb = await page(t, `/events?project=${t.projectId}&window=30d`, "en-GB");
  assert.equal(cells(gb, "old")[0]!.trim(), "20 Nov, 12:00:00");
  const hour = await page(t, `/events?project=${t.projectId}&window=1h`, "en-GB");
  assert.equal(cells(hour, "new")[0]!.trim(), "11:59:00");
});

Deno.test("GET /events shows TTFT — where it was not reported, and the value where it was", async () => {
  await using t = await eventsFixture();
  const body = await page(t, `/events?project=${t.projectId}&window=30d`);
  assert.match(cells(body, "old")[5]!, /^800 ms\s+TTFT —\s*$/);
  assert.match(cells(body, "new")[5]!, /^800 ms\s+TTFT 420 ms\s*$/);
});

Deno.test("GET /events shows a tiny cost with its significant digits and — when unpriced", async () => {
  await using t = await eventsFixture();
  const body = await page(t, `/events?project=${t.projectId}&window=30d`);
  assert.equal(cells(body, "old")[7]!.trim(), "$0.000051");
  assert.equal(cells(body, "new")[7]!.trim(), "—");
  // One count format per column: no "2K" beside "765".
  assert.equal(cells(body, "old")[6], "2,000 → 765");
  assert.match(body, /<h2 id="events-title">2 events<\/h2>/);
});

Deno.test("GET /api/events?format=csv rounds float noise off costs", async () => {
  await using t = await eventsFixture();
  const response = await t.app.request(
    `/api/events?project=${t.projectId}&window=30d&format=csv`,
    { headers: { cookie: t.cookie } },
  );
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /^text\/csv/);
  const lines = (await response.text()).split("\r\n");
  assert.equal(
    lines.find((l) => l.startsWith("old,")),
    "old,2026-11-20T12:00:00.000Z,gpt-4o,openai,success,default,,,,,2000,765,,,800,,0.000051,reported,200,,,",
  );
  assert.equal(
    lines.find((l) => l.startsWith("new,")),
    "new,2026-11-23T11:59:00.000Z,gpt-4o,openai,success,default,,,,,100,50,,,800,420,,,200,,,",
  );
});

Deno.test({
  name: "the Events header count follows a new live row (Chromium)",
  ignore: chromiumMissing,
  async fn() {
    await using d = await startDashboard();
    await d.t.monitor.deps.store.insertEvents([
      storedEvent({ project_id: d.t.projectId, id: "first", ts: Date.now() - 60_000 }),
    ]);
    // Accepted events reach the database (and the list) through the flusher.
    d.t.monitor.deps.flusher.start();
    const { page, errors } = await d.open();
    await page.goto(d.at("/events?window=15m"));
    await page.locator('[data-live="live"]').waitFor({ timeout: DEADLINE_MS });
    assert.equal(await page.locator("#events-title").textContent(), "1 events");
    await d.ingest([event({ id: "second" })]);
    await page.locator('tr[data-event="second"]').waitFor({ timeout: DEADLINE_MS });
    await page.waitForFunction(
      () => document.querySelector("#events-title")?.textContent === "2 events",
      undefined,
      { timeout: DEADLINE_MS },
    );
    assert.equal(await page.locator("tr[data-event]").count(), 2);
    assert.deepEqual(errors, []);
  },
});
