// Input schemas of the cost API (price overrides, re-pricing, budgets); errors name the field.
import { z } from "zod";
import { BUDGET_SCOPES } from "./budget_scope.ts";
import type { NewPriceOverride } from "../store/price_store.ts";

const time = (field: string) =>
  z.string({ error: `${field}: must be an RFC 3339 time` }).refine(
    (s) => !Number.isNaN(Date.parse(s)),
    `${field}: must be an RFC 3339 time`,
  );
const perMtok = (field: string) =>
  z.number({ error: `${field}: must be a number (USD per million tokens)` }).min(
    0,
    `${field}: must be ≥ 0`,
  );

export const overrideInput = z.object({
  project: z.string().optional(),
  model: z.string({ error: "model: is required" }).min(1, "model: is required").max(200),
  provider: z.string().max(100).nullish(),
  input_per_mtok: perMtok("input_per_mtok"),
  output_per_mtok: perMtok("output_per_mtok"),
  cached_input_per_mtok: perMtok("cached_input_per_mtok").nullish(),
  reasoning_per_mtok: perMtok("reasoning_per_mtok").nullish(),
  effective_from: time("effective_from").optional(),
});

/** A validated override request as the price store takes it (effective now unless dated). */
export function newPriceOverride(
  projectId: string,
  input: z.infer<typeof overrideInput>,
  now: number,
): NewPriceOverride {
  return {
    project_id: projectId,
    model: input.model,
    provider: input.provider ?? null,
    input_per_mtok: input.input_per_mtok,
    output_per_mtok: input.output_per_mtok,
    cached_input_per_mtok: input.cached_input_per_mtok ?? null,
    reasoning_per_mtok: input.reasoning_per_mtok ?? null,
    effective_from: input.effective_from ? Date.parse(input.effective_from) : now,
  };
}

export const repriceInput = z.object({
  project: z.string().optional(),
  from: time("from"),
  to: time("to").optional(),
});

export const budgetInput = z.object({
  project: z.string().optional(),
  name: z.string().min(1, "name: must not be empty").max(100, "name: at most 100 characters")
    .optional(),
  scope: z.enum(BUDGET_SCOPES, { error: `scope: must be one of ${BUDGET_SCOPES.join(", ")}` })
    .default("project"),
  scope_value: z.string().min(1).max(200).optional(),
  period: z.enum(["daily", "weekly", "monthly"], {
    error: "period: must be daily, weekly or monthly",
  }),
  amount_usd: z.number({ error: "amount_usd: must be a number" }).positive(
    "amount_usd: must be > 0",
  ),
  thresholds: z.array(
    z.number().gt(0, "thresholds: each must be > 0").max(
      10,
      "thresholds: each at most 10 (1000 %)",
    ),
    { error: "thresholds: must be a list of fractions such as [0.5, 0.8, 1]" },
  ).min(1, "thresholds: must not be empty").default([0.5, 0.8, 1]),
}).refine((b) => b.scope === "project" || b.scope_value !== undefined, {
  message: "scope_value: is required unless scope is project",
});
