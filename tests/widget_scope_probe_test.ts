// A widget token narrowed to some metrics learns nothing else by probing: grouping and filters
// only by the dimensions its metrics (or its own filters) imply, user_id only within its own
// user_id filter, no other project's name. The widgets' own requests still work.
import assert from "node:assert/strict";
import { ADMIN_TOKEN, startTestMonitor, type TestMonitor } from "./_fixtures.ts";

const NOW = Date.parse("2026-12-04T12:00:00.000Z");
const FROM = "2026-12-04T11:00:00.000Z";
const TO = "2026-12-04T12:00:00.000Z";

async function start(): Promise<TestMonitor> {
  const t = await startTestMonitor({ now: () => NOW });
  const at = (s: number) => NOW - s * 1000;
  const posted = await t.post([
    {
      model: "gpt-4o",
      provider: "openai",
      endpoint: "chat",
      user_id: "u-1",
      cost_usd: 0.5,
      timestamp: at(60),
    },
    {
      model: "gpt-4o",
      provider: "openai",
      endpoint: "search",
      user_id: "u-2",
      cost_usd: 1,
      timestamp: at(50),
    },
    {
      model: "gpt-4o",
      provider: "openai",
      endpoint: "admin-export",
      status: "error",
      cost_usd: 2,
      timestamp: at(40),
    },
    {
      model: "claude-sonnet-4",
      provider: "anthropic",
      endpoint: "chat",
      user_id: "u-1",
      cost_usd: 4,
      timestamp: at(30),
    },
  ]);
  assert.equal(posted.status, 202);
  await posted.body?.cancel();
  return t;
}

async function widgetToken(t: TestMonitor, body: Record<string, unknown>): Promise<string> {
  const response = await t.admin("POST", "/api/widget-tokens", { project: t.projectId, ...body });
  assert.equal(response.status, 201);
  return (await response.json()).token;
}

function get(t: TestMonitor, path: string, token: string): Promise<Response> {
  return Promise.resolve(t.app.request(`${path}${path.includes("?") ? "&" : "?"}token=${token}`));
}

async function assertJson(response: Response, status: number, body: unknown, what: string) {
  assert.equal(response.status, status, what);
  assert.equal(response.headers.get("content-type"), "application/json", what);
  assert.deepEqual(await response.json(), body, what);
}

const STATUS =
  "that needs errors, error_rate or timeout_rate in its metrics, or its own status filter";
const MODEL = "that needs active_models in its metrics, or its own model filter";
const PROVIDER = "that needs active_models in its metrics, or its own provider filter";
const ENDPOINT = "that needs top_endpoints in its metrics, or its own endpoint filter";
const APPLICATION = "that needs its own application filter";
const USER = "that needs its own user_id filter";

