// A Deno program that ends without shutdown() still sends what it tracked: the SDK flushes on
// `beforeunload` (Deno's `unload` cannot wait for a request), and it still ends within
// shutdownTimeoutMs when the monitor never answers. Node's beforeExit: node_suite.mjs.
import assert from "node:assert/strict";
import { startBlackHole, startIngest } from "./test/deno_harness.ts";

Deno.test("createMonitor() flushes on beforeunload when a Deno program ends without shutdown()", async () => {
  const ingest = await startIngest();
  try {
    const program = `
      import { createMonitor } from ${JSON.stringify(new URL("./mod.ts", import.meta.url).href)};
      const monitor = createMonitor({ endpoint: ${JSON.stringify(ingest.url)}, apiKey: "k",
        flushIntervalMs: 60_000 });
      monitor.track({ model: "a" });
      monitor.track({ model: "b" });`;
    const { code, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["eval", "--ext=ts", program],
      stdout: "null",
      stderr: "piped",
    }).output();
    assert.equal(code, 0, new TextDecoder().decode(stderr));
    assert.deepEqual(ingest.requests.flatMap((r) => r.events.map((e) => e.model)), ["a", "b"]);
  } finally {
    await ingest.close();
  }
});

Deno.test("a Deno program whose monitor never answers ends by itself within shutdownTimeoutMs", async () => {
  const hole = await startBlackHole();
  try {
    const program = `
      import { createMonitor } from ${JSON.stringify(new URL("./mod.ts", import.meta.url).href)};
      const monitor = createMonitor({ endpoint: ${JSON.stringify(hole.url)}, apiKey: "k",
        shutdownTimeoutMs: 500, onError: () => {} });
      monitor.track({ model: "a" });`;
    const startedMs = performance.now();
    const child = new Deno.Command(Deno.execPath(), {
      args: ["eval", "--ext=ts", program],
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const killer = setTimeout(() => child.kill(), 8_000);
    const { code, signal, stderr } = await child.output();
    clearTimeout(killer);
    const tookMs = performance.now() - startedMs;
    assert.equal(signal, null, "still running after 8 s, killed");
    assert.equal(code, 0, new TextDecoder().decode(stderr));
    assert.ok(tookMs >= 500 && tookMs < 4_000, `exited after ${tookMs} ms`);
    assert.ok(hole.connections() >= 1, "the batch reached the server");
  } finally {
    await hole.close();
  }
});
