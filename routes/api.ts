// Read API: current metrics, history, the live stream, and the events behind the numbers.
import { Hono } from "hono";
import { getCookie } from "hono/cookie";
import { cors } from "hono/cors";
import { streamSSE } from "hono/streaming";
import { decodeCursor, encodeCursor } from "../lib/metrics/cursor.ts";
import type { AppDeps } from "../lib/deps.ts";
import { AppError } from "../lib/errors.ts";
import { CSV_COLUMNS, csvLine, csvRow, toApiEvent } from "../lib/metrics/event_view.ts";
import { breakdownMetrics, currentMetrics, historyMetrics } from "../lib/metrics/live_metrics.ts";
import { isMetricName, METRICS } from "../lib/metrics/catalogue.ts";
import { BREAKDOWN_BY, type BreakdownBy } from "../lib/store/read_queries.ts";
import {
  parseFilters,
  parseHistoryQuery,
  parseLimit,
  parseMetricsQuery,
  parseRange,
  type RawParams,
} from "../lib/metrics/query.ts";
import { streamCredential } from "../lib/metrics/stream_limits.ts";
import {
  reduceCurrent,
  scopeParams,
  streamAccess,
  widgetBudget,
} from "../lib/access/widget_scope.ts";
import { bearerToken } from "./_auth.ts";
import {
  allowedOrigin,
  type ReaderEnv,
  readProject,
  requireReader,
  requireWidgetReader,
  SESSION_COOKIE,
  widgetToken,
} from "./_reader.ts";

const CSV_PAGE = 1_000;

