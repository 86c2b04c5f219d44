// The SDK's behaviour suites under Node (`node --test`), on the built bundle: the same cases as
// sdk/core_test.ts, plus the beforeExit flush of a program that ends without shutdown().
// SDK_BUNDLE and SDK_CASES name the built SDK and the bundled cases (see sdk/node_test.ts).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { freePort, startBlackHole, startIngest } from "./node_harness.mjs";

const bundle = pathToFileURL(process.env.SDK_BUNDLE).href;
const sdk = await import(bundle);
const { cases, wrapCases } = await import(pathToFileURL(process.env.SDK_CASES).href);
const harness = { createMonitor: sdk.createMonitor, startIngest, freePort, startBlackHole };

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

/** Runs a Node program; kills it (and says so) when it is still running after killMs. */
async function runNode(program, killMs) {
  const startedMs = performance.now();
  const child = spawn(process.execPath, ["--input-type=module", "-e", program], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.resume();
  const killer = setTimeout(() => child.kill(), killMs);
  const [code, signal] = await new Promise((resolve) =>
    child.on("exit", (...result) => resolve(result))
  );
  clearTimeout(killer);
  return { code, signal, stdout, tookMs: performance.now() - startedMs };
}

test("a Node program whose monitor never answers ends by itself within shutdownTimeoutMs", async () => {
  const hole = await startBlackHole();
  try {
    const start = `
      const { createMonitor } = await import(${JSON.stringify(bundle)});
      const monitor = createMonitor({ endpoint: ${JSON.stringify(hole.url)}, apiKey: "k",
        shutdownTimeoutMs: 500, onError: () => {} });
      monitor.track({ model: "a" });`;
    const programs = {
      "shutdown()": `${start}
        process.stdout.write(JSON.stringify(await monitor.shutdown()));`,
      "beforeExit, no shutdown()": start,
    };
    for (const [how, program] of Object.entries(programs)) {
      const run = await runNode(program, 8_000);
      assert.equal(run.signal, null, `${how}: still running after 8 s, killed`);
      assert.equal(run.code, 0, how);
      assert.ok(run.tookMs >= 500 && run.tookMs < 3_000, `${how}: exited after ${run.tookMs} ms`);
      const final = { sent: 0, dropped: 1, failed: 0, queued: 0, retries: 0 };
      if (how === "shutdown()") assert.deepEqual(JSON.parse(run.stdout), final, how);
    }
    assert.ok(hole.connections() >= 2, "each program's batch reached the server");
  } finally {
    await hole.close();
  }
});
