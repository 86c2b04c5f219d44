// What the app is built from; main.ts and tests assemble it.
import type { Config } from "./config.ts";
import type { Flusher } from "./ingest/flusher.ts";
import type { Logger } from "./log.ts";
import type { StreamHub } from "./metrics/stream_hub.ts";
import type { HourCache } from "./metrics/hour_cache.ts";
import type { AuthStore, SessionStore } from "./store/auth_store.ts";
import type { EventBuffer } from "./store/buffer.ts";
import type { DeadLetterStore } from "./store/dead_letter.ts";
import type { PriceStore } from "./store/price_store.ts";
import type { BudgetStore } from "./store/budget_store.ts";
import type { BudgetWatch } from "./cost/budget_watch.ts";
import type { Pricer } from "./cost/pricing.ts";
import type { EventStore } from "./store/event_store.ts";
import type { OtlpDecoderPool } from "./otlp/decoder_pool.ts";
import type { SeriesColorStore } from "./store/series_colors.ts";

export interface AppDeps {
  config: Config;
  kv: Deno.Kv;
  auth: AuthStore;
  sessions: SessionStore;
  hub: StreamHub;
  hours: HourCache;
  buffer: EventBuffer;
  /** Events the database refused and undecodable buffer chunks, parked by the flusher. */
  deadLetters: DeadLetterStore;
  prices: PriceStore;
  budgets: BudgetStore;
  budgetWatch: BudgetWatch;
  pricer: Pricer;
  store: EventStore;
  flusher: Flusher;
  /** Decodes OTLP exports in workers, off the HTTP thread. */
  otlpDecoder: OtlpDecoderPool;
  /** The palette slot of each model, provider, endpoint and application, per project. */
  seriesColors: SeriesColorStore;
  log: Logger;
  now: () => number;
}
