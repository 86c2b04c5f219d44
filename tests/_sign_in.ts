// What the sign-in suites share: signing in (JSON and form), the session cookie, GET /api/me, a
// client address as Deno.serve gives it, and two instances of one deployment on one KV file.
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { silentLogger } from "../lib/log.ts";
import { openMonitor } from "../lib/monitor.ts";
import { ENGINES } from "./_engines.ts";
import { runAdminCli, testConfig, type TestMonitor } from "./_fixtures.ts";

/** A client address as Deno.serve hands it to Hono (the third argument of app.request). */
export function from(hostname: string) {
  return { remoteAddr: { transport: "tcp" as const, hostname, port: 40_000 } };
}

export type Fetcher = { request: TestMonitor["app"]["request"] };

export function login(
  app: Fetcher,
  token: string,
  headers: Record<string, string> = {},
  env?: ReturnType<typeof from>,
) {
  return Promise.resolve(app.request("/api/login", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ token }),
  }, env));
}

export function formLogin(app: Fetcher, token: string, headers: Record<string, string>) {
  return Promise.resolve(app.request("/api/login", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ token }).toString(),
  }));
}

export async function sessionCookie(response: Response): Promise<string> {
  assert.equal(response.status, 200);
  await response.body?.cancel();
  return response.headers.get("set-cookie")!.split(";")[0]!;
}

export async function me(app: Fetcher, cookie: string): Promise<[number, unknown]> {
  const response = await app.request("/api/me", { headers: { cookie } });
  return [response.status, await response.json()];
}

export async function readKey(t: TestMonitor): Promise<{ id: string; key: string }> {
  const response = await t.admin("POST", "/api/keys", { project: t.projectId, kind: "read" });
  return await response.json() as { id: string; key: string };
}

/** Two monitors on one KV file: two instances of the same deployment. */
export async function twoInstances(env: Record<string, string> = {}) {
  const dir = await Deno.makeTempDir();
  const open = async () => {
    const kv = await Deno.openKv(`${dir}/kv.sqlite3`);
    const monitor = await openMonitor(testConfig(env), silentLogger, {
      kv,
      store: await ENGINES[0]!.open(),
    });
    return { kv, monitor, app: createApp(monitor.deps) };
  };
  const a = await open();
  const b = await open();
  return {
    a,
    b,
    /** `deno task admin …` on the same KV; its stdout. */
    async admin(...args: string[]): Promise<string> {
      const env = { KV_PATH: `${dir}/kv.sqlite3`, DATA_DIR: dir, ADMIN_TOKEN: "" };
      const { code, stdout, stderr } = await runAdminCli(env, ...args);
      assert.equal(code, 0, stderr);
      return stdout;
    },
    async [Symbol.asyncDispose]() {
      for (const { monitor, kv } of [a, b]) {
        await monitor.close();
        kv.close();
      }
      await Deno.remove(dir, { recursive: true });
    },
  };
}
