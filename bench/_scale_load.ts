// Loads a dataset through POST /v1/events from several client workers (each encodes its batches
// first, then all start together) and polls GET /api/stats until every event is stored, printing
// progress every few seconds. The drain rate runs from the first post to the last event stored.
import { batchCount, type Span } from "./_scale_events.ts";
import type { AdminClient } from "./_scale_http.ts";
import type { ScaleLoadMessage, ScaleLoadRequest } from "./_scale_load_worker.ts";
import { memoryMb } from "./_scale_server.ts";

export interface LoadResult {
  events: number;
  gzip_bytes_per_event: number;
  /** From the first post to the last 202. */
  post_s: number;
  post_events_per_s: number;
  /** From the first post to every event counted in the database. */
  drain_s: number;
  drain_events_per_s: number;
  /** 503/429 answers retried (buffer full or rate limited). */
  retries: number;
  /** Highest VmRSS seen while loading (sampled), MB. */
  rss_peak_sampled_mb: number | null;
}

type Done = Extract<ScaleLoadMessage, { type: "done" }>;

class LoadClient {
  readonly worker = new Worker(new URL("./_scale_load_worker.ts", import.meta.url).href, {
    type: "module",
  });
  acked = 0;
  retries = 0;
  #ready = Promise.withResolvers<number>();
  #done = Promise.withResolvers<Done>();

  constructor(request: ScaleLoadRequest) {
    this.worker.onmessage = ({ data: m }: MessageEvent<ScaleLoadMessage>) => {
      if (m.type === "ready") this.#ready.resolve(m.bytes);
      else if (m.type === "progress") [this.acked, this.retries] = [m.acked, m.retries];
      else if (m.type === "done") {
        [this.acked, this.retries] = [m.acked, m.retries];
        this.#done.resolve(m);
      } else this.#fail(m.message);
    };
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.#fail(event.message);
    };
    this.worker.postMessage(request);
  }

  ready = () => this.#ready.promise;
  go(): Promise<Done> {
    this.worker.postMessage("go");
    return this.#done.promise;
  }

  #fail(message: string) {
    const error = new Error(`load client: ${message}`);
    this.#ready.reject(error);
    this.#done.reject(error);
  }
}

export async function loadDataset(
  options: {
    url: string;
    pid: number;
    admin: AdminClient;
    ingestKey: string;
    span: Span;
    clients: number;
    progress: (line: string) => void;
    deadlineMs?: number;
  },
): Promise<LoadResult> {
  const { span, admin } = options;
  const n = batchCount(span);
  const clients = Array.from({ length: Math.min(options.clients, n) }, (_, w) =>
    new LoadClient({
      url: options.url,
      ingestKey: options.ingestKey,
      span,
      batches: Array.from({ length: n }, (_, b) => b).filter((b) => b % options.clients === w),
    }));
  try {
    const encodeStarted = performance.now();
    const bytes = (await Promise.all(clients.map((c) => c.ready()))).reduce((s, b) => s + b, 0);
    options.progress(
      `encoded ${span.total} events in ${n} gzip batches (${(bytes / 1e6).toFixed(1)} MB) in ${
        ((performance.now() - encodeStarted) / 1000).toFixed(1)
      } s; posting from ${clients.length} clients`,
    );
    const started = performance.now();
    let postedAt: number | null = null;
    const posting = Promise.all(clients.map((c) => c.go())).then(() => {
      postedAt = performance.now();
    });
    let failed: unknown = null;
    posting.catch((error) => (failed = error));
    let rssPeak: number | null = null;
    let stored = { events: 0, buffered: 0, at: started };
    // Printed on its own timer: a stats call may wait behind the flusher.
    const printer = setInterval(async () => {
      const mem = await memoryMb(options.pid);
      if (mem) rssPeak = Math.max(rssPeak ?? 0, mem.rss);
      const s = (performance.now() - started) / 1000;
      const acked = clients.reduce((sum, c) => sum + c.acked, 0);
      const age = (performance.now() - stored.at) / 1000;
      options.progress(
        `  ${s.toFixed(0)} s: posted ${acked}, stored ${stored.events} (${
          Math.round(stored.events / ((stored.at - started) / 1000 || 1))
        } events/s; counted ${age.toFixed(0)} s ago), buffered ${stored.buffered}, RSS ${
          mem?.rss ?? "?"
        } MB`,
      );
    }, 5_000);
    const deadline = started + (options.deadlineMs ?? 4 * 3_600_000);
    try {
      for (;;) {
        await new Promise((r) => setTimeout(r, 1_000));
        if (failed) throw failed;
        stored = { ...(await admin.stats("default")), at: performance.now() };
        if (stored.events >= span.total) break;
        if (stored.at > deadline) {
          throw new Error(`only ${stored.events} of ${span.total} stored in time`);
        }
      }
    } finally {
      clearInterval(printer);
    }
    await posting;
    const s = (stored.at - started) / 1000;
    const postS = ((postedAt ?? stored.at) - started) / 1000;
    return {
      events: stored.events,
      gzip_bytes_per_event: Math.round(bytes / span.total),
      post_s: round1(postS),
      post_events_per_s: Math.round(span.total / postS),
      drain_s: round1(s),
      drain_events_per_s: Math.round(span.total / s),
      retries: clients.reduce((sum, c) => sum + c.retries, 0),
      rss_peak_sampled_mb: rssPeak,
    };
  } finally {
    for (const c of clients) c.worker.terminate();
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10;
