// Environment → Config, validated once at start-up. Every knob has its default here and in the README.
import { z } from "zod";

const positiveInt = (name: string) =>
  z.coerce.number({ error: `${name} must be a number` }).int(`${name} must be a whole number`)
    .positive(`${name} must be greater than 0`);

const nonNegativeInt = (name: string) =>
  z.coerce.number({ error: `${name} must be a number` }).int(`${name} must be a whole number`)
    .min(0, `${name} must be 0 or more`);

const bool = (name: string) =>
  z.enum(["true", "false", "1", "0", "yes", "no", "on", "off"], {
    error: `${name} must be true or false`,
  }).transform((v) => ["true", "1", "yes", "on"].includes(v));

const list = z.string().transform((v) =>
  v.split(",").map((s) => s.trim()).filter((s) => s.length > 0)
);

export const configSchema = z.object({
  /** HTTP port. */
  PORT: positiveInt("PORT").max(65535, "PORT must be at most 65535").default(8000),
  /** Interface to listen on. */
  HOSTNAME: z.string().default("0.0.0.0"),
  /** postgres://… for PostgreSQL or TimescaleDB; unset means embedded PGlite in DATA_DIR/pg. */
  DATABASE_URL: z.string().regex(
    /^postgres(ql)?:\/\/\S+$/,
    "DATABASE_URL must be a postgres:// URL",
  ).optional(),
  /** Where the KV buffer and PGlite live when no other location is given. */
  DATA_DIR: z.string().min(1, "DATA_DIR must not be empty").default("./data"),
  /** Deno KV location; default DATA_DIR/kv.sqlite3. On Deno Deploy the platform's KV is used. */
  KV_PATH: z.string().optional(),
  /** Admin token; generated, printed once and stored hashed when unset. */
  ADMIN_TOKEN: z.string().min(16, "ADMIN_TOKEN must be at least 16 characters").optional(),
  /** Portal origins allowed to read the API cross-origin (comma separated). */
  ALLOWED_ORIGINS: list.default([]),
  /** Flush the buffer to the database at least this often (ms). */
  FLUSH_INTERVAL_MS: positiveInt("FLUSH_INTERVAL_MS").default(1000),
  /** Flush as soon as this many events are buffered; also the most one flush moves. */
  FLUSH_BATCH_SIZE: positiveInt("FLUSH_BATCH_SIZE").default(5000),
  /** Buffered events past which ingest answers 503 (the database is down or slow). */
  BUFFER_MAX_EVENTS: positiveInt("BUFFER_MAX_EVENTS").default(1_000_000),
  /** Requests per minute per ingest key; 0 turns the limit off. */
  INGEST_RATE_LIMIT_PER_MINUTE: nonNegativeInt("INGEST_RATE_LIMIT_PER_MINUTE").default(12_000),
  /** Days raw events are kept. */
  RETENTION_EVENTS_DAYS: positiveInt("RETENTION_EVENTS_DAYS").default(30),
  /** Days per-hour and per-day rollups are kept (per-minute ones: ROLLUP_MINUTES_HOURS). */
  RETENTION_ROLLUPS_DAYS: positiveInt("RETENTION_ROLLUPS_DAYS").default(400),
  /**
   * Hours per-minute rollups are kept (they are about as many rows as the events). Reads use them
   * for the partial hours of recent windows; older partial hours are read from the events.
   */
  ROLLUP_MINUTES_HOURS: positiveInt("ROLLUP_MINUTES_HOURS").default(48),
  /** Store prompts and completions (PII-redacted) when true. */
  STORE_CONTENT: bool("STORE_CONTENT").default(false),
  /** Longest stored prompt or completion, in characters; longer ones are cut. */
  CONTENT_MAX_CHARS: positiveInt("CONTENT_MAX_CHARS").default(20_000),
  /**
   * Spans one POST /v1/traces may carry, counted before decoding; more is a 413. OTel SDKs export
   * 512 per batch (OTEL_BSP_MAX_EXPORT_BATCH_SIZE); a Collector's send_batch_max_size must not
   * exceed it.
   */
  OTLP_MAX_SPANS_PER_REQUEST: positiveInt("OTLP_MAX_SPANS_PER_REQUEST").default(10_000),
  /** Model-call spans (events) one POST /v1/traces may carry; more is a 413, like /v1/events. */
  OTLP_MAX_EVENTS_PER_REQUEST: positiveInt("OTLP_MAX_EVENTS_PER_REQUEST").default(1_000),
  /** Workers that decode OTLP exports off the HTTP thread. */
  OTLP_DECODE_WORKERS: positiveInt("OTLP_DECODE_WORKERS")
    .max(64, "OTLP_DECODE_WORKERS must be at most 64").default(2),
  /** OTLP exports that may wait for a decode worker; past them the answer is 503 + Retry-After. */
  OTLP_DECODE_QUEUE: nonNegativeInt("OTLP_DECODE_QUEUE").default(32),
  /** Longest one OTLP decode may run (ms); the worker is then replaced and the export gets a 413. */
  OTLP_DECODE_TIMEOUT_MS: positiveInt("OTLP_DECODE_TIMEOUT_MS").default(5_000),
  /** How often live streams recompute their numbers (ms); a stream sends only on change. */
  STREAM_TICK_MS: positiveInt("STREAM_TICK_MS").min(100, "STREAM_TICK_MS must be at least 100")
    .default(
      1000,
    ),
  /** Comment heartbeat on idle streams (ms), so proxies keep them open. */
  STREAM_HEARTBEAT_MS: positiveInt("STREAM_HEARTBEAT_MS").default(15_000),
  /**
   * Share of STREAM_TICK_MS one tick may spend computing stream views (%); views it does not
   * reach keep their numbers and are computed first on the next tick.
   */
  STREAM_TICK_BUDGET_PERCENT: positiveInt("STREAM_TICK_BUDGET_PERCENT")
    .max(100, "STREAM_TICK_BUDGET_PERCENT must be at most 100").default(50),
  /** Open streams per credential (widget token, read key, session, admin token), per instance. */
  STREAM_MAX_STREAMS_PER_CREDENTIAL: positiveInt("STREAM_MAX_STREAMS_PER_CREDENTIAL")
    .default(2_000),
  /** Distinct stream views (window, filters, compare) per credential, per instance. */
  STREAM_MAX_VIEWS_PER_CREDENTIAL: positiveInt("STREAM_MAX_VIEWS_PER_CREDENTIAL").default(20),
  /** Open streams per instance. */
  STREAM_MAX_STREAMS: positiveInt("STREAM_MAX_STREAMS").default(10_000),
  /** Distinct stream views per instance. */
  STREAM_MAX_VIEWS: positiveInt("STREAM_MAX_VIEWS").default(200),
  /** How often budgets are checked and threshold crossings recorded (ms). */
  BUDGET_CHECK_INTERVAL_MS: positiveInt("BUDGET_CHECK_INTERVAL_MS").default(60_000),
  /** How long a dashboard login lasts, in hours. */
  SESSION_TTL_HOURS: positiveInt("SESSION_TTL_HOURS").default(168),
  /** Failed sign-ins per client address within LOGIN_FAILURE_WINDOW_MINUTES before 429; 0 = off. */
  LOGIN_MAX_FAILURES: nonNegativeInt("LOGIN_MAX_FAILURES").default(10),
  /** The window over which failed sign-ins are counted, in minutes. */
  LOGIN_FAILURE_WINDOW_MINUTES: positiveInt("LOGIN_FAILURE_WINDOW_MINUTES").default(5),
  /**
   * Behind one TLS-terminating reverse proxy: trust its X-Forwarded-Proto (Secure cookies) and
   * the last X-Forwarded-For address (sign-in throttling). Never set without such a proxy.
   */
  TRUST_PROXY: bool("TRUST_PROXY").default(false),
  /** Run PGlite in a worker (off the HTTP thread). Only tests turn this off. */
  PGLITE_WORKER: bool("PGLITE_WORKER").default(true),
  /** Public URL printed at start-up; default http://localhost:PORT. */
  PUBLIC_URL: z.string().url("PUBLIC_URL must be a URL").optional(),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses an environment record; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ""),
  );
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${String(i.path[0])}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

/** The environment variables the config reads, for Deno.env. */
export const CONFIG_KEYS = Object.keys(configSchema.shape);
