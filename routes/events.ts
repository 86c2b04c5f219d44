// /api/events (mounted at /api/events): the events behind the numbers, as JSON pages or CSV, and
// one by id. Readers only: widget tokens are refused.
import { Hono } from "hono";
import type { AppDeps } from "../lib/deps.ts";
import { eventById, eventPage, eventsCsv } from "../lib/metrics/event_reads.ts";
import { parseLimit, parseMetricsQuery } from "../lib/metrics/query.ts";
import { readCors, type ReaderEnv, readerProject, requireReader } from "./_reader.ts";

export function eventsRoutes(deps: AppDeps) {
  const crossOrigin = readCors(deps);
  return new Hono<ReaderEnv>()
    .use("/", crossOrigin)
    .use("/*", crossOrigin)
    .use("/", requireReader(deps))
    .use("/*", requireReader(deps))
    .get("/", async (c) => {
      const q = parseMetricsQuery(c.req.queries(), (await readerProject(deps, c)).id, deps.now());
      const wantsCsv = c.req.query("format") === "csv" ||
        (c.req.header("accept") ?? "").split(",")[0]?.trim() === "text/csv";
      if (wantsCsv) {
        const { body, filename } = eventsCsv(deps.store, q);
        return new Response(body, {
          headers: {
            "content-type": "text/csv; charset=utf-8",
            "content-disposition": `attachment; filename="${filename}"`,
          },
        });
      }
      const limit = parseLimit(c.req.query("limit"), 50);
      return c.json(await eventPage(deps.store, q, { limit, cursor: c.req.query("cursor") }));
    })
    .get(
      "/:id",
      async (c) =>
        c.json(await eventById(deps.store, (await readerProject(deps, c)).id, c.req.param("id"))),
    );
}
