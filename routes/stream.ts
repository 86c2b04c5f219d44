// GET /api/stream (mounted at /api/stream): live metrics as server-sent events, for readers and
// widget tokens (reduced to the token's metrics).
import { Hono } from "hono";
import { getCookie } from "hono/cookie";
import { streamAccess } from "../lib/access/widget_scope.ts";
import type { AppDeps } from "../lib/deps.ts";
import { parseFilters, parseRange, wantsPrevious } from "../lib/metrics/query.ts";
import { streamCredential } from "../lib/metrics/stream_limits.ts";
import { bearerToken } from "./_auth.ts";
import {
  readCors,
  type ReaderEnv,
  readerProject,
  readParams,
  requireReader,
  SESSION_COOKIE,
} from "./_reader.ts";
import { liveStream } from "./_sse.ts";

export function streamRoutes(deps: AppDeps) {
  return new Hono<ReaderEnv>()
    .use("/", readCors(deps))
    .use("/", requireReader(deps, { widgets: true }))
    .get("/", async (c) => {
      const read = readParams(c);
      const range = parseRange(read, deps.now());
      const query = {
        projectId: (await readerProject(deps, c)).id,
        window: range.window,
        ...(range.window === "custom" ? { from: range.from, to: range.to } : {}),
        filters: parseFilters(read),
        previous: wantsPrevious(c.req.query("compare")),
      };
      const access = streamAccess(deps.auth, c.var.reader, deps.now);
      // Over a cap (streams or views, per credential or in total) this throws 429 before the
      // stream opens; a session counts on its own, not against the key it signed in with.
      const credential = await streamCredential(
        c.var.reader,
        bearerToken(c) === null ? getCookie(c, SESSION_COOKIE) : undefined,
      );
      const subscription = deps.hub.admit(query, credential);
      return liveStream(c, {
        everyMs: deps.config.STREAM_HEARTBEAT_MS,
        beatEvents: c.req.query("heartbeat") === "event",
        active: access.active,
        start: (send) => subscription.start((data) => send("metrics", access.shape(data))),
        close: () => subscription.close(),
      });
    });
}
