// Projects, keys and the admin token: through the HTTP API and through `deno task admin`.
import assert from "node:assert/strict";
import { AuthStore } from "../lib/store/auth_store.ts";
import { bootstrap } from "../lib/access/admin.ts";
import { runAdminCli, startTestMonitor } from "./_fixtures.ts";

Deno.test("POST /api/projects creates a project that keys can then name by name or id", async () => {
  await using t = await startTestMonitor();
  const created = await t.admin("POST", "/api/projects", {
    name: "search",
    time_zone: "Asia/Tokyo",
  });
  assert.equal(created.status, 201);
  const project = await created.json() as { id: string; name: string; time_zone: string };
  assert.match(project.id, /^prj_[0-9a-f]{18}$/);
  assert.equal(project.time_zone, "Asia/Tokyo");
  const byName = await t.admin("POST", "/api/keys", {
    project: "search",
    kind: "ingest",
    name: "ci",
  });
  assert.equal(byName.status, 201);
  const key = await byName.json() as Record<string, string>;
  assert.equal(key.project_id, project.id);
  assert.match(key.key!, /^lmi_[A-Za-z0-9_-]{43}$/);
  assert.equal(key.prefix, key.key!.slice(0, 8));
  assert.equal("hash" in key, false, "the hash is never returned");
  const list = await t.admin("GET", `/api/keys?project=${project.id}`);
  const { keys } = await list.json() as { keys: Array<Record<string, string>> };
  assert.deepEqual(keys.map((k) => k.id), [key.id]);
  assert.equal(
    "key" in keys[0]! || "hash" in keys[0]!,
    false,
    "a listed key shows neither secret nor hash",
  );
});

Deno.test("POST /api/projects and /api/keys answer 400 naming the field", async () => {
  await using t = await startTestMonitor();
  const noName = await t.admin("POST", "/api/projects", { time_zone: "Mars/Olympus" });
  assert.equal(noName.status, 400);
  assert.deepEqual(await noName.json(), {
    error: "name: is required; time_zone: must be an IANA time zone such as Europe/Paris",
    errors: ["name: is required", "time_zone: must be an IANA time zone such as Europe/Paris"],
  });
  const dup = await t.admin("POST", "/api/projects", { name: "default" });
  assert.equal(dup.status, 400);
  assert.deepEqual(await dup.json(), { error: 'name: a project named "default" exists already' });
  const badKind = await t.admin("POST", "/api/keys", { project: "default", kind: "write" });
  assert.equal(badKind.status, 400);
  assert.deepEqual(await badKind.json(), {
    error: 'kind: must be "ingest" or "read"',
    errors: ['kind: must be "ingest" or "read"'],
  });
  const missing = await t.admin("POST", "/api/keys", { project: "nope", kind: "read" });
  assert.equal(missing.status, 404);
  assert.deepEqual(await missing.json(), { error: 'project "nope" does not exist' });
});

Deno.test("admin calls need the admin token", async () => {
  await using t = await startTestMonitor();
  const none = await t.app.request("/api/projects");
  assert.equal(none.status, 401);
  await none.body?.cancel();
  const ingestKey = await t.app.request("/api/projects", {
    headers: { authorization: `Bearer ${t.ingestKey}` },
  });
  assert.equal(ingestKey.status, 403);
  assert.deepEqual(await ingestKey.json(), { error: "this call needs the admin token" });
});

Deno.test("DELETE /api/keys/:id answers 404 for an unknown key", async () => {
  await using t = await startTestMonitor();
  const response = await t.admin("DELETE", "/api/keys/key_missing");
  assert.equal(response.status, 404);
  assert.deepEqual(await response.json(), { error: 'key "key_missing" does not exist' });
});

Deno.test("bootstrap() creates the default project, its ingest key and an admin token once", async () => {
  using kv = await Deno.openKv(":memory:");
  const auth = new AuthStore(kv);
  const first = await bootstrap(auth, undefined, () => "lma_generated_token_1234567890");
  assert.equal(first.adminToken, "lma_generated_token_1234567890");
  assert.equal(first.project.name, "default");
  assert.ok(first.ingestKey);
  assert.ok(await auth.verifyKey(first.ingestKey));
  assert.ok(await auth.verifyAdminToken("lma_generated_token_1234567890"));
  assert.equal(await auth.verifyAdminToken("lma_generated_token_1234567899"), false);
  const second = await bootstrap(auth, undefined, () => "lma_other_token_12345678901234");
  assert.deepEqual(second, { project: first.project }, "no secret is printed twice");
  // No secret is stored as it is: only hashes.
  for await (const entry of kv.list({ prefix: [] })) {
    const text = JSON.stringify(entry, (_k, v) => (typeof v === "bigint" ? String(v) : v));
    assert.equal(text.includes(first.ingestKey), false, `ingest key in clear at ${entry.key}`);
    assert.equal(
      text.includes("lma_generated_token"),
      false,
      `admin token in clear at ${entry.key}`,
    );
  }
});

Deno.test("deno task admin creates projects and keys, and revokes keys", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const run = (...args: string[]) => runAdminCli({ DATA_DIR: dir }, ...args);
    const project = await run("projects", "create", "docs");
    assert.equal(project.code, 0, project.stderr);
    assert.equal(JSON.parse(project.stdout).name, "docs");
    const key = await run("keys", "create", "--project", "docs", "--kind", "read");
    assert.equal(key.code, 0, key.stderr);
    const { id, key: secret } = JSON.parse(key.stdout.slice(0, key.stdout.lastIndexOf("}") + 1));
    assert.match(secret, /^lmr_/);
    {
      using kv = await Deno.openKv(`${dir}/kv.sqlite3`);
      assert.equal((await new AuthStore(kv).verifyKey(secret))?.id, id);
    }
    const revoke = await run("keys", "revoke", id);
    assert.equal(revoke.code, 0, revoke.stderr);
    {
      using kv = await Deno.openKv(`${dir}/kv.sqlite3`);
      assert.equal(await new AuthStore(kv).verifyKey(secret), null);
    }
    const bad = await run("keys", "create", "--project", "nope", "--kind", "read");
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /project "nope" does not exist/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
