// What a budget covers, and the filters that select its spend: declared once for the budget
// checks, widget-token scopes, the settings form and the budget list. Browser-safe.
import type { Filters } from "../shared/windows.ts";

export const BUDGET_SCOPES = ["project", "endpoint", "application", "user", "model"] as const;
export type BudgetScope = typeof BUDGET_SCOPES[number];

/** The read filters of a budget's scope: none for the project, else its one field and value. */
export function scopeFilters(budget: { scope: string; scope_value: string | null }): Filters {
  if (budget.scope === "project" || budget.scope_value === null) return {};
  const field = budget.scope === "user" ? "user_id" : budget.scope;
  return { [field]: [budget.scope_value] };
}
