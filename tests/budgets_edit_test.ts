// Editing budgets (PATCH /api/budgets/:id): field-named validation, edits that persist, the admin
// permission, crossings re-evaluated for the current period; and the budget list as rendered:
// the projection sentence and the thresholds crossed this period, newest first.
import assert from "node:assert/strict";
import {
  ADMIN_TOKEN,
  sessionCookie,
  startTestMonitor,
  storedEvent,
  type TestMonitor,
} from "./_fixtures.ts";
import { readKey } from "./_sign_in.ts";
import { formatTime } from "../components/time.ts";

const NOW = Date.parse("2026-11-25T10:00:00Z"); // 11:00 in Paris
type Json = Record<string, unknown>;

async function send(t: TestMonitor, method: string, path: string, body?: unknown) {
  const response = await t.admin(method, path, body);
  return { status: response.status, json: await response.json() };
}

/** A project in Europe/Paris with $5 of chat spend today (and $5 yesterday), and a budget. */
async function parisWithBudget(t: TestMonitor, budget: Json = {}) {
  const project =
    (await send(t, "POST", "/api/projects", { name: "paris", time_zone: "Europe/Paris" })).json;
  await t.monitor.deps.store.insertEvents(
    ([["2026-11-24T22:30:00Z", 5], ["2026-11-25T01:00:00Z", 3], [
      "2026-11-25T09:00:00Z",
      2,
    ]] as const)
      .map(([at, usd]) =>
        storedEvent({ project_id: project.id, ts: Date.parse(at), cost_usd: usd, endpoint: "chat" })
      ),
  );
  const created = await send(t, "POST", "/api/budgets", {
    project: "paris",
    name: "daily cap",
    period: "daily",
    amount_usd: 100,
    ...budget,
  });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  return { projectId: project.id as string, id: created.json.id as string };
}

const thresholds = (status: { crossings: Array<{ threshold: number }> }) =>
  status.crossings.map((c) => c.threshold);

Deno.test("PATCH /api/budgets/:id names every bad field and refuses unknown ones", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  const { id } = await parisWithBudget(t);
  const path = `/api/budgets/${id}?project=paris`;
  const bad = await send(t, "PATCH", path, { period: "yearly", amount_usd: -1 });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.json.errors, [
    "period: must be daily, weekly or monthly",
    "amount_usd: must be > 0",
  ]);
  const unknown = await send(t, "PATCH", path, { amount: 5 });
  assert.equal(unknown.status, 400);
  assert.deepEqual(unknown.json.errors, [
    "amount: not a budget field (the fields: amount_usd, name, period, project, scope, scope_value, thresholds)",
  ]);
  const empty = await send(t, "PATCH", path, {});
  assert.deepEqual(empty.json.errors, ["body: name at least one field to change"]);
  const scope = await send(t, "PATCH", path, { scope: "user" });
  assert.deepEqual(scope.json.errors, ["scope_value: is required unless scope is project"]);
  const thresholdsBad = await send(t, "PATCH", path, { thresholds: [] });
  assert.deepEqual(thresholdsBad.json.errors, ["thresholds: must not be empty"]);
  const notJson = await t.app.request(path, {
    method: "PATCH",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    body: "{",
  });
  assert.equal(notJson.status, 400);
  await notJson.body?.cancel();
  const missing = await send(t, "PATCH", "/api/budgets/bud_nope?project=paris", { amount_usd: 1 });
  assert.equal(missing.status, 404);
  assert.equal(missing.json.error, 'budget "bud_nope" does not exist');
  const elsewhere = await send(t, "PATCH", `/api/budgets/${id}?project=${t.projectId}`, {
    amount_usd: 1,
  });
  assert.equal(elsewhere.status, 404, "a budget of another project is not found");
  const noProject = await send(t, "PATCH", `/api/budgets/${id}?project=nope`, { amount_usd: 1 });
  assert.equal(noProject.status, 404);
  assert.equal(noProject.json.error, 'project "nope" does not exist');
  const after = await send(t, "GET", path);
  assert.equal(after.json.budget.amount_usd, 100, "nothing changed");
});