export function apiRoutes(deps: AppDeps) {
  const project = (
    c: { var: ReaderEnv["Variables"]; req: { query(name: string): string | undefined } },
  ) => readProject(deps, c.var.reader, c.req.query("project"));
  /** The query parameters of a read; a widget token's filters and metrics applied. */
  const params = (c: { var: ReaderEnv["Variables"]; req: { queries(): RawParams } }) =>
    c.var.reader.kind === "widget"
      ? scopeParams(c.var.reader.token, c.req.queries())
      : c.req.queries();

  const crossOrigin = cors({
    origin: (origin, c) => allowedOrigin(deps, origin, c),
    allowHeaders: ["Authorization", "Content-Type", "Last-Event-ID"],
    allowMethods: ["GET", "OPTIONS"],
    maxAge: 600,
  });

  return new Hono<ReaderEnv>()
    .use("/metrics", crossOrigin)
    .use("/metrics/*", crossOrigin)
    .use("/stream", crossOrigin)
    .use("/events", crossOrigin)
    .use("/events/*", crossOrigin)
    .use("/budgets/:id", crossOrigin)
    .get("/metrics", (c) =>
      c.json({
        metrics: Object.entries(METRICS).map(([name, m]) => ({
          name,
          unit: m.unit,
          label: m.label,
        })),
      }))
    .use("/metrics/*", requireReader(deps, { widgets: true }))
    .use("/stream", requireReader(deps, { widgets: true }))
    .use("/events", requireReader(deps))
    .use("/events/*", requireReader(deps))
    .get("/metrics/current", async (c) => {
      const q = parseMetricsQuery(params(c), (await project(c)).id, deps.now());
      const body = await currentMetrics(deps, q, undefined, {
        previous: wantsPrevious(c.req.query("compare")),
      });
      return c.json(
        c.var.reader.kind === "widget" ? reduceCurrent(body, c.var.reader.token) : body,
      );
    })
    .get("/metrics/breakdown", async (c) => {
      if (c.var.reader.kind === "widget") {
        throw new AppError("forbidden", "a widget token cannot read /api/metrics/breakdown");
      }
      const q = parseMetricsQuery(c.req.queries(), (await project(c)).id, deps.now());
      const by = c.req.query("by") ?? "model";
      if (!(BREAKDOWN_BY as readonly string[]).includes(by)) {
        throw new AppError("bad_request", `by: must be one of ${BREAKDOWN_BY.join(", ")}`);
      }
      const sort = c.req.query("sort") ?? "cost_usd";
      if (!isMetricName(sort)) throw new AppError("bad_request", `sort: unknown metric "${sort}"`);
      const limit = parseLimit(c.req.query("limit"), 20);
      return c.json(await breakdownMetrics(deps, q, by as BreakdownBy, { sort, limit }));
    })
    .get("/metrics/history", async (c) => {
      const q = parseHistoryQuery(params(c), (await project(c)).id, deps.now());
      return c.json(await historyMetrics(deps, q));
    })
    .get("/stream", async (c) => {
      const read = params(c);
      const range = parseRange(read, deps.now());
      const query = {
        projectId: (await project(c)).id,
        window: range.window,
        ...(range.window === "custom" ? { from: range.from, to: range.to } : {}),
        filters: parseFilters(read),
        previous: wantsPrevious(c.req.query("compare")),
      };
      const access = streamAccess(deps.auth, c.var.reader, deps.now);
      // EventSource hides comments: `heartbeat=event` sends heartbeats as events (widgets use
      // them to tell a live stream from a stale one), the first one at once.
      const beatEvents = c.req.query("heartbeat") === "event";
      const everyMs = deps.config.STREAM_HEARTBEAT_MS;
      // Over a cap (streams or views, per credential or in total) this throws 429 before the
      // stream opens; a session counts on its own, not against the key it signed in with.
      const credential = await streamCredential(
        c.var.reader,
        bearerToken(c) === null ? getCookie(c, SESSION_COOKIE) : undefined,
      );
      const subscription = deps.hub.admit(query, credential);
      return streamSSE(c, async (stream) => {
        const closed = Promise.withResolvers<void>();
        const beat = () =>
          beatEvents
            ? stream.writeSSE({ event: "heartbeat", data: `{"every_ms":${everyMs}}` })
            : stream.write(": heartbeat\n\n");
        if (beatEvents) void beat().catch(() => closed.resolve());
        subscription.start((data) => {
          void stream.writeSSE({ event: "metrics", data: access.shape(data) }).catch(() =>
            closed.resolve()
          );
        });
        // A revoked or expired widget token loses its open streams at the next heartbeat.
        const heartbeat = setInterval(() => {
          void access.active().then(async (ok) => {
            if (ok) await beat();
            else closed.resolve();
          }).catch(() => closed.resolve());
        }, everyMs);
        stream.onAbort(() => closed.resolve());
        try {
          await closed.promise;
        } finally {
          clearInterval(heartbeat);
          subscription.close();
        }
      });
    })
    .get("/budgets/:id", async (c, next) => {
      // A widget token reads a budget's utilization and projection here; every other reader goes
      // on to routes/costs.ts.
      if ((await widgetToken(deps, c)).secret === null) return await next();
      const reader = await requireWidgetReader(deps, c);
      return c.json(await widgetBudget(deps, reader.token, c.req.param("id"), deps.now()));
    })
    .get("/events", async (c) => {
      const q = parseMetricsQuery(c.req.queries(), (await project(c)).id, deps.now());
      const wantsCsv = c.req.query("format") === "csv" ||
        (c.req.header("accept") ?? "").split(",")[0]?.trim() === "text/csv";
      if (wantsCsv) return csvResponse(deps, q);
      const limit = parseLimit(c.req.query("limit"), 50);
      const cursor = c.req.query("cursor");
      const page = await deps.store.listEvents(q, {
        limit,
        before: cursor ? decodeCursor(cursor) : undefined,
      });
      return c.json({
        events: page.events.map(toApiEvent),
        next_cursor: page.next ? encodeCursor(page.next) : null,
      });
    })
    .get("/events/:id", async (c) => {
      const event = await deps.store.getEvent((await project(c)).id, c.req.param("id"));
      if (!event) throw new AppError("not_found", `event "${c.req.param("id")}" does not exist`);
      return c.json(toApiEvent(event));
    });
}

function wantsPrevious(compare: string | undefined): boolean {
  if (compare === undefined) return false;
  if (compare !== "previous") throw new AppError("bad_request", 'compare: must be "previous"');
  return true;
}

/** Streams every matching event as CSV, one page at a time: memory stays flat. */
function csvResponse(deps: AppDeps, q: Parameters<AppDeps["store"]["listEvents"]>[0]): Response {
  const encoder = new TextEncoder();
  let before: [number, string] | undefined;
  let started = false;
  let done = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(csvLine(CSV_COLUMNS)));
        return;
      }
      if (done) {
        controller.close();
        return;
      }
      const page = await deps.store.listEvents(q, { before, limit: CSV_PAGE });
      controller.enqueue(encoder.encode(page.events.map(csvRow).join("")));
      if (page.next) before = page.next;
      else done = true;
    },
  });
  const name = `llm-events-${new Date(q.from).toISOString().slice(0, 16)}.csv`.replaceAll(":", "-");
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
    },
  });
}
