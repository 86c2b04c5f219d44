// Adding and deleting budgets, the same for the API (/api/budgets) and the settings form: the
// default name, thresholds deduplicated and in order, no scope_value for a project budget.
import type { z } from "zod";
import { AppError } from "../errors.ts";
import type { Budget, BudgetStore } from "../store/budget_store.ts";
import type { budgetInput } from "./cost_inputs.ts";

export type BudgetInput = z.infer<typeof budgetInput>;

/** Creates the budget of `input` (parsed with budgetInput) in the project `projectId`. */
export function createBudget(
  deps: { budgets: Pick<BudgetStore, "create"> },
  projectId: string,
  input: BudgetInput,
): Promise<Budget> {
  return deps.budgets.create({
    project_id: projectId,
    name: input.name ??
      `${input.period} ${input.scope}${input.scope_value ? ` ${input.scope_value}` : ""}`,
    scope: input.scope,
    scope_value: input.scope === "project" ? null : input.scope_value!,
    period: input.period,
    amount_usd: input.amount_usd,
    thresholds: [...new Set(input.thresholds)].sort((a, b) => a - b),
  });
}

/** Deletes a budget of the project, or 404. */
export async function deleteBudget(
  deps: { budgets: Pick<BudgetStore, "delete"> },
  projectId: string,
  id: string,
): Promise<void> {
  if (!(await deps.budgets.delete(projectId, id))) {
    throw new AppError("not_found", `budget "${id}" does not exist`);
  }
}
