// Test fixtures: a whole monitor on in-memory KV and a chosen engine, disposed with `await using`.
import { createApp } from "../app.ts";
import { type Config, loadConfig } from "../lib/config.ts";
import { silentLogger } from "../lib/log.ts";
import { type Monitor, openMonitor } from "../lib/monitor.ts";
import { type Engine, ENGINES } from "./_engines.ts";

export { storedEvent } from "./_events.ts";

export const ADMIN_TOKEN = "test-admin-token-0123456789";

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ ADMIN_TOKEN, PGLITE_WORKER: "false", FLUSH_INTERVAL_MS: "50", ...env });
}

export interface TestMonitor extends AsyncDisposable {
  monitor: Monitor;
  app: ReturnType<typeof createApp>;
  /** An ingest key of a fresh project. */
  ingestKey: string;
  projectId: string;
  /** Helper: POST /v1/events with the ingest key. */
  post(body: unknown, init?: { headers?: Record<string, string> }): Promise<Response>;
  admin(method: string, path: string, body?: unknown): Promise<Response>;
}

export async function startTestMonitor(
  options: { env?: Record<string, string>; engine?: Engine; now?: () => number } = {},
): Promise<TestMonitor> {
  const kv = await Deno.openKv(":memory:");
  const store = await (options.engine ?? ENGINES[0]!).open();
  const monitor = await openMonitor(testConfig(options.env), silentLogger, {
    kv,
    store,
    now: options.now,
  });
  const app = createApp(monitor.deps);
  const project = await monitor.deps.auth.createProject(`p-${crypto.randomUUID().slice(0, 8)}`);
  const { secret } = await monitor.deps.auth.createKey(project.id, "ingest");
  const close = async () => {
    await monitor.close();
    kv.close();
  };
  return {
    monitor,
    app,
    ingestKey: secret,
    projectId: project.id,
    post: (body, init = {}) =>
      Promise.resolve(app.request("/v1/events", {
        method: "POST",
        headers: {
          authorization: `Bearer ${secret}`,
          "content-type": "application/json",
          ...init.headers,
        },
        body: body instanceof Uint8Array || typeof body === "string"
          ? body as BodyInit
          : JSON.stringify(body),
      })),
    admin: (method, path, body) =>
      Promise.resolve(app.request(path, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      })),
    [Symbol.asyncDispose]: close,
  };
}

/** A valid event with overrides. */
export function event(overrides: Partial<Record<string, unknown>> = {}): Record<string, unknown> {
  return {
    model: "gpt-4o",
    provider: "openai",
    input_tokens: 100,
    output_tokens: 50,
    latency_ms: 800,
    ...overrides,
  };
}

export async function gzipBytes(text: string): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** `deno task admin …` as a child process with the given environment; its exit code and output. */
export async function runAdminCli(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-env", "--allow-read", "--allow-write", "tools/admin.ts", ...args],
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: output.code, stdout: text(output.stdout), stderr: text(output.stderr) };
}

/** Signs in with a token through POST /api/login and returns the session cookie (name=value). */
export async function sessionCookie(
  request: (path: string, init: RequestInit) => Response | Promise<Response>,
  token = ADMIN_TOKEN,
): Promise<string> {
  const login = await request("/api/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token }),
  });
  if (login.status !== 200) throw new Error(`sign-in answered ${login.status}`);
  await login.body?.cancel();
  return login.headers.get("set-cookie")!.split(";")[0]!;
}

/** Polls until check() returns true or the deadline passes; no blind sleeping. */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
