// What the app is built from; main.ts and tests assemble it.
import type { Config } from "./config.ts";
import type { Flusher } from "./flusher.ts";
import type { Logger } from "./log.ts";
import type { StreamHub } from "./stream_hub.ts";
import type { AuthStore, SessionStore } from "./store/auth_store.ts";
import type { EventBuffer } from "./store/buffer.ts";
import type { EventStore } from "./store/event_store.ts";

export interface AppDeps {
  config: Config;
  kv: Deno.Kv;
  auth: AuthStore;
  sessions: SessionStore;
  hub: StreamHub;
  buffer: EventBuffer;
  store: EventStore;
  flusher: Flusher;
  log: Logger;
  now: () => number;
}
