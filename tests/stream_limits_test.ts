// Bounded live streams: caps on streams and distinct views per credential and in total (429 with
// Retry-After naming the cap, before the stream opens), slots freed when streams close, identical
// views shared across credentials, and a tick that computes within its time budget, least
// recently computed views first, until every view is updated.
import assert from "node:assert/strict";
import { buildCurrent } from "../lib/metrics/live_metrics.ts";
import { silentLogger } from "../lib/log.ts";
import type { MetricsQuery } from "../lib/metrics/query.ts";
import { StreamHub } from "../lib/metrics/stream_hub.ts";
import {
  ADMIN_TOKEN,
  sessionCookie,
  startTestMonitor,
  type TestMonitor,
  waitFor,
} from "./_fixtures.ts";
import { serveLocal } from "./_server.ts";
import { connectSse, type SseClient } from "./_sse.ts";

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

async function widgetToken(t: TestMonitor): Promise<{ id: string; token: string }> {
  const response = await t.admin("POST", "/api/widget-tokens", { project: t.projectId });
  assert.equal(response.status, 201);
  return await response.json();
}

/** Opens streams and closes them all on dispose. */
function streams() {
  const open: SseClient[] = [];
  return {
    async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
      const stream = await connectSse(url, headers);
      open.push(stream);
      return stream;
    },
    [Symbol.asyncDispose]: () => Promise.all(open.map((s) => s.close())).then(() => {}),
  };
}

/** A stream that must be refused: its status, Retry-After and body. */
async function refused(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers: { accept: "text/event-stream", ...headers } });
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    retryAfter: response.headers.get("retry-after"),
    body: await response.json(),
  };
}

Deno.test("GET /api/stream refuses a widget token's view past STREAM_MAX_VIEWS_PER_CREDENTIAL with 429 until one closes", async () => {
  await using t = await startTestMonitor({ env: { STREAM_MAX_VIEWS_PER_CREDENTIAL: "3" } });
  await using server = serveLocal(t.app.fetch);
  await using s = streams();
  const first = await widgetToken(t);
  const other = await widgetToken(t);
  const url = (token: string, model: string) =>
    `${server.url}/api/stream?window=5m&model=${model}&token=${token}`;

  const views: SseClient[] = [];
  for (const model of ["m1", "m2", "m3"]) {
    const stream = await s.open(url(first.token, model));
    assert.equal(stream.status, 200);
    assert.equal((await stream.next()).event, "metrics");
    views.push(stream);
  }
  assert.deepEqual(await refused(url(first.token, "m4")), {
    status: 429,
    contentType: "application/json",
    retryAfter: "30",
    body: {
      error: "too many distinct stream views (window, filters, compare) for this credential: " +
        "the limit is 3 (STREAM_MAX_VIEWS_PER_CREDENTIAL); close a stream or retry later",
      cap: "STREAM_MAX_VIEWS_PER_CREDENTIAL",
      limit: 3,
    },
  });
  // Another viewer of a view the token already watches adds a stream, not a view.
  const again = await s.open(url(first.token, "m1"));
  assert.equal(again.status, 200);
  assert.equal((await again.next()).event, "metrics");
  // Another credential is not held back by the first one's cap.
  const elsewhere = await s.open(url(other.token, "m4"));
  assert.equal(elsewhere.status, 200);
  assert.equal((await elsewhere.next()).event, "metrics");
  assert.deepEqual(t.monitor.deps.hub.usage(`widget:${first.id}`), { streams: 4, views: 3 });

  await views[1]!.close();
  await waitFor(
    () => t.monitor.deps.hub.usage(`widget:${first.id}`).views === 2,
    "the closed view to free its slot",
  );
  const freed = await s.open(url(first.token, "m4"));
  assert.equal(freed.status, 200);
  assert.equal((await freed.next()).event, "metrics");
});

Deno.test("GET /api/stream counts streams per credential: admin token, read key and session apart", async () => {
  await using t = await startTestMonitor({ env: { STREAM_MAX_STREAMS_PER_CREDENTIAL: "2" } });
  await using server = serveLocal(t.app.fetch);
  await using s = streams();
  const url = `${server.url}/api/stream?project=${t.projectId}&window=5m`;
  for (let i = 0; i < 2; i++) assert.equal((await s.open(url, admin)).status, 200);
  const over = await refused(url, admin);
  assert.equal(over.status, 429);
  assert.equal(over.retryAfter, "30");
  assert.deepEqual(over.body, {
    error: "too many open streams for this credential: the limit is 2 " +
      "(STREAM_MAX_STREAMS_PER_CREDENTIAL); close a stream or retry later",
    cap: "STREAM_MAX_STREAMS_PER_CREDENTIAL",
    limit: 2,
  });

  const { secret } = await t.monitor.deps.auth.createKey(t.projectId, "read");
  const byKey = await s.open(`${server.url}/api/stream?window=5m`, {
    authorization: `Bearer ${secret}`,
  });
  assert.equal(byKey.status, 200);

  const cookie = await sessionCookie((path, init) => fetch(`${server.url}${path}`, init));
  const bySession = await s.open(url, { cookie });
  assert.equal(bySession.status, 200, "a session is its own credential, not the admin token's");
  assert.equal((await bySession.next()).event, "metrics");
});

