// What the SDK's behaviour cases share: the shape of a case (run by Deno and by Node, see
// cases.ts), polling, and a monitor opened against a fake ingest that answers as told.
import type { Monitor, MonitorError, MonitorOptions } from "../mod.ts";
import { accepted, type FakeIngest, type Harness, type Reply } from "./harness.ts";

export interface Case {
  name: string;
  fn: (h: Harness) => Promise<void>;
}

/** Polls until check() holds or the deadline passes. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface Setup {
  ingest: FakeIngest;
  monitor: Monitor;
  errors: MonitorError[];
  close(): Promise<void>;
}

export async function open(
  h: Harness,
  options: Partial<MonitorOptions> = {},
  reply: Reply = accepted,
): Promise<Setup> {
  const ingest = await h.startIngest(reply);
  const errors: MonitorError[] = [];
  const monitor = h.createMonitor({
    endpoint: ingest.url,
    apiKey: "key-1",
    flushIntervalMs: 60_000,
    retryBaseMs: 5,
    flushOnExit: false,
    onError: (e) => errors.push(e),
    ...options,
  });
  return {
    ingest,
    monitor,
    errors,
    close: async () => {
      await monitor.shutdown({ timeoutMs: 1_000 });
      await ingest.close();
    },
  };
}

export const models = (events: Record<string, unknown>[]) => events.map((e) => e.model);