Deno.test("PATCH /api/budgets/:id edits persist, with the project by name or by id", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  const { projectId, id } = await parisWithBudget(t, { scope: "endpoint", scope_value: "chat" });
  const edited = await send(t, "PATCH", `/api/budgets/${id}?project=paris`, {
    name: "weekly chat",
    period: "weekly",
    amount_usd: 20,
    thresholds: [1, 0.25, 0.25],
  });
  assert.equal(edited.status, 200, JSON.stringify(edited.json));
  assert.equal(edited.json.id, id);
  assert.equal(edited.json.name, "weekly chat");
  assert.equal(edited.json.period, "weekly");
  assert.equal(edited.json.amount_usd, 20);
  assert.deepEqual(edited.json.thresholds, [0.25, 1]);
  assert.equal(edited.json.scope_value, "chat");

  // The project in the body, by id; the scope back to the whole project clears its value.
  const scoped = await send(t, "PATCH", `/api/budgets/${id}`, {
    project: projectId,
    scope: "project",
  });
  assert.equal(scoped.status, 200, JSON.stringify(scoped.json));
  const status = await send(t, "GET", `/api/budgets/${id}?project=${projectId}`);
  assert.equal(status.json.budget.scope, "project");
  assert.equal(status.json.budget.scope_value, null);
  assert.equal(status.json.budget.name, "weekly chat");
  assert.equal(status.json.budget.amount_usd, 20);
  assert.equal(status.json.period_start, "2026-11-22T23:00:00.000Z", "Monday in Paris");
  const listed = await send(t, "GET", "/api/budgets?project=paris");
  assert.equal(listed.json.budgets.length, 1);
  assert.deepEqual(listed.json.budgets[0].budget, status.json.budget);
});

Deno.test("PATCH /api/budgets/:id takes the admin token or an admin session from this origin", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  const { id } = await parisWithBudget(t);
  const path = `/api/budgets/${id}?project=paris`;
  const patch = (headers: Record<string, string>) =>
    Promise.resolve(t.app.request(`http://localhost${path}`, {
      method: "PATCH",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ amount_usd: 50 }),
    }));
  const statusOf = async (r: Response) => (await r.body?.cancel(), r.status);
  assert.equal(await statusOf(await patch({})), 401);
  const read = await readKey(t);
  assert.equal(await statusOf(await patch({ authorization: `Bearer ${read.key}` })), 403);
  const admin = await sessionCookie((p, init) => t.app.request(p, init));
  assert.equal(await statusOf(await patch({ cookie: admin })), 401, "no same-origin proof");
  const reader = await sessionCookie((p, init) => t.app.request(p, init), read.key);
  assert.equal(
    await statusOf(await patch({ cookie: reader, origin: "http://localhost" })),
    401,
    "a read-key session",
  );
  const budget = async () => (await send(t, "GET", path)).json.budget.amount_usd;
  assert.equal(await budget(), 100, "refused edits change nothing");
  assert.equal(await statusOf(await patch({ cookie: admin, origin: "http://localhost" })), 200);
  assert.equal(await budget(), 50);
  assert.equal(await statusOf(await patch({ authorization: `Bearer ${ADMIN_TOKEN}` })), 200);
});

Deno.test("PATCH /api/budgets/:id re-evaluates this period's crossings for the new amount", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  const { id } = await parisWithBudget(t); // $5 spent today of $100
  const path = `/api/budgets/${id}?project=paris`;
  assert.equal(await t.monitor.deps.budgetWatch.checkAll(), 0);
  assert.deepEqual(thresholds((await send(t, "GET", path)).json), []);

  assert.equal((await send(t, "PATCH", path, { amount_usd: 8 })).status, 200);
  const lowered = (await send(t, "GET", path)).json;
  assert.deepEqual(thresholds(lowered), [0.5], "$5 of $8 crossed 50 % at once");
  assert.equal(lowered.crossings[0].crossed_at, new Date(NOW).toISOString());
  assert.equal(await t.monitor.deps.budgetWatch.checkAll(), 0, "already recorded");

  await send(t, "PATCH", path, { amount_usd: 4 });
  const exceeded = (await send(t, "GET", path)).json;
  assert.deepEqual(thresholds(exceeded), [0.5, 0.8, 1]);
  assert.equal(exceeded.exhausted, true);

  await send(t, "PATCH", path, { thresholds: [0.5, 2] });
  assert.deepEqual(thresholds((await send(t, "GET", path)).json), [0.5], "dropped thresholds go");

  await send(t, "PATCH", path, { amount_usd: 100 });
  assert.deepEqual(thresholds((await send(t, "GET", path)).json), [], "no longer reached");
  await send(t, "PATCH", path, { amount_usd: 6 });
  assert.deepEqual(thresholds((await send(t, "GET", path)).json), [0.5], "recorded again");
});

