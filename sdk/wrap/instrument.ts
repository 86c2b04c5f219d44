// Records the calls of an SDK client without changing it: a Proxy view whose `create` methods
// (at the paths given) are timed. What the caller gets back is what the SDK returned: the same
// promise object (behind a Proxy that only watches it), the same stream object (its iterator
// observed in place), the same errors.
import type { LlmCall } from "../call.ts";
import { type Adapter, CONTENT, HIDE, type Prepared, type StreamObserver } from "./adapter.ts";

/** Starts timing a call; null when the monitor records nothing. */
export type StartCall = (fields: Prepared["fields"]) => LlmCall | null;

/** Helpers that call `create` internally: run with `this` = the view, so those calls are seen. */
const HELPERS = new Set(["stream", "parse", "runTools"]);

interface Node {
  adapter?: Adapter;
  children: Map<string, Node>;
}

/** A view of `client` whose `create` at each path ("chat.completions", "messages") is recorded. */
export function instrumentClient<T extends object>(
  client: T,
  resources: Record<string, Adapter>,
  start: StartCall,
  capture: boolean,
): T {
  const root: Node = { children: new Map() };
  for (const [path, adapter] of Object.entries(resources)) {
    let node = root;
    for (const key of path.split(".")) {
      if (!node.children.has(key)) node.children.set(key, { children: new Map() });
      node = node.children.get(key)!;
    }
    node.adapter = adapter;
  }
  const views = new WeakMap<object, object>();
  const creates = new WeakMap<object, unknown>();
  const view = (target: object, node: Node): object => {
    const known = views.get(target);
    if (known) return known;
    const proxy = new Proxy(target, {
      get(t, prop) {
        if (typeof prop === "string") {
          const child = node.children.get(prop);
          if (child) {
            const value: unknown = Reflect.get(t, prop, t);
            return value !== null && typeof value === "object" ? view(value, child) : value;
          }
          if (node.adapter && prop === "create") {
            if (!creates.has(t)) creates.set(t, recordedCreate(t, node.adapter, start, capture));
            return creates.get(t);
          }
          if (node.adapter && prop === "_client") return rootView;
        }
        const value: unknown = Reflect.get(t, prop, t);
        if (typeof value !== "function") return value;
        return node.adapter && typeof prop === "string" && HELPERS.has(prop)
          ? value
          : value.bind(t);
      },
    });
    views.set(target, proxy);
    return proxy;
  };
  const rootView = view(client, root) as T;
  return rootView;
}

function recordedCreate(target: object, adapter: Adapter, start: StartCall, capture: boolean) {
  return function create(params: unknown, ...rest: unknown[]): unknown {
    const original = Reflect.get(target, "create", target) as (...args: unknown[]) => unknown;
    let prepared: Prepared | null = null;
    let call: LlmCall | null = null;
    try {
      prepared = adapter.prepare(params, capture);
      call = start(prepared.fields);
    } catch (_) {
      call = null; // a monitoring fault never reaches the caller: call through unrecorded
    }
    if (!call || !prepared) return original.call(target, params, ...rest);
    let result: unknown;
    try {
      result = original.call(target, prepared.params, ...rest);
    } catch (error) {
      call.fail(error);
      throw error;
    }
    return watchResult(result, call, adapter, prepared, capture);
  };
}

/** Watches what `create` returned and returns it (or a view of it) to the caller. */
export function watchResult(
  result: unknown,
  call: LlmCall,
  adapter: Adapter,
  prepared: Prepared,
  capture: boolean,
): unknown {
  const onData = (data: unknown) => {
    try {
      if (prepared.stream && isAsyncIterable(data)) {
        watchStream(data, call, adapter.stream(prepared, capture));
      } else call.end(adapter.result(data, capture));
    } catch (_) {
      call.end(); // unreadable response: latency and status still count
    }
  };
  const onError = (error: unknown) => call.fail(error);
  if (isThenable(result)) {
    if (typeof (result as { asResponse?: unknown }).asResponse === "function") {
      return watchApiPromise(result as ApiPromise, call, onData, onError);
    }
    result.then(onData, onError);
    return result;
  }
  onData(result);
  return result;
}

interface ApiPromise extends PromiseLike<unknown> {
  asResponse(): Promise<Response>;
  _thenUnwrap?(transform: (data: unknown, ...rest: unknown[]) => unknown): ApiPromise;
}

/**
 * The SDKs' APIPromise parses the body only when awaited, and asResponse() hands the raw body to
 * the caller: so the view starts watching when the caller awaits, never before.
 */
function watchApiPromise(
  promise: ApiPromise,
  call: LlmCall,
  onData: (data: unknown) => void,
  onError: (error: unknown) => void,
): ApiPromise {
  let watching = false;
  const watch = () => {
    if (watching) return;
    watching = true;
    promise.then(onData, onError);
  };
  return new Proxy(promise, {
    get(target, prop) {
      if (prop === "then" || prop === "catch" || prop === "finally" || prop === "withResponse") {
        watch();
      } else if (prop === "asResponse") {
        return () => {
          const response = target.asResponse();
          response.then((r) => call.end({ status_code: r.status }), onError);
          return response;
        };
      } else if (prop === "_thenUnwrap" && typeof target._thenUnwrap === "function") {
        // SDK helpers (parse) derive a promise: watch the data on its way through.
        return (transform: (data: unknown, ...rest: unknown[]) => unknown) =>
          watchApiPromise(
            target._thenUnwrap!((data, ...rest) => {
              onData(data);
              return transform(data, ...rest);
            }),
            call,
            () => {},
            onError,
          );
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * Observes a stream in place: the SDKs' Stream keeps its iterator factory in `iterator` (used by
 * for-await, tee() and toReadableStream()); other async iterables get an own asyncIterator.
 */
export function watchStream(stream: object, call: LlmCall, observer: StreamObserver): void {
  const s = stream as Record<PropertyKey, unknown>;
  const key = typeof s.iterator === "function" ? "iterator" : Symbol.asyncIterator;
  const original = s[key] as (...args: unknown[]) => AsyncIterator<unknown>;
  let used = false;
  try {
    s[key] = function (this: unknown, ...args: unknown[]) {
      const iterator = original.apply(this ?? stream, args);
      if (used) return iterator;
      used = true;
      return watchIterator(iterator, call, observer);
    };
  } catch (_) {
    call.end(); // a frozen stream cannot be watched: record what is known
  }
}

function watchIterator(
  iterator: AsyncIterator<unknown>,
  call: LlmCall,
  observer: StreamObserver,
): AsyncIterableIterator<unknown> {
  const ended = () => {
    try {
      return observer.end();
    } catch (_) {
      return {};
    }
  };
  return {
    async next(...args: [] | [unknown]) {
      for (;;) {
        let step: IteratorResult<unknown>;
        try {
          step = await iterator.next(...args);
        } catch (error) {
          call.fail(error, ended());
          throw error;
        }
        if (step.done) {
          call.end(ended());
          return step;
        }
        let flags = 0;
        try {
          flags = observer.chunk(step.value);
        } catch (_) {
          flags = 0; // an unexpected chunk shape is passed on as it is
        }
        if (flags & CONTENT) call.firstToken();
        if (!(flags & HIDE)) return step;
      }
    },
    async return(value?: unknown) {
      call.end(ended()); // the caller stopped early
      return iterator.return ? await iterator.return(value) : { done: true, value };
    },
    async throw(error?: unknown) {
      call.fail(error, ended());
      if (iterator.throw) return await iterator.throw(error);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === "object" || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function";
}

export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return value !== null && typeof value === "object" &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === "function";
}
