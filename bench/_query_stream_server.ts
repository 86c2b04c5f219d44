// The real monitor for the stream benchmark, in this process and started as main.ts starts it:
// the production defaults (KV file with fsync and PGlite in a worker, both in a temporary
// DATA_DIR, the flusher running), the Hono app on 127.0.0.1 at a free port. Only the tick,
// the admin token and the per-key rate limit (off) are the bench's.
import { loadConfig } from "../lib/config.ts";
import { createLogger } from "../lib/log.ts";
import { type ServedMonitor, serveMonitor } from "./_monitor_server.ts";

export interface StreamMonitor extends ServedMonitor {
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
  const served = await serveMonitor(config, createLogger("warn"));
  return {
    monitor: served.monitor,
    url: served.url,
    projectId: served.projectId,
    ingestKey: served.ingestKey,
    readHeaders: { authorization: `Bearer ${adminToken}` },
    [Symbol.asyncDispose]: async () => {
      await served[Symbol.asyncDispose]();
      await Deno.remove(dataDir, { recursive: true });
    },
  };
}
