// The real monitor in-process, started as main.ts starts it (file KV with fsync, the configured
// engine, the Hono app on a real socket, the flusher running), and the load that measures it:
// HTTP clients in a worker, so the server's event loop does only the server's work.
import { CONFIG_KEYS, loadConfig } from "../lib/config.ts";
import type { Logger } from "../lib/log.ts";
import { type ServedMonitor, serveMonitor } from "./_monitor_server.ts";
import type { WireEvent } from "./_ingest_events.ts";
import type { LoadMessage, LoadRequest } from "./_ingest_load_worker.ts";
import {
  every,
  loopLag,
  mainThreadCpuMs,
  type PathResult,
  pathResult,
  round,
} from "./_ingest_stats.ts";

export type BenchMonitor = ServedMonitor;

/**
 * Starts the monitor on 127.0.0.1 (a free port) with DATA_DIR = dataDir. Tuning knobs set in the
 * environment (FLUSH_INTERVAL_MS, FLUSH_BATCH_SIZE, …) apply; storage and rate limit are the
 * bench's: DATABASE_URL as given (unset: PGlite in a worker), no per-key rate limit.
 */
export async function startBenchMonitor(
  options: { dataDir: string; databaseUrl?: string; log: Logger },
): Promise<BenchMonitor> {
  const env = Object.fromEntries(CONFIG_KEYS.map((k) => [k, Deno.env.get(k)]));
  const config = loadConfig({
    ...env,
    DATABASE_URL: options.databaseUrl,
    DATA_DIR: options.dataDir,
    KV_PATH: undefined,
    HOSTNAME: "127.0.0.1",
    INGEST_RATE_LIMIT_PER_MINUTE: "0",
    ADMIN_TOKEN: `bench-admin-${crypto.randomUUID()}`,
  });
  return await serveMonitor(config, options.log);
}

export interface MonitorResult {
  ack: PathResult;
  end_to_end: PathResult;
  /** From the last 202 to the last event in the database: the flusher's backlog. */
  drain_after_last_ack_ms: number;
  /** How late a 10 ms timer on the server's thread fired during the load: its longest stalls. */
  server_loop_lag_ms: { p99: number; max: number };
  /**
   * CPU the server's thread (HTTP, ingest, KV, and the flusher's JS) spent per 100 events acked
   * during the load; null off Linux.
   */
  server_cpu_ms_per_100_events: number | null;
}

const clock = () => performance.timeOrigin + performance.now();

type LoadDone = Extract<LoadMessage, { type: "done" }>;

/** The HTTP clients' worker: started (module loaded) before any clock starts. */
class LoadClients {
  readonly #worker = new Worker(new URL("./_ingest_load_worker.ts", import.meta.url).href, {
    type: "module",
  });
  #ready = Promise.withResolvers<void>();
  #done: PromiseWithResolvers<LoadDone> | undefined;
  #onProgress: (acked: number) => void = () => {};

  constructor() {
    this.#worker.onmessage = (message: MessageEvent<LoadMessage>) => {
      const m = message.data;
      if (m.type === "ready") this.#ready.resolve();
      else if (m.type === "progress") this.#onProgress(m.acked);
      else if (m.type === "done") this.#done?.resolve(m);
      else this.#fail(m.message);
    };
    this.#worker.onerror = (event) => {
      event.preventDefault();
      this.#fail(event.message);
    };
  }

  ready(): Promise<void> {
    return this.#ready.promise;
  }

  /** Posts every body from `clients` connections; the bodies are transferred to the worker. */
  run(
    bench: BenchMonitor,
    load: { bodies: Uint8Array<ArrayBuffer>[]; counts: number[]; clients: number },
    onProgress: (acked: number) => void = () => {},
  ): Promise<LoadDone> {
    this.#done = Promise.withResolvers<LoadDone>();
    this.#onProgress = onProgress;
    const request: LoadRequest = { url: bench.url, ingestKey: bench.ingestKey, ...load };
    this.#worker.postMessage(request, load.bodies.map((b) => b.buffer));
    return this.#done.promise;
  }

  close(): void {
    this.#worker.terminate();
  }

  #fail(message: string): void {
    const error = new Error(`load worker: ${message}`);
    this.#ready.reject(error);
    this.#done?.reject(error);
  }
}

function encode(batches: WireEvent[][]) {
  const encoder = new TextEncoder();
  return {
    bodies: batches.map((b) => encoder.encode(JSON.stringify({ events: b }))),
    counts: batches.map((b) => b.length),
  };
}

/**
 * Posts the warm-up batches and waits for them to reach the database, then posts `batches` from
 * `clients` concurrent connections (in a worker), timing each request to its 202, and polls the
 * database until every event is there.
 */
export async function runMonitorLoad(
  bench: BenchMonitor,
  options: {
    warmup: WireEvent[][];
    batches: WireEvent[][];
    clients: number;
    deadlineMs: number;
    progress: (line: string) => void;
  },
): Promise<MonitorResult> {
  const { store, buffer } = bench.monitor.deps;
  /**
   * Polls the KV buffer (a cheap read; chunks leave it only after the database commit) until it
   * is empty, then checks the count in the database; the time the target count was seen.
   */
  const waitInDb = async (target: number, what: string) => {
    const deadline = performance.now() + options.deadlineMs;
    let last = performance.now();
    for (;;) {
      const buffered = await buffer.size();
      if (buffered === 0) {
        const n = (await store.stats(bench.projectId)).events;
        if (n >= target) return clock();
        if (performance.now() > deadline) {
          throw new Error(`${what}: only ${n} of ${target} events in the database at the deadline`);
        }
      } else if (performance.now() > deadline) {
        throw new Error(`${what}: ${buffered} events still buffered at the deadline`);
      }
      if (performance.now() - last > 2_000) {
        options.progress(`${what}: ${buffered} events still buffered`);
        last = performance.now();
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  const clients = new LoadClients();
  try {
    await clients.ready();
    await clients.run(bench, { ...encode(options.warmup), clients: options.clients });
    const warmEvents = options.warmup.reduce((s, b) => s + b.length, 0);
    await waitInDb(warmEvents, "warm-up");

    const timed = { ...encode(options.batches), clients: options.clients };
    const total = timed.counts.reduce((s, n) => s + n, 0);
    let acked = 0;
    const loadStarted = performance.now();
    const stopProgress = every(2_000, async () => {
      const seconds = (performance.now() - loadStarted) / 1_000;
      options.progress(
        `load: ${acked}/${total} events acked (${Math.round(acked / seconds)}/s), ${await buffer
          .size()} buffered`,
      );
    });
    const stopLag = loopLag();
    const cpuBefore = mainThreadCpuMs();
    let load;
    let lag;
    try {
      load = await clients.run(bench, timed, (n) => (acked = n));
    } finally {
      stopProgress();
      lag = stopLag();
    }
    const cpuAfter = mainThreadCpuMs();
    const cpuPer100 = cpuBefore === null || cpuAfter === null
      ? null
      : round(((cpuAfter - cpuBefore) / load.acked) * 100, 2);
    options.progress(`load: ${load.acked}/${total} events acked; waiting for the database`);
    const durableAt = await waitInDb(warmEvents + total, "end-to-end");
    return {
      ack: pathResult(load.acked, load.ended_at - load.started_at, load.latencies_ms),
      end_to_end: pathResult(total, durableAt - load.started_at),
      drain_after_last_ack_ms: Math.round(durableAt - load.ended_at),
      server_loop_lag_ms: lag,
      server_cpu_ms_per_100_events: cpuPer100,
    };
  } finally {
    clients.close();
  }
}
