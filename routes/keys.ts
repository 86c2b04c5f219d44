// /api/keys (mounted at /api/keys): create, list and revoke ingest and read keys. Admin only.
import { Hono } from "hono";
import { createKey, createKeyInput, listKeys, parseInput, revokeKey } from "../lib/access/admin.ts";
import type { AppDeps } from "../lib/deps.ts";
import { requireAdmin } from "./_auth.ts";
import { jsonBody } from "./_body.ts";

export function keyRoutes(deps: AppDeps) {
  return new Hono()
    .use("/", requireAdmin(deps))
    .use("/*", requireAdmin(deps))
    .post("/", async (c) => {
      const input = parseInput(createKeyInput, await jsonBody(c.req.raw));
      return c.json(await createKey(deps.auth, input), 201);
    })
    .get("/", async (c) => c.json({ keys: await listKeys(deps.auth, c.req.query("project")) }))
    .delete("/:id", async (c) => {
      await revokeKey(deps.auth, c.req.param("id"));
      return c.json({ revoked: c.req.param("id") });
    });
}
