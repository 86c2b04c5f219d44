// A Deno program that ends without shutdown() still sends what it tracked: the SDK flushes on
// `beforeunload` (Deno's `unload` cannot wait for a request). Node's beforeExit: node_suite.mjs.
import assert from "node:assert/strict";
import { startIngest } from "./test/deno_harness.ts";

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
