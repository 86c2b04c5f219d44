// GET /sdk.js: the built SDK bundle served by the monitor, and imported from it by URL.
import assert from "node:assert/strict";
import { toErrorResponse } from "../lib/errors.ts";
import { sdkRoutes } from "../routes/sdk.ts";
import { bundle } from "../sdk/build.ts";
import { ADMIN_TOKEN, startTestMonitor } from "./_fixtures.ts";
import { serveLocal } from "./_server.ts";

async function builtBundle(): Promise<URL & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "llm-monitor-sdk-js-" });
  await bundle("mod.ts", `${dir}/index.js`);
  return Object.assign(new URL(`file://${dir}/index.js`), {
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  });
}

Deno.test("GET /sdk.js answers 503 with the build command until the SDK is built", async () => {
  const app = sdkRoutes({ file: new URL("file:///nonexistent/index.js") });
  app.onError((error) => toErrorResponse(error));
  const response = await app.request("/sdk.js");
  assert.equal(response.status, 503);
  assert.equal(response.headers.get("retry-after"), "5");
  assert.deepEqual(await response.json(), {
    error: "the SDK is not built; run `deno task build:sdk`",
  });
});

Deno.test("GET /sdk.js serves the bundle as a cacheable cross-origin module, 304 when unchanged", async () => {
  await using file = await builtBundle();
  const app = sdkRoutes({ file });
  const response = await app.request("/sdk.js");
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "text/javascript; charset=utf-8");
  assert.equal(response.headers.get("access-control-allow-origin"), "*");
  assert.equal(response.headers.get("cache-control"), "public, max-age=300");
  const body = await response.text();
  assert.equal(body, await Deno.readTextFile(file));
  assert.match(body, /export \{[^}]*createMonitor/);
  const etag = response.headers.get("etag")!;
  assert.match(etag, /^"[0-9a-f]{24}"$/);
  const again = await app.request("/sdk.js", { headers: { "if-none-match": etag } });
  assert.equal(again.status, 304);
  assert.equal(await again.text(), "");
});

Deno.test("the module served at /sdk.js, loaded as an ES module, records events into the monitor serving it", async () => {
  await using file = await builtBundle();
  await using t = await startTestMonitor();
  const sdk = sdkRoutes({ file });
  const server = serveLocal((req) =>
    new URL(req.url).pathname === "/sdk.js" ? sdk.fetch(req) : t.app.fetch(req)
  );
  try {
    const url = server.url;
    // Loaded from the served bytes as a data: URL: an http import would be pinned in deno.lock
    // under this run's random port.
    const served = await fetch(`${url}/sdk.js`);
    assert.equal(served.headers.get("content-type")?.split(";")[0], "text/javascript");
    const source = await served.text();
    const { createMonitor } = await import(
      `data:text/javascript;base64,${
        btoa(String.fromCharCode(...new TextEncoder().encode(source)))
      }`
    );
    const monitor = createMonitor({ endpoint: url, apiKey: t.ingestKey, flushOnExit: false });
    const id = monitor.track({ model: "gpt-4o", provider: "openai", input_tokens: 12 });
    await monitor.shutdown();
    assert.deepEqual(monitor.stats(), { sent: 1, dropped: 0, failed: 0, queued: 0, retries: 0 });
    await t.monitor.deps.flusher.drain();
    const response = await t.app.request(`/api/events/${id}?project=${t.projectId}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    assert.equal(response.status, 200);
    const event = await response.json();
    assert.deepEqual([event.id, event.model, event.input_tokens], [id, "gpt-4o", 12]);
  } finally {
    await server.shutdown();
  }
});
