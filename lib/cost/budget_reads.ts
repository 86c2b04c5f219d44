// Budgets with their status, as readers see them (GET /api/budgets, GET /api/budgets/:id).
import type { Project } from "../access/types.ts";
import { AppError } from "../errors.ts";
import type { StoredEvent } from "../ingest/event.ts";
import { readFresh } from "../metrics/live_metrics.ts";
import { type BudgetDeps, type BudgetStatus, budgetStatus } from "./budgets.ts";

/** Every budget of the project with its status; one read of the buffer serves them all. */
export async function listBudgets(
  deps: BudgetDeps,
  project: Project,
  now: number,
  fresh?: StoredEvent[],
): Promise<BudgetStatus[]> {
  const buffered = fresh ?? await readFresh(deps.buffer);
  const budgets = await deps.budgets.list(project.id);
  return await Promise.all(budgets.map((b) => budgetStatus(deps, b, project, now, buffered)));
}

/** One budget of the project with its status, or 404. */
export async function budgetById(
  deps: BudgetDeps,
  project: Project,
  id: string,
  now: number,
): Promise<BudgetStatus> {
  const budget = await deps.budgets.get(project.id, id);
  if (!budget) throw new AppError("not_found", `budget "${id}" does not exist`);
  return await budgetStatus(deps, budget, project, now);
}
