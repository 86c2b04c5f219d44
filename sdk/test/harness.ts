// What the SDK's shared behaviour cases need from a runtime: the SDK under test and a fake
// ingest server on 127.0.0.1 that answers as told and remembers every request.
// Implemented by deno_harness.ts (source SDK) and node_harness.mjs (built SDK).
import type { createMonitor } from "../mod.ts";

export interface IngestRequest {
  events: Record<string, unknown>[];
  headers: Record<string, string>;
  /** Milliseconds since the server started, when the request arrived. */
  atMs: number;
}

export interface IngestReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Decides the answer to request number `attempt` (1-based). Default: 202, all accepted. */
export type Reply = (request: IngestRequest, attempt: number) => IngestReply;

export interface FakeIngest {
  /** Base URL, for the SDK's `endpoint`. */
  url: string;
  requests: IngestRequest[];
  close(): Promise<void>;
}

/** A server that accepts connections and never answers (a monitor stuck behind a proxy). */
export interface BlackHole {
  /** Base URL, for the SDK's `endpoint`. */
  url: string;
  /** Connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

export interface Harness {
  createMonitor: typeof createMonitor;
  /** Starts a fake ingest server; `port` reuses a port (a monitor coming back). */
  startIngest(reply?: Reply, port?: number): Promise<FakeIngest>;
  /** A port nothing listens on. */
  freePort(): Promise<number>;
  startBlackHole(): Promise<BlackHole>;
}

export function accepted(request: IngestRequest): IngestReply {
  return { status: 202, body: { accepted: request.events.length, rejected: [] } };
}
