// A project named by its name works wherever its id does (docs/CONTRACT.md, projects): every route
// that takes a project, the settings forms and `deno task admin keys list --project`.
import assert from "node:assert/strict";
import {
  ADMIN_TOKEN,
  runAdminCli,
  sessionCookie,
  startTestMonitor,
  type TestMonitor,
} from "./_fixtures.ts";

const NOW = Date.parse("2026-11-23T12:30:00Z");
/** Fields that differ between two records made by two calls: ids, secrets, prefixes, times. */
const MINTED = new Set(["id", "key", "token", "prefix", "created_at", "expires_at"]);

type Json = Record<string, unknown>;

function minted(record: Json): Json {
  return Object.fromEntries(Object.entries(record).filter(([k]) => !MINTED.has(k)));
}

async function call(
  t: TestMonitor,
  method: string,
  path: string,
  body?: unknown,
  token = ADMIN_TOKEN,
): Promise<unknown> {
  const response = await t.app.request(path, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.equal(response.status < 300, true, `${method} ${path}: ${response.status} ${text}`);
  assert.equal(response.headers.get("content-type"), "application/json");
  return JSON.parse(text);
}

/** The answers of one call made with the project's name and with its id, asserted identical. */
async function sameByNameAndId(
  t: TestMonitor,
  name: string,
  request: (project: string) => Promise<unknown>,
  what: string,
): Promise<unknown> {
  const [byName, byId] = [await request(name), await request(t.projectId)];
  assert.deepEqual(byName, byId, what);
  return byId;
}

async function seeded(): Promise<{ t: TestMonitor; name: string } & AsyncDisposable> {
  const t = await startTestMonitor({ now: () => NOW });
  const name = (await t.monitor.deps.auth.findProject(t.projectId))!.name;
  assert.notEqual(name, t.projectId);
  const posted = await t.post([
    { id: "a", model: "gpt-4o", provider: "openai", input_tokens: 1000, output_tokens: 500 },
    { id: "b", model: "my-model", provider: "acme", input_tokens: 20, output_tokens: 10 },
    { id: "c", model: "gpt-4o", input_tokens: 10, output_tokens: 10, cost_usd: 0.5 },
  ].map((e, i) => ({ ...e, timestamp: NOW - 600_000 + i * 60_000 })));
  assert.equal(posted.status, 202);
  await posted.body?.cancel();
  await t.monitor.deps.flusher.drain();
  return { t, name, [Symbol.asyncDispose]: () => t[Symbol.asyncDispose]() };
}

Deno.test("reads by project name answer exactly as by project id", async () => {
  await using s = await seeded();
  const { t, name } = s;
  const get = (path: string, token?: string) => (project: string) =>
    call(t, "GET", `${path}${path.includes("?") ? "&" : "?"}project=${project}`, undefined, token);

  const keys = await sameByNameAndId(t, name, get("/api/keys"), "GET /api/keys") as {
    keys: Json[];
  };
  assert.deepEqual(keys.keys.map((k) => [k.project_id, k.kind]), [[t.projectId, "ingest"]]);
  await sameByNameAndId(t, name, get("/api/widget-tokens"), "GET /api/widget-tokens");
  const current = await sameByNameAndId(
    t,
    name,
    get("/api/metrics/current?window=1h"),
    "GET /api/metrics/current",
  ) as Json;
  assert.equal(current.requests, 3);
  await sameByNameAndId(t, name, get("/api/metrics/history?window=1h&metric=requests"), "history");
  await sameByNameAndId(t, name, get("/api/metrics/breakdown?window=1h&by=model"), "breakdown");
  const events = await sameByNameAndId(t, name, get("/api/events?window=1h"), "GET /api/events");
  assert.equal((events as { events: Json[] }).events.length, 3);
  await sameByNameAndId(t, name, get("/api/events/a"), "GET /api/events/:id");
  const unpriced = await sameByNameAndId(t, name, get("/api/costs/unpriced?window=1h"), "unpriced");
  assert.notDeepEqual(unpriced, {});
  await sameByNameAndId(t, name, get("/api/budgets"), "GET /api/budgets");
  await sameByNameAndId(t, name, get("/api/prices/overrides"), "GET /api/prices/overrides");
  const stats = await sameByNameAndId(t, name, get("/api/stats"), "GET /api/stats") as Json;
  assert.equal(stats.project, t.projectId);

  // A read key may name its own project either way too.
  const { key } = await call(t, "POST", "/api/keys", { project: t.projectId, kind: "read" }) as {
    key: string;
  };
  await sameByNameAndId(t, name, get("/api/metrics/current?window=1h", key), "read key, current");
});

Deno.test("creates and deletes by project name land where they do by project id", async () => {
  await using s = await seeded();
  const { t, name } = s;
  const post = (path: string, body: Json) => async (project: string) =>
    minted(await call(t, "POST", path, { ...body, project }) as Json);

  const key = await sameByNameAndId(
    t,
    name,
    post("/api/keys", { kind: "read", name: "ci" }),
    "POST /api/keys",
  ) as Json;
  assert.equal(key.project_id, t.projectId);
  const token = await sameByNameAndId(
    t,
    name,
    post("/api/widget-tokens", { name: "card", metrics: ["requests"] }),
    "POST /api/widget-tokens",
  ) as Json;
  assert.equal(token.project_id, t.projectId);
  await sameByNameAndId(
    t,
    name,
    post("/api/budgets", { name: "monthly", period: "monthly", amount_usd: 10 }),
    "POST /api/budgets",
  );
  await sameByNameAndId(
    t,
    name,
    post("/api/prices/overrides", { model: "my-model", input_per_mtok: 1, output_per_mtok: 2 }),
    "POST /api/prices/overrides",
  );
  await sameByNameAndId(
    t,
    name,
    post("/api/prices/reprice", { from: new Date(NOW - 3_600_000).toISOString() }),
    "POST /api/prices/reprice",
  );

  const get = (path: string) => (project: string) => call(t, "GET", `${path}?project=${project}`);
  const keys = await sameByNameAndId(t, name, get("/api/keys"), "keys after") as { keys: Json[] };
  assert.deepEqual(keys.keys.map((k) => k.name), ["", "ci", "ci"]);
  const tokens = await sameByNameAndId(t, name, get("/api/widget-tokens"), "tokens after") as {
    widget_tokens: Json[];
  };
  assert.deepEqual(tokens.widget_tokens.map((w) => w.name), ["card", "card"]);
  const budgets = await sameByNameAndId(t, name, get("/api/budgets"), "budgets after") as {
    budgets: Json[];
  };
  assert.equal(budgets.budgets.length, 2);
  const overrides = await sameByNameAndId(t, name, get("/api/prices/overrides"), "overrides") as {
    overrides: Json[];
  };
  assert.equal(overrides.overrides.length, 2);

  const [budgetA, budgetB] = budgets.budgets.map((b) => (b.budget as Json).id as string);
  assert.deepEqual(await call(t, "DELETE", `/api/budgets/${budgetA}?project=${name}`), {
    deleted: budgetA,
  });
  assert.deepEqual(await call(t, "DELETE", `/api/budgets/${budgetB}?project=${t.projectId}`), {
    deleted: budgetB,
  });
  const [overrideA, overrideB] = overrides.overrides.map((o) => o.id as string);
  assert.deepEqual(await call(t, "DELETE", `/api/prices/overrides/${overrideA}?project=${name}`), {
    deleted: overrideA,
  });
  assert.deepEqual(
    await call(t, "DELETE", `/api/prices/overrides/${overrideB}?project=${t.projectId}`),
    { deleted: overrideB },
  );
  assert.deepEqual(await call(t, "GET", `/api/budgets?project=${name}`), { budgets: [] });
});

Deno.test("an unknown project name answers 404 on every route that takes a project", async () => {
  await using s = await seeded();
  const { t } = s;
  for (
    const [method, path, body] of [
      ["GET", "/api/keys?project=nope"],
      ["GET", "/api/widget-tokens?project=nope"],
      ["GET", "/api/metrics/current?project=nope"],
      ["GET", "/api/events?project=nope"],
      ["GET", "/api/stats?project=nope"],
      ["POST", "/api/budgets", { project: "nope", period: "daily", amount_usd: 1 }],
    ] as const
  ) {
    const response = await t.admin(method, path, body);
    assert.equal(response.status, 404, `${method} ${path}`);
    assert.deepEqual(await response.json(), { error: 'project "nope" does not exist' });
  }
});

Deno.test("settings forms take the project by name as by id", async () => {
  await using s = await seeded();
  const { t, name } = s;
  const cookie = await sessionCookie((path, init) => t.app.request(path, init));
  for (const [project, label] of [[name, "by-name"], [t.projectId, "by-id"]]) {
    const response = await t.app.request(`/settings/keys?project=${project}`, {
      method: "POST",
      headers: {
        cookie,
        origin: "http://localhost",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ kind: "read", name: label! }).toString(),
    });
    assert.equal(response.status, 200, label);
    assert.match(
      await response.text(),
      new RegExp(`New read key &quot;${label}&quot; for ${name}\\.`),
    );
  }
  const { keys } = await call(t, "GET", `/api/keys?project=${name}`) as { keys: Json[] };
  assert.deepEqual(keys.map((k) => k.name), ["", "by-name", "by-id"]);
});

Deno.test("deno task admin keys list --project takes the name as the id", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const run = async (...args: string[]) => {
      const { code, stdout, stderr } = await runAdminCli({ DATA_DIR: dir }, ...args);
      assert.equal(code, 0, `${args.join(" ")}: ${stderr}`);
      return stdout;
    };
    const project = JSON.parse(await run("projects", "create", "docs")) as { id: string };
    const created = await run("keys", "create", "--project", "docs", "--kind", "read");
    const { id } = JSON.parse(created.slice(0, created.lastIndexOf("}") + 1)) as { id: string };
    const byName = JSON.parse(await run("keys", "list", "--project", "docs")) as Json[];
    const byId = JSON.parse(await run("keys", "list", "--project", project.id)) as Json[];
    assert.deepEqual(byName, byId);
    assert.deepEqual(byName.map((k) => [k.id, k.project_id]), [[id, project.id]]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
