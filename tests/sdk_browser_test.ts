// The SDK in a real browser (headless Chromium): a page imports /sdk.js from the monitor, tracks
// two events and navigates away before any timer would send them; the pagehide hook's keepalive
// request (with its Authorization header) must deliver them to the monitor.
// Ignored, with the reason printed, when Chromium is not installed.
import assert from "node:assert/strict";
import { sdkRoutes } from "../routes/sdk.ts";
import { bundle } from "../sdk/build.ts";
import { waitFor } from "./_fixtures.ts";
import { CHROMIUM, CHROMIUM_FLAGS, chromiumMissing } from "./_browser.ts";
import { serveLocal } from "./_server.ts";
import { startSdkSetup } from "./sdk_setup.ts";

function page(ingestKey: string): string {
  return `<!doctype html><title>sdk</title><script type="module">
  import { createMonitor } from "/sdk.js";
  const monitor = createMonitor({ endpoint: location.origin, apiKey: ${JSON.stringify(ingestKey)},
    flushIntervalMs: 600000, context: { application: "browser" } });
  monitor.track({ model: "gpt-4o", endpoint: "page-a", input_tokens: 5 });
  monitor.track({ model: "gpt-4o", endpoint: "page-b", input_tokens: 7 });
  setTimeout(() => location.replace("/next"), 50);
</script>`;
}

Deno.test({
  name: "createMonitor() in a browser sends what is queued on pagehide, with its key",
  ignore: chromiumMissing,
  async fn() {
    await using setup = await startSdkSetup();
    const dir = await Deno.makeTempDir({ prefix: "llm-monitor-browser-" });
    const file = new URL(`file://${dir}/index.js`);
    await bundle("mod.ts", file.pathname);
    const sdk = sdkRoutes({ file });
    const server = serveLocal((req) => {
      const path = new URL(req.url).pathname;
      if (path === "/") return new Response(page(setup.t.ingestKey), { headers: HTML });
      if (path === "/next") return new Response("<p>next</p>", { headers: HTML });
      if (path === "/sdk.js") return sdk.fetch(req);
      return setup.t.app.fetch(req);
    });
    try {
      const { code, stdout } = await new Deno.Command(CHROMIUM, {
        args: [
          "--headless",
          ...CHROMIUM_FLAGS,
          `--user-data-dir=${dir}/profile`,
          "--virtual-time-budget=5000",
          "--dump-dom",
          `${server.url}/`,
        ],
        stdout: "piped",
        stderr: "null",
        signal: AbortSignal.timeout(60_000),
      }).output();
      assert.equal(code, 0);
      assert.match(new TextDecoder().decode(stdout), /<p>next<\/p>/, "the page navigated away");
      await waitFor(
        async () => (await setup.events()).length === 2,
        "the two events tracked before pagehide",
      );
      const events = await setup.events();
      const rows = events.map((e) => [e.endpoint, e.application, e.input_tokens]);
      assert.deepEqual(rows.sort(), [
        ["page-a", "browser", 5],
        ["page-b", "browser", 7],
      ]);
    } finally {
      await server.shutdown();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

const HTML = { "content-type": "text/html; charset=utf-8" };
