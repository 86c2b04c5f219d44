// Deno.serve that outlives a failed accept loop. When accepting a connection fails (the process is
// out of file descriptors: EMFILE under `ulimit -n`), Deno.serve stops listening for good and its
// `finished` promise rejects; unhandled, that rejection ends the process. Here the failed server
// is shut down gracefully instead (its idle and half-sent connections are closed, which gives
// their descriptors back, while requests in flight and live streams run to their end) and the
// port is listened on again, with backoff while descriptors are still short.
import type { Logger } from "../log.ts";

export interface ServeOptions {
  hostname: string;
  /** 0 picks a free port; listening again keeps the port first picked. */
  port: number;
  log: Logger;
  /** First wait before listening again after the accept loop failed (ms); doubles per failure. */
  retryInitialMs?: number;
  /** Longest wait between two attempts to listen again (ms). */
  retryMaxMs?: number;
}

export interface Server {
  /** Where the server listens (the same across restarts). */
  readonly addr: Deno.NetAddr;
  /** Stops listening and waits for every connection, restarted servers' included, to finish. */
  shutdown(): Promise<void>;
}

export function serve(
  handler: Deno.ServeHandler<Deno.NetAddr>,
  { hostname, port, log, retryInitialMs = 10, retryMaxMs = 1_000 }: ServeOptions,
): Server {
  const listen = (port: number) => Deno.serve({ hostname, port, onListen: () => {} }, handler);
  /** Shutdowns of failed servers still finishing their requests. */
  const draining = new Set<Promise<void>>();
  let current: Deno.HttpServer<Deno.NetAddr> | undefined = listen(port);
  const addr = current.addr;
  let listeningSince = Date.now();
  let delayMs = retryInitialMs;
  let attempts = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const retire = (server: Deno.HttpServer<Deno.NetAddr>) => {
    const done: Promise<void> = server.shutdown()
      .catch((error) => log.warn("closing the failed server's connections failed", { error }))
      .finally(() => draining.delete(done));
    draining.add(done);
  };

  const relisten = () => {
    retry = undefined;
    attempts++;
    try {
      current = listen(addr.port);
    } catch (error) {
      delayMs = Math.min(delayMs * 2, retryMaxMs);
      retry = setTimeout(relisten, delayMs);
      if (delayMs === retryMaxMs) log.warn("listening again failed; retrying", { error, attempts });
      return;
    }
    log.info("listening again", { port: addr.port, attempts });
    listeningSince = Date.now();
    attempts = 0;
    watch(current);
  };

  const watch = (server: Deno.HttpServer<Deno.NetAddr>) => {
    server.finished.catch((error) => {
      if (stopped || server !== current) return;
      log.warn("accepting connections failed; closing idle connections and listening again", {
        error,
      });
      current = undefined;
      retire(server);
      // A server that failed at once (descriptors still short) waits longer before the next try.
      delayMs = Date.now() - listeningSince > retryMaxMs
        ? retryInitialMs
        : Math.min(delayMs * 2, retryMaxMs);
      retry = setTimeout(relisten, delayMs);
    });
  };
  watch(current);

  return {
    addr,
    async shutdown() {
      stopped = true;
      clearTimeout(retry);
      await Promise.all([current?.shutdown(), ...draining]);
    },
  };
}
