// The monitor as a user runs it: `deno run -A main.ts` in a child process on a data directory
// (and a database URL for PostgreSQL), with a known admin token. Restartable on the same data;
// its memory read from /proc, its data directory measured on disk.
import { CONFIG_KEYS } from "../lib/config.ts";

const REPO_ROOT = new URL("..", import.meta.url);

export interface ServerSpec {
  dataDir: string;
  databaseUrl?: string;
  adminToken: string;
}

export interface MonitorProcess {
  url: string;
  pid: number;
  /** SIGTERM (the monitor flushes and exits), then waits; SIGKILL after 60 s. */
  stop(): Promise<void>;
  /** The last lines the child wrote, for error messages. */
  tail(): string;
}

function freePort(): number {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  return listener.addr.port;
}

/**
 * Starts main.ts with the bench's environment for every config variable (tuning knobs apply)
 * except storage, address, admin token and event retention (32 days unless set); resolves once
 * GET /healthz answers 200.
 */
export async function startMonitor(spec: ServerSpec): Promise<MonitorProcess> {
  const port = freePort();
  const inherited = Object.fromEntries(CONFIG_KEYS.map((k) => [k, Deno.env.get(k) ?? ""]));
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    cwd: REPO_ROOT,
    env: {
      ...inherited,
      HOSTNAME: "127.0.0.1",
      PORT: String(port),
      DATA_DIR: spec.dataDir,
      KV_PATH: "",
      DATABASE_URL: spec.databaseUrl ?? "",
      ADMIN_TOKEN: spec.adminToken,
      // A long load must not see its oldest events retired (30 days by default) before counted.
      RETENTION_EVENTS_DAYS: inherited.RETENTION_EVENTS_DAYS || "32",
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let output = "";
  const collect = (stream: ReadableStream<Uint8Array<ArrayBuffer>>) =>
    stream.pipeThrough(new TextDecoderStream()).pipeTo(
      new WritableStream({ write: (text) => void (output = (output + text).slice(-20_000)) }),
    );
  const read = Promise.all([collect(child.stdout), collect(child.stderr)]);
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!exited) child.kill("SIGTERM");
    const timer = setTimeout(() => !exited && child.kill("SIGKILL"), 60_000);
    await status;
    clearTimeout(timer);
    await read;
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited) throw new Error(`the monitor exited before it was ready:\n${output}`);
    try {
      const response = await fetch(`${url}/healthz`);
      await response.body?.cancel();
      if (response.ok) break;
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the monitor did not answer /healthz in 120 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pid: child.pid, stop, tail: () => output.slice(-2_000) };
}

/** VmRSS and VmHWM (peak) of a process, in MB; null off Linux or once it has exited. */
export async function memoryMb(pid: number): Promise<{ rss: number; peak: number } | null> {
  try {
    const status = await Deno.readTextFile(`/proc/${pid}/status`);
    const kb = (name: string) => Number(status.match(new RegExp(`${name}:\\s+(\\d+)`))?.[1] ?? NaN);
    return { rss: Math.round(kb("VmRSS") / 1024), peak: Math.round(kb("VmHWM") / 1024) };
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

/** Bytes allocated on disk under `path` (blocks × 512, like du); 0 when it does not exist. */
export async function diskBytes(path: string): Promise<number> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.lstat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return 0;
    throw error;
  }
  const own = info.blocks !== null ? info.blocks * 512 : info.size;
  if (!info.isDirectory) return own;
  let total = own;
  for await (const entry of Deno.readDir(path)) total += await diskBytes(`${path}/${entry.name}`);
  return total;
}