Deno.test("GET /api/stream caps streams and views per instance; a view already watched is shared", async () => {
  await using t = await startTestMonitor({
    env: { STREAM_MAX_STREAMS: "3", STREAM_MAX_VIEWS: "2" },
  });
  await using server = serveLocal(t.app.fetch);
  await using s = streams();
  const a = await widgetToken(t);
  const b = await widgetToken(t);
  const url = (token: string, filters: string) =>
    `${server.url}/api/stream?window=1h&${filters}&token=${token}`;

  // The same view, its filters in another order and repeated: one computation for both readers.
  assert.equal((await s.open(url(a.token, "model=x,y"))).status, 200);
  assert.equal((await s.open(url(b.token, "model=y&model=x&model=y"))).status, 200);
  assert.equal(t.monitor.deps.hub.size.topics, 1);
  assert.equal((await s.open(url(b.token, "model=z"))).status, 200);
  assert.deepEqual(t.monitor.deps.hub.size, { topics: 2, subscribers: 3 });

  const views = await refused(url(a.token, "model=w"));
  assert.equal(views.status, 429);
  assert.equal(views.body.cap, "STREAM_MAX_STREAMS");
  assert.deepEqual(t.monitor.deps.hub.usage(), { streams: 3, views: 2 });
});

Deno.test("GET /api/stream refuses a new view past STREAM_MAX_VIEWS but opens a watched one", async () => {
  await using t = await startTestMonitor({ env: { STREAM_MAX_VIEWS: "1" } });
  await using server = serveLocal(t.app.fetch);
  await using s = streams();
  const url = (filters: string) =>
    `${server.url}/api/stream?project=${t.projectId}&window=1h&${filters}`;
  assert.equal((await s.open(url("model=x"), admin)).status, 200);
  const over = await refused(url("model=y"), admin);
  assert.equal(over.status, 429);
  assert.deepEqual(over.body, {
    error: "too many distinct stream views on this server: the limit is 1 (STREAM_MAX_VIEWS); " +
      "close a stream or retry later",
    cap: "STREAM_MAX_VIEWS",
    limit: 1,
  });
  const { token } = await widgetToken(t);
  const shared = await s.open(`${server.url}/api/stream?window=1h&model=x&token=${token}`);
  assert.equal(shared.status, 200);
  assert.equal((await shared.next()).event, "metrics");
});

Deno.test("StreamHub.tick() computes within its budget, least recently computed first, until every view is updated", async () => {
  await using t = await startTestMonitor();
  const COST_MS = 10;
  let clock = 0;
  const computed: string[] = [];
  let version = 0;
  const hub = new StreamHub(t.monitor.deps, silentLogger, {
    // A long tick so that only the test ticks; a budget that fits four 10 ms views.
    tickMs: 3_600_000,
    budgetMs: 35,
    clock: () => clock,
    compute: (_deps, q: MetricsQuery) => {
      clock += COST_MS;
      computed.push(q.filters.model![0]!);
      return Promise.resolve({ ...buildCurrent([], q), requests: ++version });
    },
  });
  const models = Array.from({ length: 10 }, (_, i) => `m${i}`);
  const received = new Map<string, number>();
  const unsubscribe = models.map((model) =>
    hub.subscribe(
      { projectId: t.projectId, window: "5m", filters: { model: [model] } },
      `widget:${model === "m0" ? "light" : "heavy"}`,
      () => received.set(model, (received.get(model) ?? 0) + 1),
    )
  );
  await waitFor(() => received.size === 10, "every view's first numbers");
  assert.deepEqual(computed, models, "each new view is computed once, at once");
  computed.length = 0;

  await hub.tick();
  assert.deepEqual(hub.lastTick, { views: 10, computed: 4, elapsed_ms: 40 });
  assert.deepEqual(computed, ["m0", "m1", "m2", "m3"]);
  await hub.tick();
  assert.deepEqual(computed.slice(4), ["m4", "m5", "m6", "m7"]);
  await hub.tick();
  assert.deepEqual(computed.slice(8), ["m8", "m9", "m0", "m1"], "the views not reached go first");
  for (const model of models) {
    assert.equal(received.get(model), model < "m2" ? 3 : 2, `${model} updated`);
  }

  // A view nobody watches is dropped: the next tick does not compute it.
  unsubscribe.slice(0, 9).forEach((stop) => stop());
  await hub.tick();
  assert.deepEqual(computed.slice(12), ["m9"]);
  assert.deepEqual(hub.size, { topics: 1, subscribers: 1 });
  unsubscribe[9]!();
  assert.deepEqual(hub.size, { topics: 0, subscribers: 0 });
});

Deno.test("StreamHub.tick() computes at least one view when a single view exceeds the budget", async () => {
  await using t = await startTestMonitor();
  let clock = 0;
  let computations = 0;
  const hub = new StreamHub(t.monitor.deps, silentLogger, {
    tickMs: 3_600_000,
    budgetMs: 5,
    clock: () => clock,
    compute: (_deps, q: MetricsQuery) => {
      clock += 50;
      computations++;
      return Promise.resolve({ ...buildCurrent([], q), requests: computations });
    },
  });
  const stops = ["a", "b"].map((model) =>
    hub.subscribe(
      { projectId: t.projectId, window: "5m", filters: { model: [model] } },
      "x",
      () => {},
    )
  );
  await waitFor(() => computations === 2, "the first numbers");
  await hub.tick();
  assert.equal(hub.lastTick.computed, 1);
  await hub.tick();
  assert.equal(hub.lastTick.computed, 1);
  assert.equal(computations, 4, "both views progressed");
  stops.forEach((stop) => stop());
});
