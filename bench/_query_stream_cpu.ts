// CPU cost of SSE subscribers on one view: the clients (and the steady ingest) run in a
// subprocess (_query_stream_clients.ts); this process runs only the monitor, so its CPU time
// (process.cpuUsage: every thread, the PGlite worker included) over the run is the server's.
import process from "node:process";
import type { ClientsCommand, ClientsConfig, ClientsReport } from "./_query_stream_clients.ts";
import type { StreamMonitor } from "./_query_stream_server.ts";
import { percentile, round } from "./_query_timing.ts";

export interface CpuResult {
  subscribers: number;
  wall_ms: number;
  server_cpu_ms: number;
  server_cpu_ms_per_s: number;
  /** The hub during the run: distinct queries computed per tick, and their subscribers. */
  hub: { topics: number; subscribers: number };
  events_posted: number;
  /** metrics messages received, all streams together, and per stream. */
  messages: number;
  messages_per_stream: { min: number; max: number };
  /** The client subprocess's own CPU: what in-process clients would have added. */
  client_cpu_ms: number;
  connect_ms: number;
  /** How late a 50 ms timer fired on the server's event loop during the run. */
  server_loop_lag_ms: { p99: number; max: number };
}

type Report<T extends ClientsReport["type"]> = Extract<ClientsReport, { type: T }>;

export async function measureSubscriberCpu(
  m: StreamMonitor,
  options: { subscribers: number; eventsPerS: number; runMs: number },
): Promise<CpuResult> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net=127.0.0.1",
      new URL("./_query_stream_clients.ts", import.meta.url).pathname,
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const writer = child.stdin.getWriter();
  const encoder = new TextEncoder();
  const send = (message: ClientsConfig | ClientsCommand) =>
    writer.write(encoder.encode(`${JSON.stringify(message)}\n`));
  const reports = readReports(child.stdout);
  const expect = async <T extends ClientsReport["type"]>(type: T): Promise<Report<T>> => {
    const { value, done } = await reports.next();
    if (done || value.type !== type) {
      throw new Error(`client subprocess: expected "${type}", got ${JSON.stringify(value)}`);
    }
    return value as Report<T>;
  };
  let result: CpuResult | undefined;
  let status: Deno.CommandStatus;
  try {
    await send({
      url: m.url,
      ingestKey: m.ingestKey,
      streamUrl: `${m.url}/api/stream?project=${m.projectId}&window=1h`,
      headers: m.readHeaders,
      subscribers: options.subscribers,
      eventsPerS: options.eventsPerS,
    });
    const ready = await expect("ready");
    const lags: number[] = [];
    let due = performance.now() + 50;
    const lagTimer = setInterval(() => {
      const t = performance.now();
      lags.push(Math.max(0, t - due));
      due = t + 50;
    }, 50);
    const cpu = process.cpuUsage();
    const started = performance.now();
    await send({ type: "run", ms: options.runMs });
    let hub = m.monitor.deps.hub.size;
    const sampler = setTimeout(() => (hub = m.monitor.deps.hub.size), options.runMs / 2);
    const ran = await expect("ran");
    const wall = performance.now() - started;
    const used = process.cpuUsage(cpu);
    clearInterval(lagTimer);
    clearTimeout(sampler);
    await send({ type: "close" });
    await expect("closed");
    const serverCpuMs = (used.user + used.system) / 1000;
    lags.sort((a, b) => a - b);
    result = {
      subscribers: options.subscribers,
      wall_ms: Math.round(wall),
      server_cpu_ms: Math.round(serverCpuMs),
      server_cpu_ms_per_s: round(serverCpuMs / (wall / 1000), 1),
      hub,
      events_posted: ran.posted,
      messages: ran.messages,
      messages_per_stream: { min: ran.per_stream_min, max: ran.per_stream_max },
      client_cpu_ms: ran.cpu_ms,
      connect_ms: ready.connect_ms,
      server_loop_lag_ms: {
        p99: round(percentile(lags, 0.99), 1),
        max: round(lags.at(-1) ?? 0, 1),
      },
    };
  } finally {
    // On failure the subprocess may still wait for a command: end it (it is ours, by handle).
    if (!result) child.kill();
    await writer.close();
    status = await child.status;
  }
  if (!status.success) throw new Error(`client subprocess exited with code ${status.code}`);
  return result;
}

async function* readReports(
  readable: ReadableStream<Uint8Array<ArrayBuffer>>,
): AsyncGenerator<ClientsReport> {
  let buffer = "";
  for await (const chunk of readable.pipeThrough(new TextDecoderStream())) {
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf("\n")) >= 0) {
      yield JSON.parse(buffer.slice(0, end)) as ClientsReport;
      buffer = buffer.slice(end + 1);
    }
  }
}
