// Whole-app fixture for the SDK tests: a real monitor on a socket (startTestMonitor + Deno.serve),
// an SDK monitor sending to it, and the project's stored events read back through GET /api/events.
import { createMonitor, type Monitor, type MonitorError, type MonitorOptions } from "../sdk/mod.ts";
import { ADMIN_TOKEN, startTestMonitor, type TestMonitor, waitFor } from "./_fixtures.ts";
import { serveLocal } from "./_server.ts";

export type ApiEvent = Record<string, unknown> & { id: string; model: string };

export interface SdkSetup extends AsyncDisposable {
  t: TestMonitor;
  /** The monitor's base URL on 127.0.0.1. */
  url: string;
  sdk: Monitor;
  /** What the SDK told onError. */
  errors: MonitorError[];
  /**
   * Flushes the SDK, moves the buffer into the database, returns the events in the order the
   * SDK recorded them (events sent by other clients last).
   * `recorded`: first wait until the SDK has recorded that many events (calls it reads in the
   * background, like wrapFetch's, end a little after the caller has its response).
   */
  events(recorded?: number): Promise<ApiEvent[]>;
}

export async function startSdkSetup(
  options: { env?: Record<string, string>; sdk?: Partial<MonitorOptions> } = {},
): Promise<SdkSetup> {
  const t = await startTestMonitor({ env: options.env });
  const server = serveLocal(t.app.fetch);
  const url = server.url;
  const errors: MonitorError[] = [];
  const recordedIds: string[] = [];
  const sdk = createMonitor({
    endpoint: url,
    apiKey: t.ingestKey,
    flushOnExit: false,
    onError: (error) => errors.push(error),
    ...options.sdk,
    beforeSend: (event) => {
      recordedIds.push(event.id!);
      return event;
    },
  });
  return {
    t,
    url,
    sdk,
    errors,
    async events(recorded = 0) {
      await waitFor(() => {
        const s = sdk.stats();
        return s.sent + s.queued + s.failed + s.dropped >= recorded;
      }, `${recorded} events recorded by the SDK`);
      await sdk.flush();
      await t.monitor.deps.flusher.drain();
      const response = await t.app.request(
        `/api/events?project=${t.projectId}&window=5m&limit=1000`,
        { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } },
      );
      if (response.status !== 200) throw new Error(`GET /api/events: ${await response.text()}`);
      const { events } = await response.json() as { events: ApiEvent[] };
      // In the order the SDK recorded them (timestamps tie within a millisecond).
      const rank = (e: ApiEvent) => {
        const index = recordedIds.indexOf(e.id);
        return index === -1 ? recordedIds.length : index;
      };
      return events.reverse().sort((a, b) => rank(a) - rank(b));
    },
    async [Symbol.asyncDispose]() {
      await sdk.shutdown({ timeoutMs: 2_000 });
      await server.shutdown();
      await t[Symbol.asyncDispose]();
    },
  };
}