async function costsPage(t: TestMonitor, path: string) {
  const cookie = await sessionCookie((p, init) => t.app.request(p, init));
  // en-GB: a 24-hour clock whatever the runtime's default locale.
  const response = await t.app.request(path, { headers: { cookie, "accept-language": "en-GB" } });
  assert.equal(response.status, 200);
  return await response.text();
}

/** The rendered list item of one budget. */
function budgetItem(body: string, id: string): string {
  const at = body.indexOf(`data-budget="${id}"`);
  assert.ok(at >= 0, `budget ${id} is listed`);
  return body.slice(at, body.indexOf("</li>", body.indexOf("</ul>", at)));
}

const PARIS = { timeZone: "Europe/Paris", locale: "en-GB" };
const DEC_1 = Date.parse("2026-11-30T23:00:00Z");
/** A time as the page prints it, in the project's time zone. */
const paris = (iso: string) => formatTime(Date.parse(iso), "datetime", PARIS);
assert.ok(paris("2026-11-25T10:00:00Z").includes("11:00"), "Paris is UTC+1 in November");

const text = (htmlText: string) =>
  htmlText.replace(/<[^>]*>/g, "").replace(/&nbsp;|\s+/g, " ").replace(/&amp;/g, "&");

Deno.test("the budget list shows the projection as a sentence and this period's crossings, newest first", async () => {
  let now = NOW - 1_800_000; // 10:30 in Paris
  await using t = await startTestMonitor({ now: () => now });
  const { id: daily } = await parisWithBudget(t, { amount_usd: 8 });
  const { id: monthly } = (await send(t, "POST", "/api/budgets", {
    project: "paris",
    name: "monthly",
    period: "monthly",
    amount_usd: 100,
  })).json as { id: string };
  assert.equal(await t.monitor.deps.budgetWatch.checkAll(), 1, "50 % at 10:30");
  now = NOW;
  await send(t, "PATCH", `/api/budgets/${daily}?project=paris`, { amount_usd: 6 }); // 83 % at 11:00

  for (const path of ["/costs?project=paris&window=24h", "/?project=paris&view=finance"]) {
    const body = await costsPage(t, path);
    const item = budgetItem(body, daily);
    assert.deepEqual(
      [...item.matchAll(/data-threshold="([\d.]+)"/g)].map((m) => m[1]),
      ["0.8", "0.5"],
      `${path}: newest first`,
    );
    const said = text(item);
    assert.ok(said.includes(`80% crossed ${paris("2026-11-25T10:00:00Z")}`), said);
    assert.ok(said.includes(`50% crossed ${paris("2026-11-25T09:30:00Z")}`), said);
    assert.ok(
      said.includes(
        `83.3% used · projected to run out on ${paris("2026-11-25T12:24:00Z")} (in 2 h)`,
      ),
      said,
    );
    assert.match(
      text(budgetItem(body, monthly)),
      new RegExp(
        `10% used · on track: \\D*\\$65\\.42 \\(65\\.4%\\) by ${formatTime(DEC_1, "date", PARIS)}`,
      ),
    );
    assert.doesNotMatch(said, /\S·/, "a space before every separator");
  }

  await send(t, "PATCH", `/api/budgets/${daily}?project=paris`, { amount_usd: 4 });
  const said = text(budgetItem(await costsPage(t, "/costs?project=paris&window=24h"), daily));
  assert.ok(said.includes(`125% used · exhausted on ${paris("2026-11-25T10:00:00Z")}`), said);
});
