// /api/projects (mounted at /api/projects): create and list projects. Admin only.
import { Hono } from "hono";
import { createProject, createProjectInput, parseInput } from "../lib/access/admin.ts";
import type { AppDeps } from "../lib/deps.ts";
import { requireAdmin } from "./_auth.ts";
import { jsonBody } from "./_body.ts";

export function projectRoutes(deps: AppDeps) {
  return new Hono()
    .use("/", requireAdmin(deps))
    .post("/", async (c) => {
      const input = parseInput(createProjectInput, await jsonBody(c.req.raw));
      return c.json(await createProject(deps.auth, input), 201);
    })
    .get("/", async (c) => c.json({ projects: await deps.auth.listProjects() }));
}
