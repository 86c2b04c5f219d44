// OTLP test helpers: the app with /v1/traces, a real socket server, OTLP JSON builders, fixtures.
import { AsyncLocalStorage } from "node:async_hooks";
import { type Context, type ContextManager, ROOT_CONTEXT } from "@opentelemetry/api";
import type { TestMonitor } from "./_fixtures.ts";
import { serveLocal } from "./_server.ts";

/** The whole app with /v1/traces (mounted here until app.ts mounts it; the first mount wins). */
export function otlpApp(t: TestMonitor) {
  return t.app;
}

/** The app on a real socket, for real exporters; `received` lists each request's encoding. */
export function serveOtlp(t: TestMonitor) {
  const app = otlpApp(t);
  const received: string[] = [];
  const server = serveLocal((request) => {
    const encoding = request.headers.get("content-encoding");
    received.push(`${request.headers.get("content-type")}${encoding ? ` ${encoding}` : ""}`);
    return app.fetch(request);
  });
  return {
    url: server.url,
    received,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

/** POST /v1/traces with the ingest key; JSON bodies unless a content type says otherwise. */
export function postTraces(
  t: TestMonitor,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    otlpApp(t).request("/v1/traces", {
      method: "POST",
      headers: {
        authorization: `Bearer ${t.ingestKey}`,
        "content-type": "application/json",
        ...headers,
      },
      body: body instanceof Uint8Array || typeof body === "string"
        ? body as BodyInit
        : JSON.stringify(body),
    }),
  );
}

export async function fixture(name: string): Promise<Record<string, unknown>> {
  return JSON.parse(
    await Deno.readTextFile(new URL(`./testdata/otlp/${name}`, import.meta.url)),
  );
}

type Value = string | number | boolean | string[];

export interface TestSpan {
  traceId?: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** 1 internal, 2 server, 3 client. */
  kind?: number;
  startMs: number;
  durationMs: number;
  attributes?: Record<string, Value>;
  status?: { code: number; message?: string };
  events?: Array<{ name: string; atMs: number; attributes?: Record<string, Value> }>;
}

export const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

/** An OTLP JSON export request of the given spans under one resource. */
export function otlpJson(spans: TestSpan[], resource: Record<string, Value> = {}) {
  const nanos = (ms: number) => (BigInt(Math.round(ms * 1000)) * 1000n).toString();
  return {
    resourceSpans: [{
      resource: { attributes: keyValues(resource) },
      scopeSpans: [{
        scope: { name: "test" },
        spans: spans.map((s) => ({
          traceId: s.traceId ?? TRACE_ID,
          spanId: s.spanId,
          parentSpanId: s.parentSpanId ?? "",
          name: s.name,
          kind: s.kind ?? 3,
          startTimeUnixNano: nanos(s.startMs),
          endTimeUnixNano: nanos(s.startMs + s.durationMs),
          attributes: keyValues(s.attributes ?? {}),
          events: (s.events ?? []).map((e) => ({
            timeUnixNano: nanos(e.atMs),
            name: e.name,
            attributes: keyValues(e.attributes ?? {}),
          })),
          status: s.status ?? {},
        })),
      }],
    }],
  };
}

function keyValues(attributes: Record<string, Value>) {
  return Object.entries(attributes).map(([key, value]) => ({ key, value: anyValue(value) }));
}

function anyValue(value: Value): Record<string, unknown> {
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } };
  if (typeof value === "boolean") return { boolValue: value };
  if (typeof value === "number") {
    return Number.isInteger(value) ? { intValue: value } : { doubleValue: value };
  }
  return { stringValue: value };
}

/** The context manager a Node SDK would register, so the calls' spans get the agent as parent. */
export class AsyncContextManager implements ContextManager {
  #storage = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.#storage.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.#storage.run(ctx, () => fn.apply(thisArg, args));
  }
  bind<T>(ctx: Context, target: T): T {
    if (typeof target !== "function") return target;
    const run = (self: unknown, args: unknown[]) => this.with(ctx, () => target.apply(self, args));
    return function (this: unknown, ...args: unknown[]) {
      return run(this, args);
    } as T;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.#storage.disable();
    return this;
  }
}