Deno.test("a cost_per_hour widget token cannot learn error rates, models, endpoints, applications or users", async () => {
  await using t = await start();
  const token = await widgetToken(t, { metrics: ["cost_per_hour"] });
  const history = "/api/metrics/history?metric=cost_per_hour&window=1h";
  const probes: Array<[string, string]> = [
    [`${history}&group_by=status`, `group_by: this widget token cannot group by status; ${STATUS}`],
    [`${history}&group_by=model`, `group_by: this widget token cannot group by model; ${MODEL}`],
    [
      `${history}&group_by=provider`,
      `group_by: this widget token cannot group by provider; ${PROVIDER}`,
    ],
    [
      `${history}&group_by=endpoint`,
      `group_by: this widget token cannot group by endpoint; ${ENDPOINT}`,
    ],
    [
      `${history}&group_by=application`,
      `group_by: this widget token cannot group by application; ${APPLICATION}`,
    ],
    [`${history}&group_by=user_id`, `group_by: this widget token cannot group by user_id; ${USER}`],
    [`${history}&status=error`, `status: this widget token cannot filter by status; ${STATUS}`],
    [
      `${history}&endpoint=admin-export`,
      `endpoint: this widget token cannot filter by endpoint; ${ENDPOINT}`,
    ],
    [
      "/api/metrics/current?status=error",
      `status: this widget token cannot filter by status; ${STATUS}`,
    ],
    [
      "/api/metrics/current?status=success",
      `status: this widget token cannot filter by status; ${STATUS}`,
    ],
    [
      "/api/metrics/current?model=gpt-4o",
      `model: this widget token cannot filter by model; ${MODEL}`,
    ],
    [
      "/api/metrics/current?provider=openai",
      `provider: this widget token cannot filter by provider; ${PROVIDER}`,
    ],
    [
      "/api/metrics/current?endpoint=admin-export",
      `endpoint: this widget token cannot filter by endpoint; ${ENDPOINT}`,
    ],
    [
      "/api/metrics/current?application=billing",
      `application: this widget token cannot filter by application; ${APPLICATION}`,
    ],
    [
      "/api/metrics/current?user_id=u-1",
      `user_id: this widget token cannot filter by user_id; ${USER}`,
    ],
    ["/api/stream?status=error", `status: this widget token cannot filter by status; ${STATUS}`],
    [
      "/api/stream?endpoint=admin-export",
      `endpoint: this widget token cannot filter by endpoint; ${ENDPOINT}`,
    ],
    ["/api/stream?user_id=u-1", `user_id: this widget token cannot filter by user_id; ${USER}`],
    ["/api/metrics/current?project=no-such-project", "this token reads another project"],
    ["/api/metrics/current?project=default", "this token reads another project"],
  ];
  for (const [path, error] of probes) {
    await assertJson(await get(t, path, token), 403, { error }, path);
  }
  const reader = "a widget token reads only /api/metrics/current, /api/metrics/history, " +
    "/api/stream and /api/budgets/:id";
  for (
    const path of ["/api/events?user_id=u-1", "/api/events?status=error", "/api/costs/unpriced"]
  ) {
    await assertJson(await get(t, path, token), 403, { error: reader }, path);
  }
  await assertJson(
    await get(t, "/api/metrics/breakdown?by=user_id", token),
    403,
    { error: "a widget token cannot read /api/metrics/breakdown" },
    "breakdown",
  );
  await assertJson(
    await get(t, "/api/metrics/current?window=1h", token),
    200,
    { window: "1h", from: FROM, to: TO, cost_per_hour: 7.5 },
    "its own number: no tables, no other metric",
  );
});

Deno.test("a widget token may break numbers down where its metrics or its own filters imply it", async () => {
  await using t = await start();
  const errors = await widgetToken(t, { metrics: ["requests", "error_rate"] });
  const byStatus = await get(
    t,
    "/api/metrics/history?metric=requests&from=2026-12-04T11:00:00Z&to=2026-12-04T12:00:00Z&step=1h&group_by=status",
    errors,
  );
  assert.equal(byStatus.status, 200);
  assert.equal(byStatus.headers.get("content-type"), "application/json");
  const statusBody = await byStatus.json();
  statusBody.series.sort((a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key));
  assert.deepEqual(statusBody, {
    metric: "requests",
    step: "1h",
    series: [
      { key: "error", points: [[Date.parse(FROM), 1]] },
      { key: "success", points: [[Date.parse(FROM), 3]] },
    ],
  }, "error_rate implies status");
  await assertJson(
    await get(t, "/api/metrics/current?window=1h&status=error", errors),
    200,
    { window: "1h", from: FROM, to: TO, requests: 1, error_rate: 1 },
    "and a status filter",
  );

  const endpoints = await widgetToken(t, { metrics: ["cost_usd", "top_endpoints"] });
  const chat = await get(t, "/api/metrics/current?window=1h&endpoint=chat", endpoints);
  assert.equal(chat.status, 200);
  assert.equal(chat.headers.get("content-type"), "application/json");
  const chatBody = await chat.json();
  assert.equal(chatBody.cost_usd, 4.5);
  assert.deepEqual(chatBody.top_endpoints.map((e: { endpoint: string }) => e.endpoint), ["chat"]);

  const mine = await widgetToken(t, {
    metrics: ["cost_usd"],
    filters: { user_id: ["u-1", "u-2"] },
  });
  await assertJson(
    await get(t, "/api/metrics/current?window=1h&user_id=u-2", mine),
    200,
    { window: "1h", from: FROM, to: TO, cost_usd: 1 },
    "narrowed within its own user_id filter",
  );
  await assertJson(
    await get(t, "/api/metrics/current?window=1h&user_id=u-3", mine),
    403,
    { error: "user_id: this widget token reads user_id u-1, u-2 only" },
    "never widened",
  );

  const every = await widgetToken(t, {});
  const everyStatus = await get(t, "/api/metrics/history?metric=requests&group_by=status", every);
  assert.equal(everyStatus.status, 200, "a token with every metric groups by status");
  await everyStatus.body?.cancel();
  await assertJson(
    await get(t, "/api/metrics/current?user_id=u-1", every),
    403,
    { error: `user_id: this widget token cannot filter by user_id; ${USER}` },
    "but never probes users",
  );
});

