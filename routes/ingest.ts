// POST /v1/events.
import { Hono } from "hono";
import { cors } from "hono/cors";
import { isJsonContentType, parseJson, readBody } from "../lib/http/body.ts";
import type { AppDeps } from "../lib/deps.ts";
import { AppError } from "../lib/errors.ts";
import { admit, ingest } from "../lib/ingest/accept.ts";
import { type KeyEnv, requireIngestKey } from "./_auth.ts";

export function ingestRoutes(deps: AppDeps) {
  return new Hono<KeyEnv>()
    // Browser apps on ALLOWED_ORIGINS may send events straight from the page (the SDK does).
    .use(
      "/events",
      cors({
        origin: (origin) => (deps.config.ALLOWED_ORIGINS.includes(origin) ? origin : null),
        allowHeaders: ["Authorization", "Content-Type", "Content-Encoding"],
        allowMethods: ["POST", "OPTIONS"],
        maxAge: 600,
      }),
    )
    .post("/events", requireIngestKey(deps), async (c) => {
      const key = c.var.key;
      const rate = await admit(key, deps);
      if (!isJsonContentType(c.req.header("content-type") ?? null)) {
        await c.req.raw.body?.cancel();
        throw new AppError("unsupported_media_type", "Content-Type must be application/json");
      }
      const bytes = await readBody(c.req.raw.body, c.req.header("content-encoding") ?? null);
      const result = await ingest(parseJson(bytes), key, rate.hit, deps);
      deps.flusher.notify(result.accepted);
      return c.json(result, 202);
    });
}
