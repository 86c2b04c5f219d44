// /api/costs (mounted at /api/costs): requests that have no price, by model.
import { Hono } from "hono";
import { unpricedReport } from "../lib/cost/unpriced.ts";
import type { AppDeps } from "../lib/deps.ts";
import { parseMetricsQuery } from "../lib/metrics/query.ts";
import { type ReaderEnv, readerProject, requireReader } from "./_reader.ts";

export function costRoutes(deps: AppDeps) {
  return new Hono<ReaderEnv>()
    .get("/unpriced", requireReader(deps), async (c) => {
      const q = parseMetricsQuery(c.req.queries(), (await readerProject(deps, c)).id, deps.now());
      return c.json(await unpricedReport(deps.store, q));
    });
}
