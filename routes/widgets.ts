// Embeddable widgets: their bundles (loadable from any origin: module scripts are fetched with
// CORS), a ping the widgets use to tell "refused" from "unreachable", and the demo portal page.
// The data itself is read from /api with a widget token, under that API's origin rules.
import { Hono } from "hono";
import type { AppDeps } from "../lib/deps.ts";
import { contentSecurityPolicy } from "../lib/http/content_security_policy.ts";
import { DEMO_SCRIPT, DEMO_STYLE, renderDemoPage } from "../widgets/demo_page.ts";
import { serveBuilt } from "./static.ts";

/** The built files under static/widgets/ (tools/build_ui.ts). */
const BUNDLES = [
  "llm-metric-card.js",
  "llm-metric-chart.js",
  "llm-metric-table.js",
  "chart-vendor.js",
] as const;

/** The demo portal's policy: its own inline script and style by hash; any page may frame it. */
const DEMO_POLICY = contentSecurityPolicy({
  scripts: [DEMO_SCRIPT],
  styles: [DEMO_STYLE],
  frameAncestors: null,
});

export function widgetRoutes(_deps: AppDeps) {
  const app = new Hono();
  for (const file of BUNDLES) {
    app.get(`/widgets/${file}`, async () => {
      const response = await serveBuilt(`widgets/${file}`, "text/javascript; charset=utf-8");
      response.headers.set("access-control-allow-origin", "*");
      response.headers.set("cross-origin-resource-policy", "cross-origin");
      return response;
    });
  }
  return app
    .get("/widgets/ping", (c) => {
      c.header("access-control-allow-origin", "*");
      c.header("cache-control", "no-store");
      return c.json({ ok: true });
    })
    .get("/widgets/demo", (c) => {
      c.header("referrer-policy", "no-referrer");
      c.header("content-security-policy", DEMO_POLICY);
      const origin = new URL(c.req.url).origin;
      return c.html(renderDemoPage({ monitor: "", token: c.req.query("token") ?? "", origin }));
    });
}
