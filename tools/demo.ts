// `deno task demo`: realistic synthetic LLM traffic into a running monitor, so a newcomer sees a
// living dashboard in a minute. Several providers and models (their list prices in the right
// ratios; the server prices events, except a self-hosted model that reports its own cost and one
// that no price covers), features with their own model mix and token sizes, Zipf-distributed
// users, streaming with time to first token, long-tail latencies, errors and timeouts, and now
// and then a runaway research agent that makes the cost spike.
//
//   INGEST_KEY=lmi_… deno task demo                     # localhost:8000
//   INGEST_KEY=lmi_… deno task demo --rate 20 --duration 10m --backfill 1h
//   MONITOR_URL=http://127.0.0.1:8000 ADMIN_TOKEN=lma_… deno task demo
//
// The secrets come from the environment only, never from flags (shell history, process lists).
// Without INGEST_KEY but with ADMIN_TOKEN it creates an ingest key named "demo" first. Only
// loopback URLs unless --allow-remote. Runs until Ctrl-C or --duration.
import { createLogger } from "../lib/log.ts";
import { DEMO_USAGE, demoArgs, isLoopback, MISSING_KEY, parseDuration } from "./demo/args.ts";
import { demoKey, post } from "./demo/send.ts";
import { demoEvents, DemoTraffic, estimateCost } from "./demo/traffic.ts";

async function main() {
  const log = createLogger();
  const values = demoArgs(Deno.args, (name) => Deno.env.get(name));
  if (values.help) {
    log.print(DEMO_USAGE);
    return;
  }
  const url = new URL(values.url);
  if (!isLoopback(url) && !values["allow-remote"]) {
    throw new Error(
      `${url.origin} is not a loopback address; pass --allow-remote to send demo data there`,
    );
  }
  const rate = Number(values.rate);
  if (!(rate > 0 && rate <= 2000)) throw new Error("--rate: events per second, from 0 to 2000");
  let key = values.key;
  if (!key && values.adminToken) {
    key = await demoKey(url, values.adminToken, values.project);
    log.print(`created ingest key "demo" for project ${values.project}`);
  }
  if (!key) throw new Error(MISSING_KEY);
  const traffic = new DemoTraffic(values.seed ? Number(values.seed) : Date.now());
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  Deno.addSignalListener("SIGINT", onSignal);
  const started = Date.now();
  const endAt = values.duration ? started + parseDuration(values.duration) : Infinity;

  const backfillMs = values.backfill === "0" ? 0 : parseDuration(values.backfill);
  if (backfillMs > 0) {
    const events = demoEvents(traffic, started - backfillMs, started - 1000, Math.min(rate, 4));
    let sent = 0;
    for (let i = 0; i < events.length && !stop.signal.aborted; i += 1000) {
      sent += await post(url, key, events.slice(i, i + 1000), stop.signal);
    }
    log.print(`backfilled ${sent.toLocaleString("en-US")} events over the last ${values.backfill}`);
  }

  let total = 0;
  let errors = 0;
  let timeouts = 0;
  let cost = 0;
  let windowCount = 0;
  let windowStart = Date.now();
  let nextReport = windowStart + 5_000;
  let spikeUntil = 0;
  let nextSpike = Date.now() + 60_000 + Math.random() * 120_000;
  log.print(`sending ~${rate}/s to ${url.origin} (Ctrl-C to stop)`);
  while (!stop.signal.aborted && Date.now() < endAt) {
    const tickStart = Date.now();
    if (tickStart >= nextSpike) {
      spikeUntil = tickStart + 45_000 + Math.random() * 45_000;
      nextSpike = spikeUntil + 4 * 60_000 + Math.random() * 5 * 60_000;
    }
    const spiking = tickStart < spikeUntil;
    const wave = 1 + 0.35 * Math.sin((2 * Math.PI * tickStart) / 600_000);
    const expected = rate * wave * (spiking ? 1.6 : 1);
    const count = Math.floor(expected) + (Math.random() < expected % 1 ? 1 : 0);
    const events = Array.from({ length: count }, () => traffic.next(Date.now(), spiking));
    if (events.length > 0) {
      total += await post(url, key, events, stop.signal);
      windowCount += events.length;
      for (const e of events) {
        if (e.status === "error") errors++;
        if (e.status === "timeout") timeouts++;
        cost += estimateCost(e);
      }
    }
    if (Date.now() >= nextReport) {
      const time = new Date().toISOString().slice(11, 19);
      log.print(
        `${time}  ${total.toLocaleString("en-US")} events · ${
          (windowCount / ((Date.now() - windowStart) / 1000)).toFixed(1)
        }/s · errors ${((errors / Math.max(1, total)) * 100).toFixed(1)}% · timeouts ${
          ((timeouts / Math.max(1, total)) * 100).toFixed(1)
        }% · ~$${cost.toFixed(2)} at list prices${
          spiking ? " · COST SPIKE: research-agent runaway" : ""
        }`,
      );
      windowCount = 0;
      windowStart = Date.now();
      nextReport += 5_000;
    }
    const wait = 1000 - (Date.now() - tickStart);
    if (wait > 0 && !stop.signal.aborted) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        stop.signal.addEventListener("abort", () => {
          clearTimeout(timer);
          resolve();
        }, { once: true });
      });
    }
  }
  Deno.removeSignalListener("SIGINT", onSignal);
  log.print(
    `sent ${total.toLocaleString("en-US")} events in ${
      Math.round((Date.now() - started) / 1000)
    } s (~$${cost.toFixed(2)} at list prices)`,
  );
}

if (import.meta.main) {
  try {
    await main();
  } catch (error) {
    createLogger().error(error instanceof Error ? error.message : String(error));
    Deno.exit(1);
  }
}
