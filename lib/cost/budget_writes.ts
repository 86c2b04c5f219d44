// Adding, editing and deleting budgets, the same for the API (/api/budgets) and the forms: the
// default name, thresholds deduplicated and in order, no scope_value for a project budget. An
// edited budget is checked again at once (its crossings in the current period follow the edit).
import type { z } from "zod";
import { parseInput } from "../access/admin.ts";
import type { Project } from "../access/types.ts";
import { AppError } from "../errors.ts";
import type { Budget, BudgetStore, NewBudget } from "../store/budget_store.ts";
import type { BudgetPatch } from "./budget_patch.ts";
import type { BudgetWatch } from "./budget_watch.ts";
import { budgetInput } from "./cost_inputs.ts";

export type BudgetInput = z.infer<typeof budgetInput>;

/** The name a budget gets when it is given none: "monthly endpoint chat". */
export function defaultBudgetName(
  b: { period: string; scope: string; scope_value?: string | null },
): string {
  return `${b.period} ${b.scope}${b.scope_value ? ` ${b.scope_value}` : ""}`;
}

function budgetFields(input: BudgetInput): Omit<NewBudget, "project_id"> {
  return {
    name: input.name ?? defaultBudgetName(input),
    scope: input.scope,
    scope_value: input.scope === "project" ? null : input.scope_value!,
    period: input.period,
    amount_usd: input.amount_usd,
    thresholds: [...new Set(input.thresholds)].sort((a, b) => a - b),
  };
}

/** Creates the budget of `input` (parsed with budgetInput) in the project `projectId`. */
export function createBudget(
  deps: { budgets: Pick<BudgetStore, "create"> },
  projectId: string,
  input: BudgetInput,
): Promise<Budget> {
  return deps.budgets.create({ project_id: projectId, ...budgetFields(input) });
}

/**
 * `budget` with `patch` applied, checked whole as POST checks a new one (400 naming the fields). A
 * new scope needs its own scope_value; a default name follows the period and scope.
 */
export function editedBudget(budget: Budget, patch: BudgetPatch): Budget {
  const scope = patch.scope ?? budget.scope;
  const input = parseInput(budgetInput, {
    name: patch.name ?? (budget.name === defaultBudgetName(budget) ? undefined : budget.name),
    scope,
    scope_value: patch.scope_value ??
      (scope === budget.scope ? budget.scope_value ?? undefined : undefined),
    period: patch.period ?? budget.period,
    amount_usd: patch.amount_usd ?? budget.amount_usd,
    thresholds: patch.thresholds ?? budget.thresholds,
  });
  return { ...budget, ...budgetFields(input) };
}

/** Edits a budget of the project (PATCH /api/budgets/:id), or 404; answers the edited budget. */
export async function updateBudget(
  deps: { budgets: Pick<BudgetStore, "update">; budgetWatch: Pick<BudgetWatch, "recheck"> },
  project: Project,
  id: string,
  patch: BudgetPatch,
): Promise<Budget> {
  const updated = await deps.budgets.update(project.id, id, (b) => editedBudget(b, patch));
  if (!updated) throw new AppError("not_found", `budget "${id}" does not exist`);
  await deps.budgetWatch.recheck(project, updated);
  return updated;
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
