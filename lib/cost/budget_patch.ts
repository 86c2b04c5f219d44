// The input of PATCH /api/budgets/:id: any of the fields POST /api/budgets takes, checked with
// the same messages; unknown fields are refused by name. The edited budget is checked whole again
// (lib/cost/budget_writes.ts), so the rules across fields stay those of POST.
import { z } from "zod";
import { budgetInput } from "./cost_inputs.ts";

const fields = budgetInput.shape;
const FIELD_NAMES = Object.keys(fields).sort();

export const budgetPatch = z.strictObject({
  project: fields.project,
  // POST's name has zod's own messages, which do not name the field.
  name: z.string().min(1, "name: must not be empty").max(100, "name: at most 100 characters")
    .optional(),
  scope: fields.scope.unwrap().optional(),
  scope_value: fields.scope_value,
  period: fields.period.optional(),
  amount_usd: fields.amount_usd.optional(),
  thresholds: fields.thresholds.unwrap().optional(),
}, {
  error: (issue) =>
    issue.code === "unrecognized_keys"
      ? `${issue.keys.join(", ")}: not a budget field (the fields: ${FIELD_NAMES.join(", ")})`
      : "body: must be a JSON object of the fields to change",
}).refine(
  ({ project: _, ...change }) => Object.values(change).some((v) => v !== undefined),
  { message: "body: name at least one field to change", when: (p) => p.issues.length === 0 },
);

export type BudgetPatch = z.infer<typeof budgetPatch>;
