// The fuzz target: one store for a whole campaign (tests/fuzz_test.ts, bench/fuzz_bench.ts), a
// fresh server and KV per run; the tally of what was sent and answered, and the invariant every
// run ends on (stored events counted once by the rollups).
import assert from "node:assert/strict";
import { createApp } from "../../app.ts";
import { loadConfig } from "../../lib/config.ts";
import { silentLogger } from "../../lib/log.ts";
import { openMonitor } from "../../lib/monitor.ts";
import type { EventStore } from "../../lib/store/event_store.ts";
import { ENGINES } from "../engines.ts";

/** The monitor's settings for a run: content stored, the flusher quick (as the test suites run it). */
function fuzzConfig() {
  return loadConfig({
    ADMIN_TOKEN: "fuzz-admin-token-0123456789",
    PGLITE_WORKER: "false",
    FLUSH_INTERVAL_MS: "50",
    STORE_CONTENT: "true",
  });
}

export interface Tally {
  requests: number;
  accepted: number;
  rejected: number;
  byStatus: Record<string, number>;
}

export function newTally(): Tally {
  return { requests: 0, accepted: 0, rejected: 0, byStatus: {} };
}

export interface FuzzTarget extends AsyncDisposable {
  engine: string;
  store: EventStore;
  tally: Tally;
}

export async function openFuzzTarget(engineName = "pglite"): Promise<FuzzTarget> {
  const engine = ENGINES.find((e) => e.name === engineName);
  if (!engine || engine.ignore) throw new Error(`engine ${engineName} is not available here`);
  const store = await engine.open();
  return {
    engine: engine.name,
    store,
    tally: newTally(),
    [Symbol.asyncDispose]: () => store.close(),
  };
}

export interface Wire {
  body: Uint8Array<ArrayBuffer>;
  headers: Record<string, string>;
}

export interface Run extends AsyncDisposable {
  keys: { events: string; traces: string; chaos: string };
  projects: { events: string; traces: string; chaos: string };
  send(path: string, key: string, wire: Wire): Promise<Response>;
  /** Drains the buffer (with a deadline) and checks that nothing is left or parked. */
  settle(): Promise<void>;
}

/** The real app on 127.0.0.1:0 over a fresh in-memory KV (a poisoned buffer dies with its run). */
export async function openRun(target: FuzzTarget): Promise<Run> {
  const kv = await Deno.openKv(":memory:");
  const monitor = await openMonitor(fuzzConfig(), silentLogger, {
    kv,
    store: { ...target.store, close: () => Promise.resolve() },
  });
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    createApp(monitor.deps).fetch,
  );
  const client = Deno.createHttpClient({});
  const url = `http://127.0.0.1:${server.addr.port}`;
  const auth = monitor.deps.auth;
  const project = async () => {
    const p = await auth.createProject(`fuzz-${crypto.randomUUID().slice(0, 8)}`);
    return { id: p.id, key: (await auth.createKey(p.id, "ingest")).secret };
  };
  const [events, traces, chaos] = [await project(), await project(), await project()];
  return {
    keys: { events: events.key, traces: traces.key, chaos: chaos.key },
    projects: { events: events.id, traces: traces.id, chaos: chaos.id },
    send: (path, key, wire) =>
      fetch(`${url}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, ...wire.headers },
        body: wire.body,
        client,
      }),
    settle: async () => {
      await withDeadline(monitor.deps.flusher.drain(), 30_000, "the drain").catch((error) => {
        assert.fail(`accepted events are stuck: the drain failed: ${String(error)}`);
      });
      const health = await fetch(`${url}/healthz`, { client });
      assert.equal(health.status, 200);
      const body = await health.json() as Record<string, unknown>;
      assert.equal(body.buffered, 0, "the buffer is empty after the drain");
      for (const [name, n] of await deadLetterCounts(body, monitor.deps)) {
        assert.equal(n, 0, `${name}: accepted (storable) events were dead-lettered`);
      }
    },
    [Symbol.asyncDispose]: async () => {
      client.close(); // first: shutdown() waits for the client's keep-alive connections
      await server.shutdown();
      await monitor.close();
      kv.close();
    },
  };
}

/** Dead letters, wherever the store lands: numeric /dead/ fields of /healthz, or a dep's size(). */
async function deadLetterCounts(health: unknown, deps: object): Promise<Array<[string, number]>> {
  const found: Array<[string, number]> = [];
  const walk = (value: unknown, path: string) => {
    if (value === null || typeof value !== "object") return;
    for (const [k, v] of Object.entries(value)) {
      if (/dead/i.test(k) && typeof v === "number") found.push([`/healthz ${path}${k}`, v]);
      else walk(v, `${path}${k}.`);
    }
  };
  walk(health, "");
  for (const [name, dep] of Object.entries(deps)) {
    const counter = dep as { count?: unknown; size?: unknown } | null;
    const method = typeof counter?.count === "function"
      ? "count"
      : typeof counter?.size === "function"
      ? "size"
      : null;
    if (/dead/i.test(name) && method !== null) {
      const n = await (counter![method] as () => Promise<number>).call(dep);
      found.push([`deps.${name}.${method}()`, Number(n)]);
    }
  }
  return found;
}

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

export function count(tally: Tally, status: number, accepted = 0, rejected = 0) {
  tally.requests++;
  tally.accepted += accepted;
  tally.rejected += rejected;
  tally.byStatus[status] = (tally.byStatus[status] ?? 0) + 1;
}

/** Shows hostile values legibly in messages: escaped, long strings and arrays cut, depth capped. */

export async function checkRollups(
  store: EventStore,
  projectId: string,
  events: number,
): Promise<void> {
  const stats = await store.stats(projectId);
  assert.equal(Number(stats.events), events, "stats.events = stored ids");
  assert.equal(
    Number(stats.requests_rolled_up_1m),
    events,
    "1-minute rollups count every event once",
  );
  assert.equal(
    Number(stats.requests_rolled_up_1h),
    events,
    "1-hour rollups count every event once",
  );
}
