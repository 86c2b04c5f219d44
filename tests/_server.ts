// Real servers for tests that need a socket. startServer: the monitor as a child process
// (`deno run -A main.ts`) for crashes, restarts, signals; disposed with `await using`, the child
// is killed if still running, its output is read to the end and its connection pool closed.
// serveLocal: a handler (usually the in-process app) on 127.0.0.1 at a free port.
import { CONFIG_KEYS } from "../lib/config.ts";
import { waitFor } from "./_fixtures.ts";

const REPO_ROOT = new URL("..", import.meta.url);

export interface ServerOptions {
  dataDir: string;
  port: number;
  /** Config variables; every config variable not given here is unset in the child. */
  env?: Record<string, string>;
  /** How long to wait for GET /healthz to answer 200. */
  readyTimeoutMs?: number;
  /** The child's `ulimit -n` (open file descriptors); unset keeps the test runner's. */
  openFileLimit?: number;
}

export interface ServerProcess extends AsyncDisposable {
  readonly url: string;
  readonly pid: number;
  /** Settles when the child has exited. */
  readonly status: Promise<Deno.CommandStatus>;
  /** fetch() against the server through this child's own connection pool. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Sends a signal and returns at once (SIGKILL: a crash). */
  kill(signal: Deno.Signal): void;
  /** Sends a signal (SIGTERM by default) and waits for the child to exit. */
  stop(signal?: Deno.Signal): Promise<Deno.CommandStatus>;
  /** What the child wrote to stdout and stderr so far. */
  log(): string;
}

/** A handler served on a real socket; `await using` shuts it down. */
export interface LocalServer extends AsyncDisposable {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  shutdown(): Promise<void>;
}

/** Serves `handler` on 127.0.0.1 at a port the system picks, without a listening log line. */
export function serveLocal(handler: Deno.ServeHandler<Deno.NetAddr>): LocalServer {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, handler);
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    port: server.addr.port,
    shutdown: () => server.shutdown(),
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

/** A TCP port nothing listens on at the moment of the call. */
export function freePort(): number {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  return listener.addr.port;
}

/** Starts the server and resolves once GET /healthz answers 200. */
export async function startServer(options: ServerOptions): Promise<ServerProcess> {
  const unset = Object.fromEntries(CONFIG_KEYS.map((k) => [k, ""]));
  const run = [Deno.execPath(), "run", "-A", "main.ts"];
  const limited = options.openFileLimit === undefined
    ? run
    : ["sh", "-c", `ulimit -n ${options.openFileLimit} && exec "$@"`, "sh", ...run];
  const child = new Deno.Command(limited[0]!, {
    args: limited.slice(1),
    cwd: REPO_ROOT,
    env: {
      ...unset,
      HOSTNAME: "127.0.0.1",
      PORT: String(options.port),
      DATA_DIR: options.dataDir,
      ...options.env,
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();

  let output = "";
  // BufferSource: TextDecoderStream's input under both the Deno and the DOM lib (Preact's types
  // bring the DOM lib into the server's program now that the pages render Preact).
  const collect = (stream: ReadableStream<BufferSource>) =>
    stream.pipeThrough(new TextDecoderStream()).pipeTo(
      new WritableStream({ write: (text) => void (output += text) }),
    );
  const outputRead = Promise.all([collect(child.stdout), collect(child.stderr)]);
  let exit: Deno.CommandStatus | undefined;
  const status = child.status.then((s) => (exit = s));
  const client = Deno.createHttpClient({});
  const url = `http://127.0.0.1:${options.port}`;

  const server: ServerProcess = {
    url,
    pid: child.pid,
    status,
    fetch: (path, init = {}) => fetch(new URL(path, url), { ...init, client }),
    kill: (signal) => {
      if (exit === undefined) child.kill(signal);
    },
    stop: async (signal = "SIGTERM") => {
      server.kill(signal);
      return await status;
    },
    log: () => output,
    [Symbol.asyncDispose]: async () => {
      server.kill("SIGKILL");
      await status;
      await outputRead;
      client.close();
    },
  };

  try {
    await waitFor(
      async () => {
        if (exit !== undefined) {
          throw new Error(`the server exited with code ${exit.code} before it was ready`);
        }
        try {
          const response = await server.fetch("/healthz");
          await response.body?.cancel();
          return response.ok;
        } catch (error) {
          if (error instanceof TypeError) return false; // not listening yet
          throw error;
        }
      },
      `${url}/healthz`,
      options.readyTimeoutMs ?? 60_000,
    );
  } catch (error) {
    await server[Symbol.asyncDispose]();
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n--- server output ---\n${output}`, { cause: error });
  }
  return server;
}
