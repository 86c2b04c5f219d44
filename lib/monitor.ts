// Opens the stores, bootstraps and assembles the app's dependencies; the one place that does I/O
// at start-up, so main.ts, tests and benchmarks start the monitor the same way.
import { type Bootstrap, bootstrap } from "./access/admin.ts";
import type { Config } from "./config.ts";
import type { AppDeps } from "./deps.ts";
import { Flusher } from "./ingest/flusher.ts";
import type { Logger } from "./log.ts";
import { generateSecret, SECRET_PREFIX } from "./access/secrets.ts";
import { AuthStore, SessionStore } from "./store/auth_store.ts";
import { StreamHub } from "./metrics/stream_hub.ts";
import { HourCache } from "./metrics/hour_cache.ts";
import { EventBuffer } from "./store/buffer.ts";
import { DeadLetterStore } from "./store/dead_letter.ts";
import type { EventStore } from "./store/event_store.ts";
import { openEventStore } from "./store/open.ts";
import { PriceStore } from "./store/price_store.ts";
import { BudgetStore } from "./store/budget_store.ts";
import { BudgetWatch } from "./cost/budget_watch.ts";
import { Pricer } from "./cost/pricing.ts";
import { OtlpDecoderPool } from "./otlp/decoder_pool.ts";
import { SeriesColorStore } from "./store/series_colors.ts";

export interface Monitor extends AsyncDisposable {
  deps: AppDeps;
  boot: Bootstrap;
  /** Stops the flusher (after draining the buffer for up to drainMs) and closes the stores. */
  close(options?: { drainMs?: number }): Promise<void>;
}

/** KV location: an explicit path, the platform's KV on Deno Deploy, or DATA_DIR/kv.sqlite3. */
export async function openKv(
  config: Pick<Config, "KV_PATH" | "DATA_DIR">,
  onDeploy: boolean,
): Promise<Deno.Kv> {
  if (config.KV_PATH) return await Deno.openKv(config.KV_PATH);
  if (onDeploy) return await Deno.openKv();
  await Deno.mkdir(config.DATA_DIR, { recursive: true });
  return await Deno.openKv(`${config.DATA_DIR}/kv.sqlite3`);
}

export async function openMonitor(
  config: Config,
  log: Logger,
  options: {
    kv?: Deno.Kv;
    /** An opened, migrated store (tests pick the engine); closed with the monitor. */
    store?: EventStore;
    now?: () => number;
    onDeploy?: boolean;
  } = {},
): Promise<Monitor> {
  const kv = options.kv ?? (await openKv(config, options.onDeploy ?? false));
  const store = options.store ?? (await openEventStore(config));
  const auth = new AuthStore(kv);
  const boot = await bootstrap(auth, config.ADMIN_TOKEN, () => generateSecret(SECRET_PREFIX.admin));
  const buffer = new EventBuffer(kv);
  const deadLetters = new DeadLetterStore(kv);
  const now = options.now ?? Date.now;
  const flusher = new Flusher(kv, buffer, store, log, {
    intervalMs: config.FLUSH_INTERVAL_MS,
    batchSize: config.FLUSH_BATCH_SIZE,
    retentionDays: { events: config.RETENTION_EVENTS_DAYS, rollups: config.RETENTION_ROLLUPS_DAYS },
    now,
    deadLetters,
  });
  const sessions = new SessionStore(kv, auth, config.ADMIN_TOKEN);
  const hours = new HourCache(now);
  const hub = new StreamHub({ store, buffer, hours }, log, {
    now,
    tickMs: config.STREAM_TICK_MS,
    budgetMs: config.STREAM_TICK_MS * config.STREAM_TICK_BUDGET_PERCENT / 100,
    caps: {
      streamsPerCredential: config.STREAM_MAX_STREAMS_PER_CREDENTIAL,
      viewsPerCredential: config.STREAM_MAX_VIEWS_PER_CREDENTIAL,
      streams: config.STREAM_MAX_STREAMS,
      views: config.STREAM_MAX_VIEWS,
    },
  });
  const prices = new PriceStore(kv);
  const pricer = new Pricer();
  const budgets = new BudgetStore(kv);
  const budgetWatch = new BudgetWatch(kv, auth, { store, buffer, budgets, hours }, log, {
    intervalMs: config.BUDGET_CHECK_INTERVAL_MS,
    now,
  });
  const otlpDecoder = new OtlpDecoderPool({
    workers: config.OTLP_DECODE_WORKERS,
    queueMax: config.OTLP_DECODE_QUEUE,
    timeoutMs: config.OTLP_DECODE_TIMEOUT_MS,
  });
  const deps: AppDeps = {
    config,
    kv,
    auth,
    sessions,
    hub,
    hours,
    buffer,
    deadLetters,
    prices,
    pricer,
    budgets,
    budgetWatch,
    store,
    flusher,
    otlpDecoder,
    seriesColors: new SeriesColorStore(kv),
    log,
    now,
  };
  const close = async ({ drainMs = 0 } = {}) => {
    hub.close();
    otlpDecoder.close();
    await budgetWatch.stop();
    await flusher.stop();
    if (drainMs > 0) await drainWithin(flusher, log, drainMs);
    await store.close();
    if (!options.kv) kv.close();
  };
  return { deps, boot, close, [Symbol.asyncDispose]: () => close() };
}

/** A last flush at shutdown; what does not fit in the time stays buffered for the next start. */
async function drainWithin(flusher: Flusher, log: Logger, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) =>
    timer = setTimeout(() => resolve("timeout"), ms)
  );
  try {
    const result = await Promise.race([flusher.drain(), timeout]);
    if (result === "timeout") {
      log.warn("shutdown flush timed out; the rest stays buffered for the next start");
    }
  } catch (error) {
    log.warn("shutdown flush failed; events stay buffered for the next start", { error });
  } finally {
    clearTimeout(timer);
  }
}

/** The start-up banner: secrets appear only on the start that created them. */
export function banner(config: Config, boot: Bootstrap, engine: string): string {
  const url = config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
  const lines = [
    `llm-monitor listening on ${url}  (storage: ${engine})`,
    `  dashboard: ${url}/  (sign in with the admin token or a read key)`,
  ];
  if (boot.adminToken) {
    lines.push(`  admin token (shown once, stored hashed): ${boot.adminToken}`);
  }
  if (boot.ingestKey) {
    lines.push(
      `  ingest key for project "default" (shown once): ${boot.ingestKey}`,
      `  try: curl -X POST ${url}/v1/events -H 'Authorization: Bearer ${boot.ingestKey}' \\`,
      `         -H 'Content-Type: application/json' -d '{"events":[{"model":"gpt-4o","input_tokens":12,"output_tokens":40,"latency_ms":830}]}'`,
    );
  }
  return lines.join("\n");
}
