// The real monitor in this process for the benchmarks, started as main.ts starts it (openMonitor
// with the given config, the flusher running, the Hono app on a real socket at a free port), with
// a fresh project and its ingest key. Disposed with `await using`.
import { createApp } from "../app.ts";
import type { Config } from "../lib/config.ts";
import type { Logger } from "../lib/log.ts";
import { type Monitor, openMonitor } from "../lib/monitor.ts";

export interface ServedMonitor extends AsyncDisposable {
  monitor: Monitor;
  /** http://127.0.0.1:<port> */
  url: string;
  projectId: string;
  ingestKey: string;
}

export async function serveMonitor(config: Config, log: Logger): Promise<ServedMonitor> {
  const monitor = await openMonitor(config, log);
  const project = await monitor.deps.auth.createProject(`bench-${crypto.randomUUID().slice(0, 8)}`);
  const { secret } = await monitor.deps.auth.createKey(project.id, "ingest", "bench");
  const app = createApp(monitor.deps);
  monitor.deps.flusher.start();
  const server = Deno.serve({ hostname: config.HOSTNAME, port: 0, onListen: () => {} }, app.fetch);
  return {
    monitor,
    url: `http://127.0.0.1:${server.addr.port}`,
    projectId: project.id,
    ingestKey: secret,
    [Symbol.asyncDispose]: async () => {
      await server.shutdown();
      await monitor.close();
    },
  };
}
