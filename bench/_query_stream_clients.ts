// The stream benchmark's load, run as a subprocess so the monitor's process CPU is the server's
// alone: opens N SSE streams on one view, then on command posts one event every 1000/rate ms
// for a given time, counting the metrics messages every stream receives. One JSON line per step
// on stdout; commands as JSON lines on stdin.
//
//   parent → {"url", "ingestKey", "streamUrl", "headers", "subscribers", "eventsPerS"}
//   child  → {"type": "ready", "connected", "connect_ms"}
//   parent → {"type": "run", "ms"}
//   child  → {"type": "ran", "messages", "per_stream_min", "per_stream_max", "posted", "cpu_ms"}
//   parent → {"type": "close"}
//   child  → {"type": "closed"}
import process from "node:process";
import { openSse, postEvent, type SseStream } from "./_query_client.ts";

export interface ClientsConfig {
  url: string;
  ingestKey: string;
  streamUrl: string;
  headers: Record<string, string>;
  subscribers: number;
  eventsPerS: number;
}

export type ClientsCommand = { type: "run"; ms: number } | { type: "close" };

export type ClientsReport =
  | { type: "ready"; connected: number; connect_ms: number }
  | {
    type: "ran";
    messages: number;
    per_stream_min: number;
    per_stream_max: number;
    posted: number;
    cpu_ms: number;
  }
  | { type: "closed" };

/** Streams opened at once while connecting. */
const CONNECT_CONCURRENCY = 50;

async function* lines(readable: ReadableStream<Uint8Array<ArrayBuffer>>): AsyncGenerator<string> {
  let buffer = "";
  for await (const chunk of readable.pipeThrough(new TextDecoderStream())) {
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf("\n")) >= 0) {
      yield buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
    }
  }
}

const encoder = new TextEncoder();
function report(r: ClientsReport): void {
  Deno.stdout.writeSync(encoder.encode(`${JSON.stringify(r)}\n`));
}

async function main(): Promise<void> {
  const input = lines(Deno.stdin.readable);
  const next = async () => {
    const { value, done } = await input.next();
    if (done) throw new Error("stdin closed");
    return JSON.parse(value);
  };
  const config: ClientsConfig = await next();
  const counts = new Array<number>(config.subscribers).fill(0);
  const streams: SseStream[] = [];
  const started = performance.now();
  let opened = 0;
  const firsts: Array<Promise<void>> = [];
  const connectOne = async (i: number) => {
    const first = Promise.withResolvers<void>();
    firsts.push(first.promise);
    streams.push(
      await openSse(config.streamUrl, config.headers, (m) => {
        if (m.event !== "metrics") return;
        counts[i]!++;
        first.resolve();
      }),
    );
  };
  await Promise.all(
    Array.from({ length: Math.min(CONNECT_CONCURRENCY, config.subscribers) }, async () => {
      while (opened < config.subscribers) await connectOne(opened++);
    }),
  );
  await Promise.all(firsts);
  report({
    type: "ready",
    connected: streams.length,
    connect_ms: Math.round(performance.now() - started),
  });

  for (;;) {
    const command: ClientsCommand = await next();
    if (command.type === "close") break;
    counts.fill(0);
    const cpu = process.cpuUsage();
    let posted = 0;
    const posts: Array<Promise<number>> = [];
    const timer = setInterval(() => {
      posts.push(postEvent(config, {
        model: "gpt-4o-mini",
        provider: "openai",
        endpoint: "chat",
        input_tokens: 100 + (posted % 50),
        output_tokens: 40,
        latency_ms: 400 + (posted % 300),
        cost_usd: 0.0001,
      }));
      posted++;
    }, 1000 / config.eventsPerS);
    await new Promise((resolve) => setTimeout(resolve, command.ms));
    clearInterval(timer);
    await Promise.all(posts);
    const used = process.cpuUsage(cpu);
    report({
      type: "ran",
      messages: counts.reduce((a, b) => a + b, 0),
      per_stream_min: Math.min(...counts),
      per_stream_max: Math.max(...counts),
      posted,
      cpu_ms: Math.round((used.user + used.system) / 1000),
    });
  }
  await Promise.all(streams.map((s) => s.close()));
  report({ type: "closed" });
}

if (import.meta.main) await main();
