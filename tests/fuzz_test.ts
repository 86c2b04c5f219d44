// Fuzzing the ingest edge through a real socket: random /v1/events requests and OTLP exports
// (hostile Unicode, edge numbers, deep and wide structures, wrong types, broken bytes). After each
// run the buffer is drained and the database must hold every accepted event exactly once.
// FUZZ_SEED, FUZZ_PATH (replay one counterexample), FUZZ_RUNS, FUZZ_ENGINE (pglite | postgres).
// bench/fuzz_bench.ts reuses the properties below for a longer campaign.
import assert from "node:assert/strict";
import { fromBinary, fromJson, type JsonValue } from "@bufbuild/protobuf";
import fc from "fast-check";
import { createApp } from "../app.ts";
import { eventSchema } from "../lib/ingest/event.ts";
import { silentLogger } from "../lib/log.ts";
import { openMonitor } from "../lib/monitor.ts";
import { StatusSchema } from "../lib/otlp/gen/google/rpc/status_pb.ts";
import { ExportTraceServiceResponseSchema } from "../lib/otlp/gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.ts";
import type { EventStore } from "../lib/store/event_store.ts";
import {
  encodeExport,
  encodeGarbage,
  type EventCase,
  type EventsRequest,
  eventsRequest,
  resolveTime,
  type TracesCase,
  tracesCase,
} from "./_fuzz_arbitraries.ts";
import { ENGINES } from "./_engines.ts";
import { gzipBytes, testConfig } from "./_fixtures.ts";

// ── The target: one store for a whole campaign, a fresh server and KV per run ───────────────────

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

interface Wire {
  body: Uint8Array<ArrayBuffer>;
  headers: Record<string, string>;
}

interface Run extends AsyncDisposable {
  keys: { events: string; traces: string; chaos: string };
  projects: { events: string; traces: string; chaos: string };
  send(path: string, key: string, wire: Wire): Promise<Response>;
  /** Drains the buffer (with a deadline) and checks that nothing is left or parked. */
  settle(): Promise<void>;
}

