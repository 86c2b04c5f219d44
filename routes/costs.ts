// Prices, price overrides, re-pricing, unpriced models and budgets.
import { Hono } from "hono";
import { parseInput } from "../lib/access/admin.ts";
import { budgetStatus } from "../lib/cost/budgets.ts";
import {
  budgetInput,
  newPriceOverride,
  overrideInput,
  repriceInput,
} from "../lib/cost/cost_inputs.ts";
import type { AppDeps } from "../lib/deps.ts";
import { AppError } from "../lib/errors.ts";
import { readFresh } from "../lib/metrics/live_metrics.ts";
import { parseMetricsQuery } from "../lib/metrics/query.ts";
import { reprice } from "../lib/cost/reprice.ts";
import { unpricedModels } from "../lib/cost/unpriced.ts";
import { requireAdmin } from "./_auth.ts";
import { type ReaderEnv, readProject, requireReader } from "./_reader.ts";

export function costRoutes(deps: AppDeps) {
  const admin = requireAdmin(deps);
  const reader = requireReader(deps);
  const project = (
    c: { var: ReaderEnv["Variables"]; req: { query(n: string): string | undefined } },
  ) => readProject(deps, c.var.reader, c.req.query("project"));
  const adminProject = async (ref: string | undefined) => {
    const p = await deps.auth.findProject(ref ?? "default");
    if (!p) throw new AppError("not_found", `project "${ref}" does not exist`);
    return p;
  };

  return new Hono<ReaderEnv>()
    .get("/prices", reader, (c) => {
      const model = c.req.query("model");
      if (!model) throw new AppError("bad_request", "model: is required");
      const quote = deps.pricer.quote(model, c.req.query("provider") ?? null, deps.now());
      if (!quote) {
        throw new AppError("not_found", `no list price for model "${model}"; add a price override`);
      }
      return c.json({ model, ...quote });
    })
    .get(
      "/prices/overrides",
      reader,
      async (c) => c.json({ overrides: await deps.prices.list((await project(c)).id) }),
    )
    .post("/prices/overrides", admin, async (c) => {
      const input = parseInput(overrideInput, await c.req.json().catch(() => null));
      const p = await adminProject(input.project);
      const override = await deps.prices.create(newPriceOverride(p.id, input, deps.now()));
      return c.json(override, 201);
    })
    .delete("/prices/overrides/:id", admin, async (c) => {
      const p = await adminProject(c.req.query("project"));
      if (!(await deps.prices.delete(p.id, c.req.param("id")))) {
        throw new AppError("not_found", `price override "${c.req.param("id")}" does not exist`);
      }
      return c.json({ deleted: c.req.param("id") });
    })
    .post("/prices/reprice", admin, async (c) => {
      const input = parseInput(repriceInput, await c.req.json().catch(() => null));
      const p = await adminProject(input.project);
      const range = {
        from: Date.parse(input.from),
        to: input.to ? Date.parse(input.to) : deps.now(),
      };
      if (range.to <= range.from) throw new AppError("bad_request", "to: must be after from");
      return c.json(await reprice(deps, p.id, range));
    })
    .get("/costs/unpriced", reader, async (c) => {
      const q = parseMetricsQuery(c.req.queries(), (await project(c)).id, deps.now());
      const models = unpricedModels(await deps.store.aggregate(q));
      return c.json({
        unpriced_requests: models.reduce((s, m) => s + m.requests, 0),
        models,
      });
    })
    .get("/budgets", reader, async (c) => {
      const p = await project(c);
      const fresh = await readFresh(deps.buffer);
      const budgets = await deps.budgets.list(p.id);
      return c.json({
        budgets: await Promise.all(budgets.map((b) => budgetStatus(deps, b, p, deps.now(), fresh))),
      });
    })
    .get("/budgets/:id", reader, async (c) => {
      const p = await project(c);
      const budget = await deps.budgets.get(p.id, c.req.param("id"));
      if (!budget) throw new AppError("not_found", `budget "${c.req.param("id")}" does not exist`);
      return c.json(await budgetStatus(deps, budget, p, deps.now()));
    })
    .post("/budgets", admin, async (c) => {
      const input = parseInput(budgetInput, await c.req.json().catch(() => null));
      const p = await adminProject(input.project);
      const budget = await deps.budgets.create({
        project_id: p.id,
        name: input.name ??
          `${input.period} ${input.scope}${input.scope_value ? ` ${input.scope_value}` : ""}`,
        scope: input.scope,
        scope_value: input.scope === "project" ? null : input.scope_value!,
        period: input.period,
        amount_usd: input.amount_usd,
        thresholds: [...new Set(input.thresholds)].sort((a, b) => a - b),
      });
      return c.json(budget, 201);
    })
    .delete("/budgets/:id", admin, async (c) => {
      const p = await adminProject(c.req.query("project"));
      if (!(await deps.budgets.delete(p.id, c.req.param("id")))) {
        throw new AppError("not_found", `budget "${c.req.param("id")}" does not exist`);
      }
      return c.json({ deleted: c.req.param("id") });
    });
}
