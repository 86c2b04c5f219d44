// Post-to-stream latency: one SSE client on a view; one event at a time, each at a random phase
// of the tick, timed from the start of its POST to the first `metrics` message that counts it.
// Event i carries input_tokens = i, so after i events the view must read requests = i and
// input_tokens = i(i+1)/2; any other pair in a message is an inconsistent (transient) count.
import { currentMetrics } from "../lib/metrics/live_metrics.ts";
import { toMetricsQuery } from "../lib/metrics/stream_hub.ts";
import { openSse, postEvent } from "./_query_client.ts";
import { startStreamMonitor } from "./_query_stream_server.ts";
import { round, summarise, type Timing } from "./_query_timing.ts";

export interface LatencyResult {
  tick_ms: number;
  samples: number;
  post_to_stream_ms: { p50: number; p99: number; max: number };
  /** Time to the 202 of the POST alone. */
  ack_ms: { p50: number; p99: number };
  /** One currentMetrics() of the view, as a tick computes it (after the run). */
  view_query_ms: Timing;
  /** ack + tick/2 + query (p50) and ack + 0.99·tick + query (p99). */
  expected_ms: { p50: number; p99: number };
  /** Messages whose (requests, input_tokens) matched no prefix of the posted events. */
  inconsistent_messages: number;
  /** The first few of them, with how many events had been acknowledged by then. */
  inconsistent_examples: Array<{ acked: number; requests: number; input_tokens: number }>;
  messages: number;
}

interface Seen {
  requests: number;
  input_tokens: number;
  at: number;
}

const triangle = (k: number) => (k * (k + 1)) / 2;

export async function measurePostToStream(
  options: { tickMs: number; samples: number; progress: (line: string) => void },
): Promise<LatencyResult> {
  await using m = await startStreamMonitor({ tickMs: options.tickMs });
  const view = `${m.url}/api/stream?project=${m.projectId}&window=1h`;
  let latest: Seen = { requests: -1, input_tokens: -1, at: 0 };
  let wake: (() => void) | undefined;
  let messages = 0;
  let acked = 0;
  const inconsistent: LatencyResult["inconsistent_examples"] = [];
  const stream = await openSse(view, m.readHeaders, (msg) => {
    if (msg.event !== "metrics") return;
    const body = JSON.parse(msg.data) as { requests: number; input_tokens: number };
    latest = { requests: body.requests, input_tokens: body.input_tokens, at: performance.now() };
    messages++;
    if (body.input_tokens !== triangle(body.requests)) {
      inconsistent.push({ acked, requests: body.requests, input_tokens: body.input_tokens });
    }
    wake?.();
  });
  const arrival = async (i: number, timeoutMs: number): Promise<number> => {
    const deadline = performance.now() + timeoutMs;
    while (!(latest.requests >= i && latest.input_tokens >= triangle(i))) {
      if (performance.now() > deadline) {
        throw new Error(`event ${i} did not reach the stream within ${timeoutMs} ms`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return latest.at;
  };
  try {
    await arrival(0, 10_000);
    const latencies: number[] = [];
    const acks: number[] = [];
    for (let i = 1; i <= options.samples; i++) {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * options.tickMs));
      const started = performance.now();
      acks.push(
        await postEvent(m, {
          model: "gpt-4o",
          provider: "openai",
          input_tokens: i,
          output_tokens: 10,
          latency_ms: 500,
        }),
      );
      acked = i;
      latencies.push((await arrival(i, 5 * options.tickMs + 5_000)) - started);
      if (i % 10 === 0) {
        options.progress(`tick ${options.tickMs} ms: ${i} / ${options.samples} events timed`);
      }
    }
    const query = toMetricsQuery(
      { projectId: m.projectId, window: "1h", filters: {} },
      m.monitor.deps.now(),
    );
    const queryMs: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      await currentMetrics(m.monitor.deps, query);
      queryMs.push(performance.now() - t);
    }
    const post = summarise(latencies);
    const ack = summarise(acks);
    const view_query_ms = summarise(queryMs);
    return {
      tick_ms: options.tickMs,
      samples: latencies.length,
      post_to_stream_ms: { p50: post.p50_ms, p99: post.p99_ms, max: post.max_ms },
      ack_ms: { p50: ack.p50_ms, p99: ack.p99_ms },
      view_query_ms,
      expected_ms: {
        p50: round(ack.p50_ms + options.tickMs / 2 + view_query_ms.p50_ms),
        p99: round(ack.p99_ms + 0.99 * options.tickMs + view_query_ms.p50_ms),
      },
      inconsistent_messages: inconsistent.length,
      inconsistent_examples: inconsistent.slice(0, 5),
      messages,
    };
  } finally {
    await stream.close();
  }
}
