// Strict query parameters on the read API: a tampered cursor, a time that is not RFC 3339 and a
// limit that is not plain decimal digits are each a 400 naming the parameter, never a 500 and
// never quietly accepted.
import assert from "node:assert/strict";
import { encodeCursor } from "../lib/metrics/cursor.ts";
import { ADMIN_TOKEN, startTestMonitor, storedEvent, type TestMonitor } from "./_fixtures.ts";

const NOW = Date.parse("2026-12-04T12:00:00.000Z");
const CURSOR_INVALID = { error: "cursor: invalid, start again from the first page" };

function base64url(text: string): string {
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function read(t: TestMonitor, path: string): Promise<Response> {
  const separator = path.includes("?") ? "&" : "?";
  return await t.app.request(`${path}${separator}project=${t.projectId}`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
}

async function assertBadRequest(t: TestMonitor, path: string, body: unknown): Promise<void> {
  const response = await read(t, path);
  assert.equal(response.status, 400, path);
  assert.equal(response.headers.get("content-type"), "application/json", path);
  assert.deepEqual(await response.json(), body, path);
}

Deno.test("GET /api/events answers 400 for a tampered cursor, whatever it decodes to", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  const tampered = [
    "garbage!",
    "%FF",
    "a",
    base64url("[1,"),
    base64url('{"ts":1,"id":"x"}'),
    base64url('[1e400,"x"]'),
    base64url('[-100000000000000000000,"x"]'),
    base64url('[253402300800000,"x"]'),
    base64url('["1764849600000","x"]'),
    base64url("[1764849600000,7]"),
    base64url('[1764849600000,""]'),
    base64url('[1764849600000,"a\\u0000b"]'),
    base64url(`[1764849600000,"${"x".repeat(300)}"]`),
    base64url('[1764849600000,"x",3]'),
    btoa('[1764849600000,"x?>"]'),
    "A".repeat(2_000),
  ];
  for (const cursor of tampered) {
    await assertBadRequest(
      t,
      `/api/events?cursor=${encodeURIComponent(cursor)}`,
      CURSOR_INVALID,
    );
  }
});

Deno.test("GET /api/events pages on with a cursor it made", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  await t.monitor.deps.store.insertEvents([
    storedEvent({ project_id: t.projectId, id: "ev-1", ts: NOW - 2_000 }),
    storedEvent({ project_id: t.projectId, id: "ev-2", ts: NOW - 1_000 }),
  ]);
  const cursor = encodeCursor([NOW - 1_000, "ev-2"]);
  const response = await read(t, `/api/events?window=5m&cursor=${cursor}`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "application/json");
  const body = await response.json();
  assert.deepEqual(body.events.map((e: { id: string }) => e.id), ["ev-1"]);
  assert.equal(body.next_cursor, null);
});

Deno.test("from and to must be strict RFC 3339 date-times, on every read that takes them", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  const cases: Array<[string, string]> = [
    ["from=1", "from: must be an RFC 3339 time"],
    ["from=Dec%204%202026", "from: must be an RFC 3339 time"],
    ["from=2026-12-04", "from: must be an RFC 3339 time"],
    ["from=2026-12-04T10:00:00", "from: must be an RFC 3339 time"],
    ["from=2026-12-04T10:00Z", "from: must be an RFC 3339 time"],
    ["from=2026-12-04%2010:00:00Z", "from: must be an RFC 3339 time"],
    ["from=2026-12-04T10:00:00%2B0100", "from: must be an RFC 3339 time"],
    ["from=2026-02-30T10:00:00Z", "from: must be an RFC 3339 time"],
    ["from=2026-12-04T24:00:00Z", "from: must be an RFC 3339 time"],
    ["from=2026-12-04T10:00:00%2B24:00", "from: must be an RFC 3339 time"],
    ["from=%202026-12-04T10:00:00Z", "from: must be an RFC 3339 time"],
    ["from=2026-12-04T10:00:00Z&to=1764849600000", "to: must be an RFC 3339 time"],
    ["from=2026-12-04T10:00:00Z&to=tomorrow", "to: must be an RFC 3339 time"],
    ["from=0001-01-01T00:00:00Z&to=0001-02-01T00:00:00Z", "from: must not be before 1970"],
    ["from=9999-12-31T00:00:00Z&to=9999-12-31T23:00:00-05:00", "to: must be before year 10000"],
  ];
  const paths = [
    "/api/metrics/current",
    "/api/metrics/history?metric=requests",
    "/api/metrics/breakdown",
    "/api/stream",
    "/api/events",
    "/api/costs/unpriced",
  ];
  for (const path of paths) {
    for (const [query, error] of cases) {
      await assertBadRequest(t, `${path}${path.includes("?") ? "&" : "?"}${query}`, { error });
    }
  }
});

Deno.test("from and to take every RFC 3339 form: offsets, fractions, lower-case t and z", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  const response = await read(
    t,
    "/api/metrics/history?metric=requests&step=1h" +
      "&from=2026-12-04T10:00:00.123456%2B01:00&to=2026-12-04t11:00:00z",
  );
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.deepEqual(await response.json(), {
    metric: "requests",
    step: "1h",
    series: [{
      key: "all",
      points: [[Date.parse("2026-12-04T09:00:00Z"), 0], [
        Date.parse("2026-12-04T10:00:00Z"),
        0,
      ]],
    }],
  });
});

Deno.test("limit must be plain decimal digits from 1 to 1000", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  const error = { error: "limit: must be a whole number from 1 to 1000" };
  for (const path of ["/api/events", "/api/metrics/breakdown"]) {
    for (const limit of ["0x10", "1e2", "%2010", "10%20", "10.0", "%2B5", "-1", "0", "1001", ""]) {
      await assertBadRequest(t, `${path}?limit=${limit}`, error);
    }
  }
  const padded = await read(t, "/api/metrics/breakdown?limit=0010");
  assert.equal(padded.status, 200);
  assert.equal(padded.headers.get("content-type"), "application/json");
  assert.deepEqual(await padded.json(), { by: "model", sort: "cost_usd", rows: [] });
});

Deno.test("step must be at most 400d", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  await assertBadRequest(t, "/api/metrics/history?metric=requests&step=100000000000d", {
    error: "step: must be at most 400d",
  });
  await assertBadRequest(t, "/api/metrics/history?metric=requests&step=99999999999999999999m", {
    error: "step: must be at most 400d",
  });
});
