// Admin API: projects, keys, widget tokens and dead letters. Every call needs the admin token.
import { Hono } from "hono";
import {
  createKey,
  createKeyInput,
  createProject,
  createProjectInput,
  dropDeadLetter,
  parseInput,
  resolveProject,
  retryAllDeadLetters,
  retryDeadLetter,
  showDeadLetter,
} from "../lib/access/admin.ts";
import type { AppDeps } from "../lib/deps.ts";
import { AppError } from "../lib/errors.ts";
import { createWidgetToken, createWidgetTokenInput } from "../lib/access/widget_tokens.ts";
import { requireAdmin } from "./_auth.ts";

export function adminRoutes(deps: AppDeps) {
  return new Hono()
    .use("/projects", requireAdmin(deps))
    .use("/keys", requireAdmin(deps))
    .use("/keys/*", requireAdmin(deps))
    .use("/stats", requireAdmin(deps))
    .use("/widget-tokens", requireAdmin(deps))
    .use("/widget-tokens/*", requireAdmin(deps))
    .use("/dead-letters", requireAdmin(deps))
    .use("/dead-letters/*", requireAdmin(deps))
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
    })
    .post("/widget-tokens", async (c) => {
      const input = parseInput(createWidgetTokenInput, await jsonBody(c.req.raw));
      return c.json(await createWidgetToken(deps.auth, input, deps.now()), 201);
    })
    .get("/widget-tokens", async (c) => {
      const ref = c.req.query("project");
      const project = ref === undefined ? undefined : await resolveProject(deps.auth, ref);
      return c.json({ widget_tokens: await deps.auth.widgetTokens.list(project?.id) });
    })
    .delete("/widget-tokens/:id", async (c) => {
      if (!(await deps.auth.widgetTokens.revoke(c.req.param("id")))) {
        throw new AppError("not_found", `widget token "${c.req.param("id")}" does not exist`);
      }
      return c.json({ revoked: c.req.param("id") });
    })
    .get("/dead-letters", async (c) => {
      const deadLetters = await deps.deadLetters.list();
      return c.json({ count: deadLetters.length, dead_letters: deadLetters });
    })
    .post("/dead-letters/retry", async (c) => c.json(await retryAllDeadLetters(deps)))
    .get(
      "/dead-letters/:id",
      async (c) => c.json(await showDeadLetter(deps.deadLetters, c.req.param("id"))),
    )
    .delete("/dead-letters/:id", async (c) => {
      await dropDeadLetter(deps.deadLetters, c.req.param("id"));
      return c.json({ dropped: c.req.param("id") });
    })
    .post(
      "/dead-letters/:id/retry",
      async (c) => c.json(await retryDeadLetter(deps, c.req.param("id"))),
    );
}

async function jsonBody(req: Request): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new AppError("bad_request", "body must be a JSON object");
  }
}
