// /api/prices (mounted at /api/prices): list prices and price overrides for readers; adding and
// deleting overrides and re-pricing stored events for the admin.
import { Hono } from "hono";
import { parseInput, resolveProject } from "../lib/access/admin.ts";
import { overrideInput, repriceInput } from "../lib/cost/cost_inputs.ts";
import { addPriceOverride, deletePriceOverride, listPrice } from "../lib/cost/price_overrides.ts";
import { reprice } from "../lib/cost/reprice.ts";
import type { AppDeps } from "../lib/deps.ts";
import { AppError } from "../lib/errors.ts";
import { requireAdmin } from "./_auth.ts";
import { type ReaderEnv, readerProject, requireReader } from "./_reader.ts";

export function priceRoutes(deps: AppDeps) {
  const admin = requireAdmin(deps);
  const reader = requireReader(deps);
  return new Hono<ReaderEnv>()
    .get("/", reader, (c) => {
      const model = c.req.query("model");
      if (!model) throw new AppError("bad_request", "model: is required");
      return c.json(listPrice(deps, model, c.req.query("provider") ?? null));
    })
    .get(
      "/overrides",
      reader,
      async (c) => c.json({ overrides: await deps.prices.list((await readerProject(deps, c)).id) }),
    )
    .post("/overrides", admin, async (c) => {
      const input = parseInput(overrideInput, await c.req.json().catch(() => null));
      const project = await resolveProject(deps.auth, input.project);
      return c.json(await addPriceOverride(deps, project.id, input), 201);
    })
    .delete("/overrides/:id", admin, async (c) => {
      const project = await resolveProject(deps.auth, c.req.query("project"));
      await deletePriceOverride(deps, project.id, c.req.param("id"));
      return c.json({ deleted: c.req.param("id") });
    })
    .post("/reprice", admin, async (c) => {
      const input = parseInput(repriceInput, await c.req.json().catch(() => null));
      const project = await resolveProject(deps.auth, input.project);
      const range = {
        from: Date.parse(input.from),
        to: input.to ? Date.parse(input.to) : deps.now(),
      };
      if (range.to <= range.from) throw new AppError("bad_request", "to: must be after from");
      return c.json(await reprice(deps, project.id, range));
    });
}
