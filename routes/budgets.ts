// /api/budgets (mounted at /api/budgets): budgets with their status for readers, one budget's
// numbers for a widget token (scoped to it, from its origins), and changes for the admin (POST,
// PATCH to edit, DELETE).
import { Hono } from "hono";
import { parseInput, resolveProject } from "../lib/access/admin.ts";
import { widgetBudget } from "../lib/access/widget_scope.ts";
import { budgetById, listBudgets } from "../lib/cost/budget_reads.ts";
import { budgetPatch } from "../lib/cost/budget_patch.ts";
import { createBudget, deleteBudget, updateBudget } from "../lib/cost/budget_writes.ts";
import { budgetInput } from "../lib/cost/cost_inputs.ts";
import type { AppDeps } from "../lib/deps.ts";
import { requireAdmin } from "./_auth.ts";
import { readCors, type ReaderEnv, readerProject, requireReader } from "./_reader.ts";

export function budgetRoutes(deps: AppDeps) {
  const admin = requireAdmin(deps);
  return new Hono<ReaderEnv>()
    .use("/:id", readCors(deps))
    .get(
      "/",
      requireReader(deps),
      async (c) =>
        c.json({ budgets: await listBudgets(deps, await readerProject(deps, c), deps.now()) }),
    )
    .get("/:id", requireReader(deps, { widgets: true }), async (c) => {
      const reader = c.var.reader;
      if (reader.kind === "widget") {
        return c.json(await widgetBudget(deps, reader.token, c.req.param("id"), deps.now()));
      }
      const project = await readerProject(deps, c);
      return c.json(await budgetById(deps, project, c.req.param("id"), deps.now()));
    })
    .post("/", admin, async (c) => {
      const input = parseInput(budgetInput, await c.req.json().catch(() => null));
      const project = await resolveProject(deps.auth, input.project);
      return c.json(await createBudget(deps, project.id, input), 201);
    })
    .patch("/:id", admin, async (c) => {
      const input = parseInput(budgetPatch, await c.req.json().catch(() => null));
      const project = await resolveProject(deps.auth, input.project ?? c.req.query("project"));
      return c.json(await updateBudget(deps, project, c.req.param("id"), input));
    })
    .delete("/:id", admin, async (c) => {
      const project = await resolveProject(deps.auth, c.req.query("project"));
      await deleteBudget(deps, project.id, c.req.param("id"));
      return c.json({ deleted: c.req.param("id") });
    });
}
