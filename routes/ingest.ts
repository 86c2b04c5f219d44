// POST /v1/events (mounted at /v1/events).
import { Hono } from "hono";
import { cors } from "hono/cors";
import type { AppDeps } from "../lib/deps.ts";
import { receiveEvents } from "../lib/ingest/receive.ts";
import { type KeyEnv, requireIngestKey } from "./_auth.ts";

export function ingestRoutes(deps: AppDeps) {
  return new Hono<KeyEnv>()
    // Browser apps on ALLOWED_ORIGINS may send events straight from the page (the SDK does).
    .use(
      "/",
      cors({
        origin: (origin) => (deps.config.ALLOWED_ORIGINS.includes(origin) ? origin : null),
        allowHeaders: ["Authorization", "Content-Type", "Content-Encoding"],
        allowMethods: ["POST", "OPTIONS"],
        maxAge: 600,
      }),
    )
    .post("/", requireIngestKey(deps), async (c) => {
      const result = await receiveEvents(deps, c.var.key, {
        contentType: c.req.header("content-type") ?? null,
        contentEncoding: c.req.header("content-encoding") ?? null,
        body: c.req.raw.body,
      });
      return c.json(result, 202);
    });
}
