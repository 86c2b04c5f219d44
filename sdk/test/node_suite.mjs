// The SDK's behaviour suites under Node (`node --test`), on the built bundle: the same cases as
// sdk/core_test.ts, plus the beforeExit flush of a program that ends without shutdown().
// SDK_BUNDLE and SDK_CASES name the built SDK and the bundled cases (see sdk/node_test.ts).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { freePort, startIngest } from "./node_harness.mjs";

const bundle = pathToFileURL(process.env.SDK_BUNDLE).href;
const sdk = await import(bundle);
const { cases, wrapCases } = await import(pathToFileURL(process.env.SDK_CASES).href);
const harness = { createMonitor: sdk.createMonitor, startIngest, freePort };

for (const c of [...cases, ...wrapCases]) test(c.name, () => c.fn(harness));

test("createMonitor() flushes on beforeExit when a Node program ends without shutdown()", async () => {
  const ingest = await startIngest();
  try {
    const program = `
      const { createMonitor } = await import(${JSON.stringify(bundle)});
      const monitor = createMonitor({ endpoint: ${JSON.stringify(ingest.url)}, apiKey: "k",
        flushIntervalMs: 60000 });
      monitor.track({ model: "a" });
      monitor.track({ model: "b" });`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", program], {
      stdio: ["ignore", "inherit", "inherit"],
    });
    const code = await new Promise((resolve) => child.on("exit", resolve));
    assert.equal(code, 0);
    assert.deepEqual(ingest.requests.flatMap((r) => r.events.map((e) => e.model)), ["a", "b"]);
  } finally {
    await ingest.close();
  }
});
