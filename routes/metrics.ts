// /api/metrics (mounted at /api/metrics): the metric catalogue, and current, breakdown and history
// reads. Widget tokens read current and history, scoped to their metrics and filters.
import { Hono } from "hono";
import { reduceCurrent } from "../lib/access/widget_scope.ts";
import type { AppDeps } from "../lib/deps.ts";
import { AppError } from "../lib/errors.ts";
import { isMetricName, publicCatalogue } from "../lib/metrics/catalogue.ts";
import { breakdownMetrics, currentMetrics, historyMetrics } from "../lib/metrics/live_metrics.ts";
import {
  BREAKDOWN_BY,
  type BreakdownBy,
  parseHistoryQuery,
  parseLimit,
  parseMetricsQuery,
  wantsPrevious,
} from "../lib/metrics/query.ts";
import { withSlots } from "../lib/store/series_colors.ts";
import { readCors, type ReaderEnv, readerProject, readParams, requireReader } from "./_reader.ts";

export function metricsRoutes(deps: AppDeps) {
  const crossOrigin = readCors(deps);
  return new Hono<ReaderEnv>()
    .use("/", crossOrigin)
    .use("/*", crossOrigin)
    .get("/", (c) => c.json(publicCatalogue()))
    .use("/*", requireReader(deps, { widgets: true }))
    .get("/current", async (c) => {
      const q = parseMetricsQuery(readParams(c), (await readerProject(deps, c)).id, deps.now());
      const body = await currentMetrics(deps, q, undefined, {
        previous: wantsPrevious(c.req.query("compare")),
      });
      return c.json(
        c.var.reader.kind === "widget" ? reduceCurrent(body, c.var.reader.token) : body,
      );
    })
    .get("/breakdown", async (c) => {
      if (c.var.reader.kind === "widget") {
        throw new AppError("forbidden", "a widget token cannot read /api/metrics/breakdown");
      }
      const q = parseMetricsQuery(c.req.queries(), (await readerProject(deps, c)).id, deps.now());
      const by = c.req.query("by") ?? "model";
      if (!(BREAKDOWN_BY as readonly string[]).includes(by)) {
        throw new AppError("bad_request", `by: must be one of ${BREAKDOWN_BY.join(", ")}`);
      }
      const sort = c.req.query("sort") ?? "cost_usd";
      if (!isMetricName(sort)) throw new AppError("bad_request", `sort: unknown metric "${sort}"`);
      const limit = parseLimit(c.req.query("limit"), 20);
      return c.json(await breakdownMetrics(deps, q, by as BreakdownBy, { sort, limit }));
    })
    .get("/history", async (c) => {
      const q = parseHistoryQuery(readParams(c), (await readerProject(deps, c)).id, deps.now());
      return c.json(await withSlots(deps, q.projectId, q.groupBy, await historyMetrics(deps, q)));
    });
}
