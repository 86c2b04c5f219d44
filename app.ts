// createApp(deps): middleware order, route mounts, one error handler. No I/O at import.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { INLINE_SCRIPTS } from "./components/Layout.ts";
import type { AppDeps } from "./lib/deps.ts";
import { AppError, toErrorResponse } from "./lib/errors.ts";
import { bodyLimit } from "./lib/http/body_limit.ts";
import { securityHeaders } from "./lib/http/security_headers.ts";
import { budgetRoutes } from "./routes/budgets.ts";
import { costRoutes } from "./routes/costs.ts";
import { deadLetterRoutes } from "./routes/dead_letters.ts";
import { eventsRoutes } from "./routes/events.ts";
import { keyRoutes } from "./routes/keys.ts";
import { metricsRoutes } from "./routes/metrics.ts";
import { priceRoutes } from "./routes/prices.ts";
import { projectRoutes } from "./routes/projects.ts";
import { statsRoutes } from "./routes/stats.ts";
import { streamRoutes } from "./routes/stream.ts";
import { widgetTokenRoutes } from "./routes/widget_tokens.ts";
import { sdkRoutes } from "./routes/sdk.ts";
import { sessionRoutes } from "./routes/session.ts";
import { notFoundPage, pageRoutes } from "./routes/pages.ts";
import { settingsRoutes } from "./routes/settings.ts";
import { staticRoutes } from "./routes/static.ts";
import { widgetRoutes } from "./routes/widgets.ts";
import { ingestRoutes } from "./routes/ingest.ts";
import { otlpRoutes } from "./routes/otlp.ts";

/**
 * Request-body caps by exact path, enforced before authentication; every other POST, PUT, PATCH
 * and DELETE takes 64 KiB (DEFAULT_BODY_LIMIT_BYTES), GET, HEAD and OPTIONS no body at all.
 */
const BODY_LIMITS = {
  "/api/login": 8_192,
  "/api/logout": 8_192,
  "/logout": 8_192,
} satisfies Record<string, number>;

/**
 * Ingest reads its body after the key check, capped on the wire and after decompression in
 * lib/http/body.ts (1 MiB for /v1/events, OTLP_MAX_BODY_BYTES for /v1/traces), and answers in its
 * own format (OTLP: a google.rpc.Status).
 */
const SELF_LIMITED = ["/v1/events", "/v1/traces"];

export function createApp(deps: AppDeps) {
  const app = new Hono();
  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    const response = toErrorResponse(error);
    if (response.status >= 500) {
      deps.log.error(`${c.req.method} ${c.req.path} failed`, {
        error,
        cause: error instanceof AppError ? error.cause : undefined,
      });
    }
    return response;
  });
  app.use(securityHeaders({ inlineScripts: INLINE_SCRIPTS }));
  app.use(bodyLimit({ byPath: BODY_LIMITS, selfLimited: SELF_LIMITED }));
  const dashboardNotFound = notFoundPage(deps);
  app.notFound(async (c) =>
    (await dashboardNotFound(c)) ??
      c.json({ error: `no route for ${c.req.method} ${c.req.path}` }, 404)
  );
  app.get(
    "/healthz",
    async (c) =>
      c.json({ ok: true, buffered: await deps.buffer.size(), store: await deps.store.info() }),
  );
  app.route("/", staticRoutes());
  app.route("/", sdkRoutes());
  app.route("/v1/events", ingestRoutes(deps));
  app.route("/v1/traces", otlpRoutes(deps));
  app.route("/api/projects", projectRoutes(deps));
  app.route("/api/stats", statsRoutes(deps));
  app.route("/api/keys", keyRoutes(deps));
  app.route("/api/widget-tokens", widgetTokenRoutes(deps));
  app.route("/api/dead-letters", deadLetterRoutes(deps));
  app.route("/api", sessionRoutes(deps));
  app.route("/api/metrics", metricsRoutes(deps));
  app.route("/api/stream", streamRoutes(deps));
  app.route("/api/events", eventsRoutes(deps));
  app.route("/api/budgets", budgetRoutes(deps));
  app.route("/api/prices", priceRoutes(deps));
  app.route("/api/costs", costRoutes(deps));
  app.route("/", widgetRoutes(deps));
  app.route("/", pageRoutes(deps));
  app.route("/settings", settingsRoutes(deps));
  return app;
}

export type App = ReturnType<typeof createApp>;
