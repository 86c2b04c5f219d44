// /api/dead-letters (mounted at /api/dead-letters): events the database refused, to inspect,
// retry or drop. Admin only.
import { Hono } from "hono";
import {
  dropDeadLetter,
  retryAllDeadLetters,
  retryDeadLetter,
  showDeadLetter,
} from "../lib/access/admin.ts";
import type { AppDeps } from "../lib/deps.ts";
import { requireAdmin } from "./_auth.ts";

export function deadLetterRoutes(deps: AppDeps) {
  return new Hono()
    .use("/", requireAdmin(deps))
    .use("/*", requireAdmin(deps))
    .get("/", async (c) => {
      const deadLetters = await deps.deadLetters.list();
      return c.json({ count: deadLetters.length, dead_letters: deadLetters });
    })
    .post("/retry", async (c) => c.json(await retryAllDeadLetters(deps)))
    .get("/:id", async (c) => c.json(await showDeadLetter(deps.deadLetters, c.req.param("id"))))
    .delete("/:id", async (c) => {
      await dropDeadLetter(deps.deadLetters, c.req.param("id"));
      return c.json({ dropped: c.req.param("id") });
    })
    .post("/:id/retry", async (c) => c.json(await retryDeadLetter(deps, c.req.param("id"))));
}
