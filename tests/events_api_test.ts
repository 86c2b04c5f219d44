// GET /api/events: the raw events behind a number, filtered, newest first, paginated, and as CSV.
import assert from "node:assert/strict";
import { ADMIN_TOKEN, startTestMonitor, storedEvent, type TestMonitor } from "./_fixtures.ts";

const NOW = Date.parse("2026-11-23T12:00:00Z");
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

async function seed(t: TestMonitor) {
  const events = Array.from({ length: 25 }, (_, i) =>
    storedEvent({
      project_id: t.projectId,
      id: `e${String(i).padStart(2, "0")}`,
      // Two events share each timestamp, so the cursor must order by id too.
      ts: NOW - 60_000 - Math.floor(i / 2) * 1000,
      model: i % 2 ? "gpt-4o" : "claude-sonnet-4",
      status: i % 5 === 0 ? "error" : "success",
      error_message: i % 5 === 0 ? 'upstream said "no", then, =cmd' : null,
      error_type: i === 20 ? '=HYPERLINK("http://evil")' : null,
      metadata: { team: "search", attempt: i },
    }));
  await t.monitor.deps.store.insertEvents(events);
  return events;
}

Deno.test("GET /api/events pages newest first through every matching event exactly once", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  const events = await seed(t);
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const path: string = `/api/events?project=${t.projectId}&limit=4${
      cursor ? `&cursor=${cursor}` : ""
    }`;
    const response = await t.app.request(path, { headers: auth });
    assert.equal(response.status, 200);
    const body = await response.json() as {
      events: Array<{ id: string; timestamp: string }>;
      next_cursor: string | null;
    };
    seen.push(...body.events.map((e) => e.id));
    cursor = body.next_cursor;
    pages++;
  } while (cursor);
  assert.equal(pages, 7);
  const expected = [...events].sort((a, b) => b.ts - a.ts || b.id.localeCompare(a.id)).map((e) =>
    e.id
  );
  assert.deepEqual(seen, expected);
});

Deno.test("GET /api/events filters like the metrics and shows one event in full", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  await seed(t);
  const response = await t.app.request(
    `/api/events?project=${t.projectId}&model=gpt-4o&status=error`,
    {
      headers: auth,
    },
  );
  const body = await response.json() as { events: Array<Record<string, unknown>> };
  assert.deepEqual(body.events.map((e) => e.id), ["e05", "e15"]);
  const one = await t.app.request(`/api/events/e05?project=${t.projectId}`, { headers: auth });
  assert.equal(one.status, 200);
  const event = await one.json();
  assert.equal(event.timestamp, new Date(NOW - 60_000 - 2000).toISOString());
  assert.deepEqual(event.metadata, { team: "search", attempt: 5 });
  assert.equal(event.error_message, 'upstream said "no", then, =cmd');
  const missing = await t.app.request(`/api/events/nope?project=${t.projectId}`, { headers: auth });
  assert.equal(missing.status, 404);
  assert.deepEqual(await missing.json(), { error: 'event "nope" does not exist' });
});

Deno.test("GET /api/events exports CSV, quoted and safe to open in a spreadsheet", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  await seed(t);
  const response = await t.app.request(`/api/events?project=${t.projectId}&status=error`, {
    headers: { ...auth, accept: "text/csv" },
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "text/csv; charset=utf-8");
  assert.match(
    response.headers.get("content-disposition")!,
    /^attachment; filename="llm-events-.*\.csv"$/,
  );
  const lines = (await response.text()).trimEnd().split("\r\n");
  assert.equal(lines.length, 6);
  assert.match(lines[0]!, /^id,timestamp,model,provider,status,endpoint,/);
  const e20 = lines.find((l) => l.startsWith("e20,"))!;
  assert.ok(e20.includes(`,"upstream said ""no"", then, =cmd",`), e20);
  assert.ok(e20.includes(`,"'=HYPERLINK(""http://evil"")",`), "a leading = is neutralised");
  assert.ok(e20.endsWith(`"{""team"":""search"",""attempt"":20}"`), e20);
  const viaParam = await t.app.request(`/api/events?project=${t.projectId}&format=csv&model=none`, {
    headers: auth,
  });
  assert.equal((await viaParam.text()).split("\r\n").filter(Boolean).length, 1, "header only");
});

Deno.test("GET /api/events answers 400 for a bad cursor or limit", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  const cursor = await t.app.request("/api/events?cursor=garbage", { headers: auth });
  assert.equal(cursor.status, 400);
  assert.deepEqual(await cursor.json(), {
    error: "cursor: invalid, start again from the first page",
  });
  const limit = await t.app.request("/api/events?limit=5000", { headers: auth });
  assert.equal(limit.status, 400);
  assert.deepEqual(await limit.json(), { error: "limit: must be a whole number from 1 to 1000" });
});
