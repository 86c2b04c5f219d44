// The real monitor for the stream benchmark, in this process and started as main.ts starts it:
// the production defaults (KV file with fsync and PGlite in a worker, both in a temporary
// DATA_DIR, the flusher running), the Hono app on 127.0.0.1 at a free port. Only the tick,
// the admin token and the per-key rate limit (off) are the bench's.
import { createApp } from "../app.ts";
import { loadConfig } from "../lib/config.ts";
import { createLogger } from "../lib/log.ts";
import { type Monitor, openMonitor } from "../lib/monitor.ts";

export interface StreamMonitor extends AsyncDisposable {
  monitor: Monitor;
  url: string;
  projectId: string;
  ingestKey: string;
  /** Headers of a reader (the admin token) for GET /api/stream. */
  readHeaders: Record<string, string>;
}

export async function startStreamMonitor(options: { tickMs: number }): Promise<StreamMonitor> {
  const dataDir = await Deno.makeTempDir({ prefix: "llm-monitor-stream-bench-" });
  const adminToken = `bench-admin-${crypto.randomUUID()}`;
  const config = loadConfig({
    DATA_DIR: dataDir,
    HOSTNAME: "127.0.0.1",
    ADMIN_TOKEN: adminToken,
    INGEST_RATE_LIMIT_PER_MINUTE: "0",
    STREAM_TICK_MS: String(options.tickMs),
  });
  const monitor = await openMonitor(config, createLogger("warn"));
  const project = await monitor.deps.auth.createProject(`bench-${crypto.randomUUID().slice(0, 8)}`);
  const { secret } = await monitor.deps.auth.createKey(project.id, "ingest", "bench");
  monitor.deps.flusher.start();
  const server = Deno.serve(
    { hostname: config.HOSTNAME, port: 0, onListen: () => {} },
    createApp(monitor.deps).fetch,
  );
  return {
    monitor,
    url: `http://127.0.0.1:${server.addr.port}`,
    projectId: project.id,
    ingestKey: secret,
    readHeaders: { authorization: `Bearer ${adminToken}` },
    [Symbol.asyncDispose]: async () => {
      await server.shutdown();
      await monitor.close();
      await Deno.remove(dataDir, { recursive: true });
    },
  };
}