Deno.test("the widgets' own requests work with a token made for them", async () => {
  await using t = await start();
  // README: <llm-metric-card metric="cost_per_hour" window="24h" model="gpt-4o" token="wt_…">
  const card = await widgetToken(t, {
    metrics: ["cost_per_hour", "requests"],
    filters: { model: "gpt-4o" },
  });
  await assertJson(
    await get(t, "/api/metrics/current?window=1h&model=gpt-4o", card),
    200,
    { window: "1h", from: FROM, to: TO, requests: 3, cost_per_hour: 3.5 },
    "the card's probe",
  );
  const sparkline = await get(
    t,
    "/api/metrics/history?window=1h&model=gpt-4o&metric=cost_per_hour&step=1h",
    card,
  );
  assert.equal(sparkline.status, 200);
  assert.equal(sparkline.headers.get("content-type"), "application/json");
  assert.deepEqual((await sparkline.json()).series.map((s: { key: string }) => s.key), ["all"]);

  // README: <llm-metric-chart metric="p95_latency_ms" window="24h" group_by="model">
  const chart = await widgetToken(t, { metrics: ["p95_latency_ms", "active_models"] });
  const lines = await get(
    t,
    "/api/metrics/history?window=24h&metric=p95_latency_ms&step=1h&group_by=model",
    chart,
  );
  assert.equal(lines.status, 200);
  assert.equal(lines.headers.get("content-type"), "application/json");
  assert.deepEqual(
    (await lines.json()).series.map((s: { key: string }) => s.key).sort(),
    ["claude-sonnet-4", "gpt-4o"],
  );

  // README: <llm-metric-table by="model" limit="5">: the stream's probe, with the table.
  const table = await widgetToken(t, { metrics: ["active_models"] });
  const rows = await get(t, "/api/metrics/current?window=1h", table);
  assert.equal(rows.status, 200);
  assert.equal(rows.headers.get("content-type"), "application/json");
  const body = await rows.json();
  assert.deepEqual(Object.keys(body).sort(), ["active_models", "from", "to", "window"]);
  assert.deepEqual(
    body.active_models.map((m: { model: string; requests: number }) => [m.model, m.requests]),
    [["gpt-4o", 3], ["claude-sonnet-4", 1]],
  );
});

Deno.test("a read key cannot tell an unknown project from another one", async () => {
  await using t = await start();
  const created = await t.admin("POST", "/api/keys", { project: t.projectId, kind: "read" });
  const { key } = await created.json();
  const read = (project: string) =>
    Promise.resolve(t.app.request(`/api/metrics/current?project=${project}`, {
      headers: { authorization: `Bearer ${key}` },
    }));
  for (const project of ["default", "no-such-project"]) {
    await assertJson(
      await read(project),
      403,
      { error: "this key reads another project" },
      project,
    );
  }
  const own = await read(t.projectId);
  assert.equal(own.status, 200);
  await own.body?.cancel();
  const admin = await t.app.request("/api/metrics/current?project=no-such-project", {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  await assertJson(admin, 404, { error: 'project "no-such-project" does not exist' }, "admin");
});
