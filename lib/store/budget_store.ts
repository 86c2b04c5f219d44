// Budgets and the record of their threshold crossings, in KV. A crossing is written once per
// budget, period and threshold, however many instances check at the same moment.
import type { BudgetPeriod } from "../cost/budget_period.ts";
import type { BudgetScope } from "../cost/budget_scope.ts";
import { generateId } from "../access/secrets.ts";
import { kvKeys } from "./kv_keys.ts";

export interface Budget {
  id: string;
  project_id: string;
  name: string;
  /** What the budget covers: the whole project, or one endpoint, application, user or model. */
  scope: BudgetScope;
  /** The endpoint, application, user id or model; null for the project scope. */
  scope_value: string | null;
  period: BudgetPeriod;
  amount_usd: number;
  /** Fractions of the amount whose crossing is recorded, e.g. [0.5, 0.8, 1]. */
  thresholds: number[];
  created_at: string;
}

export interface Crossing {
  threshold: number;
  crossed_at: string;
  spend_usd: number;
}

export type NewBudget = Omit<Budget, "id" | "created_at">;

export class BudgetStore {
  constructor(private readonly kv: Deno.Kv) {}

  async create(input: NewBudget): Promise<Budget> {
    const budget: Budget = {
      ...input,
      id: generateId("bud_"),
      created_at: new Date().toISOString(),
    };
    await this.kv.set(kvKeys.budget(input.project_id, budget.id), budget);
    return budget;
  }

  async list(projectId: string): Promise<Budget[]> {
    const out: Budget[] = [];
    for await (const e of this.kv.list<Budget>({ prefix: kvKeys.budgets(projectId) })) {
      out.push(e.value);
    }
    return out.sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  async get(projectId: string, id: string): Promise<Budget | null> {
    return (await this.kv.get<Budget>(kvKeys.budget(projectId, id))).value;
  }

  /**
   * Replaces a budget with `edit(budget)`, atomically against a concurrent edit or delete (it is
   * read again and edited again on a conflict); null when the budget does not exist.
   */
  async update(
    projectId: string,
    id: string,
    edit: (budget: Budget) => Budget,
  ): Promise<Budget | null> {
    const key = kvKeys.budget(projectId, id);
    for (;;) {
      const entry = await this.kv.get<Budget>(key);
      if (entry.value === null) return null;
      const next = { ...edit(entry.value), id, project_id: projectId };
      const result = await this.kv.atomic().check(entry).set(key, next).commit();
      if (result.ok) return next;
    }
  }

  async delete(projectId: string, id: string): Promise<boolean> {
    const key = kvKeys.budget(projectId, id);
    if ((await this.kv.get(key)).versionstamp === null) return false;
    await this.kv.delete(key);
    return true;
  }

  /** Records a crossing unless one is recorded for this budget, period and threshold. */
  async recordCrossing(
    budgetId: string,
    periodStart: number,
    crossing: Crossing,
  ): Promise<boolean> {
    const key = kvKeys.budgetCrossing(budgetId, periodStart, crossing.threshold);
    const result = await this.kv.atomic().check({ key, versionstamp: null }).set(key, crossing)
      .commit();
    return result.ok;
  }

  /** Forgets a crossing of the period, so that it is recorded again when it is reached again. */
  async deleteCrossing(budgetId: string, periodStart: number, threshold: number): Promise<void> {
    await this.kv.delete(kvKeys.budgetCrossing(budgetId, periodStart, threshold));
  }

  async crossings(budgetId: string, periodStart: number): Promise<Crossing[]> {
    const out: Crossing[] = [];
    for await (
      const e of this.kv.list<Crossing>({ prefix: kvKeys.budgetCrossings(budgetId, periodStart) })
    ) {
      out.push(e.value);
    }
    return out.sort((a, b) => a.threshold - b.threshold);
  }
}
