// /api/stats (mounted at /api/stats): a project's stored counts and the buffer's size. Admin only.
import { Hono } from "hono";
import { projectStats } from "../lib/access/admin.ts";
import type { AppDeps } from "../lib/deps.ts";
import { requireAdmin } from "./_auth.ts";

export function statsRoutes(deps: AppDeps) {
  return new Hono()
    .use("/", requireAdmin(deps))
    .get("/", async (c) => c.json(await projectStats(deps, c.req.query("project"))));
}
