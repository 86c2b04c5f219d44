// SDK overhead: what wrapOpenAI() adds to a call, against the same call unwrapped in the same
// run, on an in-process fake client (no network: the time is the wrapper's own). The monitor's
// fetch answers 202 at once, so batching, serialising and gzip run too, in the background.
//
//   deno run -A bench/sdk_bench.ts [--calls=20000] [--rounds=7] [--chunks=20]
// Writes bench/results/sdk.json and prints the same JSON.
import { parseArgs } from "node:util";
import { createMonitor } from "../sdk/mod.ts";

const flags = parseArgs({
  args: Deno.args,
  options: {
    calls: { type: "string", default: "20000" },
    rounds: { type: "string", default: "7" },
    chunks: { type: "string", default: "20" },
  },
}).values;
const CALLS = Number(flags.calls);
const ROUNDS = Number(flags.rounds);
const CHUNKS = Number(flags.chunks);

const usage = {
  prompt_tokens: 19,
  completion_tokens: 10,
  prompt_tokens_details: { cached_tokens: 6 },
  completion_tokens_details: { reasoning_tokens: 4 },
};
const completion = {
  id: "c1",
  model: "gpt-4o-2024-08-06",
  choices: [{ index: 0, message: { role: "assistant", content: "Hello" }, finish_reason: "stop" }],
  usage,
};
const chunk = { id: "c1", choices: [{ index: 0, delta: { content: "tok" } }], usage: null };
const lastChunk = { id: "c1", choices: [], usage };

type Params = { model: string; messages: unknown[]; stream?: boolean; stream_options?: unknown };

/** A client shaped like `openai`'s, answering from memory. */
function fakeClient() {
  return {
    chat: {
      completions: {
        create(params: Params): Promise<unknown> {
          if (!params.stream) return Promise.resolve(completion);
          const withUsage = (params.stream_options as { include_usage?: boolean } | undefined)
            ?.include_usage;
          return Promise.resolve((async function* () {
            for (let i = 0; i < CHUNKS; i++) yield chunk;
            if (withUsage) yield lastChunk;
          })());
        },
      },
    },
  };
}

type Client = ReturnType<typeof fakeClient>;
const params: Params = { model: "gpt-4o", messages: [{ role: "user", content: "hi" }] };

async function callOnce(client: Client) {
  await client.chat.completions.create(params);
}

async function streamOnce(client: Client) {
  const stream = await client.chat.completions.create({ ...params, stream: true });
  for await (const _ of stream as AsyncIterable<unknown>) { /* consume */ }
}

/** Median over rounds of the mean µs per call. */
async function measure(client: Client, fn: (c: Client) => Promise<void>, calls: number) {
  const perCall: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    for (let i = 0; i < calls; i++) await fn(client);
    perCall.push(((performance.now() - started) * 1000) / calls);
  }
  perCall.sort((a, b) => a - b);
  return perCall[Math.floor(perCall.length / 2)]!;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

const monitor = createMonitor({
  endpoint: "http://monitor.invalid",
  apiKey: "bench",
  batchSize: 1_000,
  maxQueueSize: 1_000_000,
  flushOnExit: false,
  // The monitor's answer, in process: the bench measures the SDK, not a network.
  fetch: () => Promise.resolve(Response.json({ accepted: 0, rejected: [] }, { status: 202 })),
});
const plain = fakeClient();
const wrapped = monitor.wrapOpenAI(fakeClient());

// Warm up both paths (JIT) before measuring.
await measure(plain, callOnce, 2_000);
await measure(wrapped, callOnce, 2_000);

const results = [];
for (
  const [name, fn, calls] of [
    ["chat.completions.create", callOnce, CALLS],
    [`chat.completions.create, streamed (${CHUNKS} chunks)`, streamOnce, Math.ceil(CALLS / 10)],
  ] as const
) {
  const unwrapped = await measure(plain, fn, calls);
  const instrumented = await measure(wrapped, fn, calls);
  results.push({
    call: name,
    calls_per_round: calls,
    rounds: ROUNDS,
    unwrapped_us: round2(unwrapped),
    wrapped_us: round2(instrumented),
    overhead_us: round2(instrumented - unwrapped),
    ratio: round2(instrumented / unwrapped),
  });
}

// The background side: serialising, batching and posting what was tracked.
const flushStarted = performance.now();
const queued = monitor.stats().queued;
await monitor.flush();
const flushUsPerEvent = queued > 0 ? ((performance.now() - flushStarted) * 1000) / queued : 0;
await monitor.shutdown();

const report = {
  runtime: `deno ${Deno.version.deno}`,
  results,
  background: { events: queued, flush_us_per_event: round2(flushUsPerEvent) },
};
const json = JSON.stringify(report, null, 2);
await Deno.mkdir(new URL("./results/", import.meta.url), { recursive: true });
await Deno.writeTextFile(new URL("./results/sdk.json", import.meta.url), json + "\n");
await Deno.stdout.write(new TextEncoder().encode(json + "\n"));
