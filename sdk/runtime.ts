// What differs between runtimes, found by feature detection: ids, clocks, timers, exit hooks.
// No runtime is imported: Deno, Node, Bun, browsers and edge runtimes run this file unchanged.

interface CryptoLike {
  randomUUID?: () => string;
  getRandomValues?: (bytes: Uint8Array) => Uint8Array;
}

/** A v4 UUID: crypto.randomUUID where there is one (secure contexts, Node ≥ 19), else built. */
export function randomId(): string {
  const crypto = (globalThis as { crypto?: CryptoLike }).crypto;
  if (typeof crypto?.randomUUID === "function") return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof crypto?.getRandomValues === "function") crypto.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${
    hex.slice(20)
  }`;
}

/** Milliseconds from a monotonic clock, for durations. */
export const monotonicMs: () => number = typeof performance !== "undefined" &&
    typeof performance.now === "function"
  ? () => performance.now()
  : () => Date.now();

type TimerId = ReturnType<typeof setTimeout>;

/** A timer that does not keep a Node, Bun or Deno process alive on its own. */
export function setUnrefTimeout(fn: () => void, ms: number): TimerId {
  const id = setTimeout(fn, ms);
  const handle = id as unknown as { unref?: () => void };
  if (typeof handle.unref === "function") {
    handle.unref();
  } else {
    const deno = (globalThis as { Deno?: { unrefTimer?: (id: number) => void } }).Deno;
    if (typeof deno?.unrefTimer === "function") deno.unrefTimer(id as unknown as number);
  }
  return id;
}

/** Waits ms without keeping the process alive (flush() and shutdown() do); abort ends it early. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setUnrefTimeout(done, ms);
    signal.addEventListener("abort", done);
  });
}

interface EventTargetLike {
  addEventListener(type: string, listener: (event: { preventDefault(): void }) => void): void;
  removeEventListener(type: string, listener: (event: { preventDefault(): void }) => void): void;
}

interface ProcessLike {
  on(event: string, listener: () => void): unknown;
  off(event: string, listener: () => void): unknown;
}

interface DocumentLike extends EventTargetLike {
  visibilityState?: string;
}

export interface ExitHooks {
  /** The program is about to end (Node/Bun `beforeExit`, Deno `beforeunload`); returns true
   * when it started work the program should wait for. */
  onExit(): boolean;
  /** The page is being hidden or left: only requests started now may survive. */
  onPageHide(): void;
}

/** Registers the hooks this runtime has; returns the function that removes them. */
export function addExitHooks(hooks: ExitHooks): () => void {
  const g = globalThis as {
    Deno?: { version?: unknown };
    process?: Partial<ProcessLike>;
    document?: DocumentLike;
  } & Partial<EventTargetLike>;
  if (g.document && typeof g.addEventListener === "function") {
    const doc = g.document;
    const onVisibility = () => {
      if (doc.visibilityState === "hidden") hooks.onPageHide();
    };
    const onPageHide = () => hooks.onPageHide();
    doc.addEventListener("visibilitychange", onVisibility);
    g.addEventListener("pagehide", onPageHide);
    return () => {
      doc.removeEventListener("visibilitychange", onVisibility);
      g.removeEventListener!("pagehide", onPageHide);
    };
  }
  const onExit = () => void hooks.onExit();
  // Deno: `unload` cannot wait for a request; `beforeunload` fires when the event loop is
  // empty, and preventDefault() lets the work scheduled in it finish (like Node's beforeExit).
  if (g.Deno?.version && typeof g.addEventListener === "function") {
    const onBeforeUnload = (event: { preventDefault(): void }) => {
      if (hooks.onExit()) event.preventDefault();
    };
    g.addEventListener("beforeunload", onBeforeUnload);
    return () => g.removeEventListener!("beforeunload", onBeforeUnload);
  }
  const process = g.process;
  if (typeof process?.on === "function" && typeof process.off === "function") {
    process.on("beforeExit", onExit);
    return () => process.off!("beforeExit", onExit);
  }
  return () => {};
}

/** fetch() can send a request that outlives the page (`keepalive`). */
export function hasKeepalive(): boolean {
  return typeof Request !== "undefined" && "keepalive" in Request.prototype;
}

/** navigator.sendBeacon, where there is one. */
export function beaconSender(): ((url: string, body: Blob) => boolean) | null {
  const nav = (globalThis as { navigator?: { sendBeacon?: (u: string, b: Blob) => boolean } })
    .navigator;
  return typeof nav?.sendBeacon === "function" ? nav.sendBeacon.bind(nav) : null;
}
