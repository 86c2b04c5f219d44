// /api/widget-tokens (mounted at /api/widget-tokens): create, list and revoke widget tokens. Admin
// only (the admin token, or the admin's session on a same-origin request from the settings page).
import { Hono } from "hono";
import { parseInput } from "../lib/access/admin.ts";
import {
  createWidgetToken,
  createWidgetTokenInput,
  listWidgetTokens,
  revokeWidgetToken,
} from "../lib/access/widget_tokens.ts";
import type { AppDeps } from "../lib/deps.ts";
import { requireAdmin } from "./_auth.ts";
import { jsonBody } from "./_body.ts";

export function widgetTokenRoutes(deps: AppDeps) {
  return new Hono()
    .use("/", requireAdmin(deps))
    .use("/*", requireAdmin(deps))
    .post("/", async (c) => {
      const input = parseInput(createWidgetTokenInput, await jsonBody(c.req.raw));
      return c.json(await createWidgetToken(deps.auth, input, deps.now()), 201);
    })
    .get(
      "/",
      async (c) =>
        c.json({ widget_tokens: await listWidgetTokens(deps.auth, c.req.query("project")) }),
    )
    .delete("/:id", async (c) => {
      await revokeWidgetToken(deps.auth, c.req.param("id"));
      return c.json({ revoked: c.req.param("id") });
    });
}
