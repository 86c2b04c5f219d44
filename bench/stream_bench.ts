// Stream benchmark: post-to-stream latency of GET /api/stream (p50/p99), and the server CPU
// cost of 1,000 SSE subscribers on one view against 1 subscriber measured in the same run.
// The real monitor runs in this process (production defaults, PGlite, loopback only); the
// subscribers and the steady ingest of the CPU runs live in a subprocess.
//
//   deno run --allow-all bench/stream_bench.ts [--ticks=1000,100] [--samples=60]
//     [--subscribers=1000] [--events-per-s=10] [--run-s=30] [--views=300]
import { parseArgs } from "node:util";
import { createLogger } from "../lib/log.ts";
import { type CpuResult, measureSubscriberCpu } from "./_query_stream_cpu.ts";
import { type LatencyResult, measurePostToStream } from "./_query_stream_latency.ts";
import { startStreamMonitor } from "./_query_stream_server.ts";
import { measureManyViews, type ViewsResult } from "./_query_stream_views.ts";
import { markdownTable, ratio, round, seconds } from "./_query_timing.ts";
import { writeResults } from "./_results.ts";

const DEFAULT_TICK_MS = 1000;

const out = createLogger();
const flags = parseArgs({
  args: Deno.args,
  options: {
    ticks: { type: "string", default: "1000,100" },
    samples: { type: "string", default: "60" },
    subscribers: { type: "string", default: "1000" },
    "events-per-s": { type: "string", default: "10" },
    "run-s": { type: "string", default: "30" },
    views: { type: "string", default: "300" },
  },
}).values;

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: a positive whole number`);
  return n;
}

const ticks = flags.ticks.split(",").map((t) => positive("ticks", t.trim()));
const samples = positive("samples", flags.samples);
const subscribers = positive("subscribers", flags.subscribers);
const eventsPerS = positive("events-per-s", flags["events-per-s"]);
const runMs = positive("run-s", flags["run-s"]) * 1000;
const views = positive("views", flags.views);
const print = (line: string) => out.print(`[stream] ${line}`);

const started = performance.now();
const loadavgAtStart = Deno.loadavg();
print(
  `post-to-stream latency at ticks ${ticks.join(", ")} ms (${samples} events each); CPU of ` +
    `${subscribers} vs 1 subscriber over ${runMs / 1000} s with ${eventsPerS} events/s ` +
    `(deno ${Deno.version.deno}, ${navigator.hardwareConcurrency} cores, load ${
      loadavgAtStart.map((x) => x.toFixed(2)).join(" ")
    })`,
);

const latency: LatencyResult[] = [];
for (const tickMs of ticks) {
  print(`latency, STREAM_TICK_MS=${tickMs}: starting the monitor`);
  latency.push(await measurePostToStream({ tickMs, samples, progress: print }));
}

const cpu: CpuResult[] = [];
{
  print(`CPU: starting the monitor (STREAM_TICK_MS=${DEFAULT_TICK_MS})`);
  await using m = await startStreamMonitor({ tickMs: DEFAULT_TICK_MS });
  // The 1-subscriber baseline before and after: their spread shows the run's noise.
  for (const n of [1, subscribers, 1]) {
    print(`CPU: ${n} subscriber(s) connecting, then ${runMs / 1000} s of ${eventsPerS} events/s`);
    const r = await measureSubscriberCpu(m, { subscribers: n, eventsPerS, runMs });
    print(
      `CPU: ${n} subscriber(s): ${r.server_cpu_ms_per_s} ms CPU per s; hub ${
        JSON.stringify(r.hub)
      }; ${r.messages} messages`,
    );
    cpu.push(r);
  }
}
print(`views: ${views} distinct views (STREAM_TICK_MS=${DEFAULT_TICK_MS})`);
const manyViews: ViewsResult = await measureManyViews({
  tickMs: DEFAULT_TICK_MS,
  views,
  samples: Math.min(samples, 20),
  progress: print,
});
const runtimeS = round((performance.now() - started) / 1000, 1);

const many = cpu[1]!;
/** The baseline: the mean of the two 1-subscriber runs. */
const baseCpuMsPerS = round((cpu[0]!.server_cpu_ms_per_s + cpu[2]!.server_cpu_ms_per_s) / 2, 1);
out.print("");
out.print(markdownTable(
  [
    "STREAM_TICK_MS",
    "post → stream p50 ms",
    "p99 ms",
    "max ms",
    "expected p50 / p99 ms",
    "ack p50 / p99 ms",
    "view query p50 ms",
    "inconsistent messages",
  ],
  latency.map((l) => [
    l.tick_ms,
    l.post_to_stream_ms.p50,
    l.post_to_stream_ms.p99,
    l.post_to_stream_ms.max,
    `${l.expected_ms.p50} / ${l.expected_ms.p99}`,
    `${l.ack_ms.p50} / ${l.ack_ms.p99}`,
    l.view_query_ms.p50_ms,
    `${l.inconsistent_messages} of ${l.messages}`,
  ]),
));
out.print(
  "\nexpected: ack + tick/2 + view query (p50), ack + 0.99·tick + view query (p99): the event " +
    "waits for the next tick, posted at a uniformly random phase of it.\n",
);
out.print(markdownTable(
  [
    "subscribers on one view",
    "server CPU ms per s",
    "÷ 1 subscriber",
    "hub topics / subscribers",
    "messages (per stream min–max)",
    "events posted",
    "server loop lag p99 / max ms",
    "client process CPU ms",
  ],
  cpu.map((r) => [
    r.subscribers,
    r.server_cpu_ms_per_s,
    `${ratio(r.server_cpu_ms_per_s, baseCpuMsPerS)}×`,
    `${r.hub.topics} / ${r.hub.subscribers}`,
    `${r.messages} (${r.messages_per_stream.min}–${r.messages_per_stream.max})`,
    r.events_posted,
    `${r.server_loop_lag_ms.p99} / ${r.server_loop_lag_ms.max}`,
    r.client_cpu_ms,
  ]),
));
out.print("");
out.print(markdownTable(
  [
    "distinct views",
    "one token asking for all: opened / refused (cap)",
    "light view post → stream p50 / p99 ms",
    "views computed per tick min / p50 / max",
    "tick ms p50 / max (budget)",
  ],
  [[
    `${manyViews.views} (${manyViews.tokens} tokens)`,
    `${manyViews.one_token.opened} / ${manyViews.one_token.refused} (${manyViews.one_token.cap})`,
    `${manyViews.light_post_to_stream_ms.p50_ms} / ${manyViews.light_post_to_stream_ms.p99_ms}`,
    `${manyViews.ticks.computed_per_tick.min} / ${manyViews.ticks.computed_per_tick.p50} / ${manyViews.ticks.computed_per_tick.max}`,
    `${manyViews.ticks.elapsed_ms.p50_ms} / ${manyViews.ticks.elapsed_ms.max_ms} (${manyViews.ticks.budget_ms})`,
  ]],
));
out.print(
  `\nbaseline: the mean of the two 1-subscriber runs, ${baseCpuMsPerS} ms CPU per s; per extra ` +
    `subscriber: ${
      round((many.server_cpu_ms_per_s - baseCpuMsPerS) / (many.subscribers - 1), 4)
    } ms CPU per s. Total runtime ${seconds(runtimeS * 1000)}.`,
);

const file = await writeResults("stream", {
  loadavg: { start: loadavgAtStart, end: Deno.loadavg() },
  runtime_s: runtimeS,
  options: { ticks, samples, subscribers, events_per_s: eventsPerS, run_ms: runMs, views },
  latency,
  cpu,
  many_views: manyViews,
  baseline_cpu_ms_per_s: baseCpuMsPerS,
  cpu_ratio: ratio(many.server_cpu_ms_per_s, baseCpuMsPerS),
});
out.print(`results written to ${file}`);
