// A stand-in internal portal on another origin: serves the demo page with the widgets loaded from
// the monitor, to see embedding (CORS, token origins) as a real portal would.
//
//   deno run --allow-net tools/portal.ts [--monitor=http://localhost:8000] [--port=8080]
//   then open http://localhost:8080/?token=wt_…  (a token whose origins include the portal's,
//   or the portal's origin in ALLOWED_ORIGINS)
import { parseArgs } from "node:util";
import { renderDemoPage } from "../widgets/demo_page.ts";

const flags = parseArgs({
  args: Deno.args,
  options: {
    monitor: { type: "string", default: "http://localhost:8000" },
    port: { type: "string", default: "8080" },
  },
}).values;
const monitor = new URL(flags.monitor).origin;

Deno.serve({
  hostname: "127.0.0.1",
  port: Number(flags.port),
  onListen: ({ port }) => {
    // deno-lint-ignore no-console
    console.log(
      `portal on http://localhost:${port}/?token=wt_… (widgets from ${monitor})\n` +
        `  the monitor must allow this origin: ALLOWED_ORIGINS=http://localhost:${port}, ` +
        `or a widget token made with "origins":["http://localhost:${port}"]`,
    );
  },
}, (request) => {
  const url = new URL(request.url);
  if (url.pathname !== "/") return new Response("not found", { status: 404 });
  const page = renderDemoPage({
    monitor,
    token: url.searchParams.get("token") ?? "",
    origin: url.origin,
  });
  return new Response(page, {
    headers: { "content-type": "text/html; charset=utf-8", "referrer-policy": "no-referrer" },
  });
});
