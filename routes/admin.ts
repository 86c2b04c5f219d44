// Admin API: projects and keys. Every call needs the admin token.
import { Hono } from "hono";
import {
  createKey,
  createKeyInput,
  createProject,
  createProjectInput,
  parseInput,
  resolveProject,
} from "../lib/admin.ts";
import type { AppDeps } from "../lib/deps.ts";
import { AppError } from "../lib/errors.ts";
import { requireAdmin } from "./_auth.ts";

export function adminRoutes(deps: AppDeps) {
  return new Hono()
    .use("/projects", requireAdmin(deps))
    .use("/keys", requireAdmin(deps))
    .use("/keys/*", requireAdmin(deps))
    .use("/stats", requireAdmin(deps))
    .post("/projects", async (c) => {
      const input = parseInput(createProjectInput, await jsonBody(c.req.raw));
      return c.json(await createProject(deps.auth, input), 201);
    })
    .get("/projects", async (c) => c.json({ projects: await deps.auth.listProjects() }))
    .post("/keys", async (c) => {
      const input = parseInput(createKeyInput, await jsonBody(c.req.raw));
      return c.json(await createKey(deps.auth, input), 201);
    })
    .get("/stats", async (c) => {
      const project = await resolveProject(deps.auth, c.req.query("project") ?? "default");
      return c.json({
        project: project.id,
        buffered: await deps.buffer.size(),
        ...(await deps.store.stats(project.id)),
      });
    })
    .get("/keys", async (c) => c.json({ keys: await deps.auth.listKeys(c.req.query("project")) }))
    .delete("/keys/:id", async (c) => {
      if (!(await deps.auth.revokeKey(c.req.param("id")))) {
        throw new AppError("not_found", `key "${c.req.param("id")}" does not exist`);
      }
      return c.json({ revoked: c.req.param("id") });
    });
}

async function jsonBody(req: Request): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new AppError("bad_request", "body must be a JSON object");
  }
}