/** The real app on 127.0.0.1:0 over a fresh in-memory KV (a poisoned buffer dies with its run). */
async function openRun(target: FuzzTarget): Promise<Run> {
  const kv = await Deno.openKv(":memory:");
  const monitor = await openMonitor(testConfig({ STORE_CONTENT: "true" }), silentLogger, {
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

function count(tally: Tally, status: number, accepted = 0, rejected = 0) {
  tally.requests++;
  tally.accepted += accepted;
  tally.rejected += rejected;
  tally.byStatus[status] = (tally.byStatus[status] ?? 0) + 1;
}

/** Shows hostile values legibly in messages: escaped, long strings and arrays cut, depth capped. */
function show(value: unknown, max = 300): string {
  const s = fc.stringify(prune(value, 0));
  return s.length > max ? `${s.slice(0, max)}… (${s.length} chars)` : s;
}

function prune(value: unknown, depth: number): unknown {
  if (typeof value === "string") {
    return value.length > 120 ? `${value.slice(0, 60)}…[${value.length} chars]` : value;
  }
  if (value instanceof Uint8Array) return value.length > 32 ? `[${value.length} bytes]` : value;
  if (value === null || typeof value !== "object") return value;
  if (depth > 10) return Array.isArray(value) ? "[…]" : "{…}";
  if (Array.isArray(value)) {
    const head = value.slice(0, 12).map((v) => prune(v, depth + 1));
    return value.length > 12 ? [...head, `…[${value.length} items]`] : head;
  }
  const entries = Object.entries(value);
  const head = entries.slice(0, 30).map(([k, v]) => [prune(k, depth), prune(v, depth + 1)]);
  if (entries.length > 30) head.push(["…", `${entries.length} keys`]);
  return Object.fromEntries(head);
}

// ── POST /v1/events ─────────────────────────────────────────────────────────────────────────────

const EVENT_FIELDS: ReadonlySet<string> = new Set(Object.keys(eventSchema.shape));

/** "field: why" or "field.key: why" with a field of the contract; "must be an object" for a non-object. */
function namesAField(error: unknown): boolean {
  if (typeof error !== "string") return false;
  const field = /^([A-Za-z_]+)[.:]/.exec(error)?.[1];
  return error === "must be an object" || (field !== undefined && EVENT_FIELDS.has(field));
}

function eventsWire(
  request: Exclude<EventsRequest, { kind: "replay" }>,
  ids: string[],
  now: number,
) {
  const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  if (request.kind === "value") {
    return { plain: json(request.body), headers: { "content-type": "application/json" } };
  }
  if (request.kind === "raw") {
    const plain = typeof request.body === "string"
      ? new TextEncoder().encode(request.body)
      : new Uint8Array(request.body);
    const headers: Record<string, string> = { "content-type": request.contentType };
    if (request.encoding !== null) headers["content-encoding"] = request.encoding;
    return { plain, headers };
  }
  const events = request.events.map((e) => eventValue(e, ids, now));
  const body = request.bare
    ? events
    : { events, ...(request.junk === undefined ? {} : { junk: request.junk }) };
  return { plain: json(body), headers: { "content-type": request.contentType } };
}

function eventValue(e: EventCase, ids: string[], now: number): unknown {
  if (e.notAnObject !== undefined) return e.notAnObject;
  const out: Record<string, unknown> = { ...e.fields };
  if (e.time !== null) out.timestamp = resolveTime(e.time, now);
  const id = e.id;
  if (id.kind === "fresh") out.id = `e${ids.length}`;
  else if (id.kind === "repeat") out.id = ids.length > 0 ? ids[id.pick % ids.length] : "e-first";
  else if (id.kind === "null") out.id = null;
  else if (id.kind === "given") out.id = id.value;
  if (typeof out.id === "string") ids.push(out.id);
  return out;
}

/** The events of a body exactly as the server reads them (same decoder, same envelope rule). */
function eventsOfBytes(plain: Uint8Array): unknown[] {
  const body = JSON.parse(new TextDecoder().decode(plain)) as unknown;
  if (Array.isArray(body)) return body;
  return (body as { events: unknown[] }).events;
}

/** Checks one answer; returns the events it accepted. */
async function checkEventsAnswer(
  response: Response,
  plain: Uint8Array,
  tally: Tally,
): Promise<unknown[]> {
  const text = await response.text();
  count(tally, response.status);
  assert.ok(response.status < 500, `POST /v1/events answered ${response.status}: ${show(text)}`);
  assert.ok(
    [202, 400, 413, 415].includes(response.status),
    `unexpected status ${response.status}: ${show(text)}`,
  );
  assert.equal(response.headers.get("content-type")?.split(";")[0], "application/json");
  const body = JSON.parse(text) as Record<string, unknown>;
  const rejected = (body.rejected ?? []) as Array<{ index: number; errors: unknown[] }>;
  for (const r of rejected) {
    assert.ok(
      r.errors.length > 0 && r.errors.every(namesAField),
      `rejection names no field: ${show(r)}`,
    );
  }
  if (response.status !== 202) {
    const error = body.error;
    assert.ok(typeof error === "string" && error.length > 0, `4xx without an error: ${show(body)}`);
    assert.ok(
      /^((request )?body|events|Content-Type|Content-Encoding)\b/.test(error) ||
        (error === "no valid events in the batch" && rejected.length > 0),
      `the error names no field: ${show(error)}`,
    );
    return [];
  }
  const events = eventsOfBytes(plain);
  const indexes = rejected.map((r) => r.index);
  assert.ok(
    indexes.every((i, k) =>
      Number.isInteger(i) && i >= 0 && i < events.length && (k === 0 || i > indexes[k - 1]!)
    ),
  );
  assert.equal(body.accepted, events.length - rejected.length, "accepted + rejected = events sent");
  const bad = new Set(indexes);
  tally.accepted += events.length - bad.size;
  tally.rejected += bad.size;
  return events.filter((_, i) => !bad.has(i));
}

export const eventsRun = fc.array(eventsRequest, { minLength: 1, maxLength: 5 });

export async function checkEventsRun(target: FuzzTarget, requests: EventsRequest[]): Promise<void> {
  await using run = await openRun(target);
  const sent: Array<{ wire: Wire; plain: Uint8Array }> = [];
  const ids: string[] = [];
  const explicit = new Set<string>();
  let assigned = 0;
  for (const request of requests) {
    let entry = request.kind === "replay"
      ? sent[request.pick % Math.max(1, sent.length)]
      : undefined;
    if (request.kind !== "replay") {
      const { plain, headers } = eventsWire(request, ids, Date.now());
      const gzip = request.kind === "batch" && request.gzip;
      const body = gzip ? await gzipBytes(new TextDecoder().decode(plain)) : new Uint8Array(plain);
      entry = {
        wire: { body, headers: gzip ? { ...headers, "content-encoding": "gzip" } : headers },
        plain,
      };
    }
    if (entry === undefined) continue;
    sent.push(entry);
    const response = await run.send("/v1/events", run.keys.events, entry.wire);
    for (const e of await checkEventsAnswer(response, entry.plain, target.tally)) {
      const id = (e as { id?: unknown }).id;
      if (typeof id === "string") explicit.add(id);
      else assigned++;
    }
  }
  await run.settle();
  const stored = await target.store.listEventIds(run.projects.events);
  const storedSet = new Set(stored);
  // A store may normalise what it cannot hold (NUL, lone surrogates) but must lose nothing.
  const missing = [...explicit].filter((id) =>
    ![id, id.toWellFormed(), id.replaceAll("\0", ""), id.toWellFormed().replaceAll("\0", "\uFFFD")]
      .some((v) => storedSet.has(v))
  );
  assert.deepEqual(missing.map((id) => show(id, 80)), [], "accepted ids missing from the database");
  assert.equal(
    stored.length,
    explicit.size + assigned,
    `stored ${stored.length} events for ${explicit.size} distinct accepted ids + ${assigned} without id; stored ${
      show(stored, 600)
    }, accepted ${show([...explicit], 600)}`,
  );
  await checkRollups(target.store, run.projects.events, stored.length);
}

async function checkRollups(store: EventStore, projectId: string, events: number): Promise<void> {
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

// ── POST /v1/traces ─────────────────────────────────────────────────────────────────────────────

/** Checks one OTLP answer; returns rejected_spans of a 200, null for a 4xx. */
async function checkTracesAnswer(response: Response, contentType: string, tally: Tally) {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const text = () => show(new TextDecoder().decode(bytes));
  count(tally, response.status);
  assert.ok(response.status < 500, `POST /v1/traces answered ${response.status}: ${text()}`);
  assert.ok(
    [200, 400, 413, 415].includes(response.status),
    `unexpected ${response.status}: ${text()}`,
  );
  assert.equal(
    response.headers.get("content-type"),
    contentType,
    "answered in the request's encoding",
  );
  const json = contentType === "application/json";
  if (response.status !== 200) {
    const status = json
      ? fromJson(StatusSchema, JSON.parse(new TextDecoder().decode(bytes)) as JsonValue)
      : fromBinary(StatusSchema, bytes);
    assert.ok(
      status.code > 0 && status.message.length > 0,
      `a google.rpc.Status with a message: ${text()}`,
    );
    return null;
  }
  const answer = json
    ? fromJson(
      ExportTraceServiceResponseSchema,
      JSON.parse(new TextDecoder().decode(bytes)) as JsonValue,
    )
    : fromBinary(ExportTraceServiceResponseSchema, bytes);
  return Number(answer.partialSuccess?.rejectedSpans ?? 0n);
}

export const tracesRun = fc.array(tracesCase, { minLength: 1, maxLength: 4 });

export async function checkTracesRun(target: FuzzTarget, cases: TracesCase[]): Promise<void> {
  await using run = await openRun(target);
  const sent: Array<{ wire: Wire; modelCalls: number }> = [];
  const sentIds = new Set<string>();
  let spans = 0;
  let expected = 0;
  for (const [n, c] of cases.entries()) {
    if (c.kind === "garbage") {
      const { body, contentType } = encodeGarbage(c, Date.now());
      const response = await run.send("/v1/traces", run.keys.chaos, {
        body,
        headers: { "content-type": contentType },
      });
      await checkTracesAnswer(response, contentType, target.tally);
      continue;
    }
    let entry = c.kind === "replay" ? sent[c.pick % Math.max(1, sent.length)] : undefined;
    const replay = entry !== undefined;
    if (c.kind === "export") {
      const encoded = encodeExport(c, n, () => ++spans, Date.now());
      encoded.modelCallIds.forEach((id) => sentIds.add(id));
      const headers: Record<string, string> = { "content-type": encoded.contentType };
      let body = encoded.body;
      if (c.gzip) {
        const gz = new Response(
          new Blob([body]).stream().pipeThrough(new CompressionStream("gzip")),
        );
        body = new Uint8Array(await gz.arrayBuffer());
        headers["content-encoding"] = "gzip";
      }
      entry = { wire: { body, headers }, modelCalls: encoded.modelCalls };
    }
    if (entry === undefined) continue;
    sent.push(entry);
    const contentType = entry.wire.headers["content-type"]!;
    const rejected = await checkTracesAnswer(
      await run.send("/v1/traces", run.keys.traces, entry.wire),
      contentType,
      target.tally,
    );
    if (rejected === null) continue;
    assert.ok(
      rejected <= entry.modelCalls,
      `rejected_spans ${rejected} > ${entry.modelCalls} model calls sent`,
    );
    target.tally.accepted += entry.modelCalls - rejected;
    target.tally.rejected += rejected;
    if (!replay) expected += entry.modelCalls - rejected;
  }
  await run.settle();
  const stored = await target.store.listEventIds(run.projects.traces);
  assert.deepEqual(
    stored.filter((id) => !sentIds.has(id)),
    [],
    "only model-call spans become events",
  );
  assert.equal(stored.length, expected, "every accepted model-call span is stored exactly once");
  await checkRollups(target.store, run.projects.traces, stored.length);
  const chaos = await target.store.listEventIds(run.projects.chaos);
  await checkRollups(target.store, run.projects.chaos, chaos.length);
}

// ── Running a property with a printed, replayable seed ──────────────────────────────────────────

export interface FuzzOptions {
  seed: number;
  numRuns: number;
  path?: string;
  /** Stops generating (and shrinking) after this long; a failure found by then is still reported. */
  timeLimitMs: number;
}

export function fuzzOptions(
  defaults: { numRuns: number; timeLimitMs: number; seed?: number },
): FuzzOptions {
  const env = (name: string) => Deno.env.get(name) || undefined;
  return {
    seed: Number(env("FUZZ_SEED") ?? defaults.seed ?? Date.now() % 2 ** 31),
    numRuns: Number(env("FUZZ_RUNS") ?? defaults.numRuns),
    path: env("FUZZ_PATH"),
    timeLimitMs: Number(env("FUZZ_TIME_LIMIT_MS") ?? defaults.timeLimitMs),
  };
}

/** Runs a property; resolves null on success, else a report that says how to replay it. */
export async function fuzz<T>(
  name: string,
  arbitrary: fc.Arbitrary<T>,
  check: (value: T) => Promise<void>,
  options: FuzzOptions,
): Promise<string | null> {
  const details = await fc.check(fc.asyncProperty(arbitrary, check), {
    seed: options.seed,
    path: options.path,
    numRuns: options.numRuns,
    interruptAfterTimeLimit: options.timeLimitMs,
    markInterruptAsFailure: false,
    timeout: 60_000,
  });
  if (!details.failed) return null;
  const error = details.errorInstance instanceof Error
    ? details.errorInstance.message
    : String(details.errorInstance);
  return [
    `${name}: failed after ${details.numRuns} run(s) and ${details.numShrinks} shrink(s)`,
    `replay: FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath} deno test -A tests/fuzz_test.ts`,
    `counterexample: ${show(details.counterexample, 4_000)}`,
    `error: ${error}`,
  ].join("\n");
}

const ENGINE = Deno.env.get("FUZZ_ENGINE") ?? "pglite";

Deno.test({
  name:
    "POST /v1/events under fuzzed requests: no 5xx, 4xx name a field, each accepted event stored once",
  ignore: ENGINES.find((e) => e.name === ENGINE)?.ignore ?? true,
  fn: async () => {
    await using target = await openFuzzTarget(ENGINE);
    const report = await fuzz(
      "events",
      eventsRun,
      (requests) => checkEventsRun(target, requests),
      fuzzOptions({ seed: 424242, numRuns: 60, timeLimitMs: 14_000 }),
    );
    if (report !== null) assert.fail(report);
  },
});

Deno.test({
  name:
    "POST /v1/traces under fuzzed OTLP exports: no 5xx, each accepted model-call span stored once",
  ignore: ENGINES.find((e) => e.name === ENGINE)?.ignore ?? true,
  fn: async () => {
    await using target = await openFuzzTarget(ENGINE);
    const report = await fuzz(
      "traces",
      tracesRun,
      (cases) => checkTracesRun(target, cases),
      fuzzOptions({ seed: 434343, numRuns: 40, timeLimitMs: 14_000 }),
    );
    if (report !== null) assert.fail(report);
  },
});
