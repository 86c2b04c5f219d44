// Starts the monitor: config → stores → app → serve. Ctrl-C flushes and closes cleanly.
import { createApp } from "./app.ts";
import { CONFIG_KEYS, ConfigError, loadConfig } from "./lib/config.ts";
import { createLogger } from "./lib/log.ts";
import { serve } from "./lib/http/serve.ts";
import { banner, openMonitor } from "./lib/monitor.ts";

const log = createLogger();
let config;
try {
  config = loadConfig(Object.fromEntries(CONFIG_KEYS.map((k) => [k, Deno.env.get(k)])));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  log.error(`${error.message}\nFix the variable(s) above and start again.`);
  Deno.exit(1);
}
const onDeploy = Deno.env.get("DENO_DEPLOYMENT_ID") !== undefined;
const monitor = await openMonitor(config, log, { onDeploy });
const app = createApp(monitor.deps);
monitor.deps.flusher.start();
monitor.deps.budgetWatch.start();
const server = serve(app.fetch, { hostname: config.HOSTNAME, port: config.PORT, log });
const info = await monitor.deps.store.info();
log.print(
  banner(
    config,
    monitor.boot,
    info.timescale
      ? "TimescaleDB"
      : info.engine === "pglite"
      ? `PGlite in ${config.DATA_DIR}/pg`
      : "PostgreSQL",
  ),
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, async () => {
    log.info(`${signal}: flushing and shutting down`);
    await server.shutdown();
    await monitor.close({ drainMs: 10_000 });
    Deno.exit(0);
  });
}
