// Checks every budget of every project once per interval (one instance does it) and records the
// thresholds crossed; an edited budget is checked again at once. Sending them by email, Slack or
// webhook builds on these records.
import { type BudgetDeps, budgetStatus, pruneCrossings, recordCrossings } from "./budgets.ts";
import { claimPeriodic } from "../store/lease.ts";
import { readFresh } from "../metrics/live_metrics.ts";
import type { Logger } from "../log.ts";
import type { AuthStore } from "../store/auth_store.ts";
import type { Budget, Crossing } from "../store/budget_store.ts";
import type { Project } from "../access/types.ts";

export class BudgetWatch {
  readonly #id = crypto.randomUUID();
  #timer: ReturnType<typeof setInterval> | undefined;
  #running: Promise<void> | undefined;

  constructor(
    private readonly kv: Deno.Kv,
    private readonly auth: AuthStore,
    private readonly deps: BudgetDeps,
    private readonly log: Logger,
    private readonly options: { intervalMs: number; now: () => number },
  ) {}

  start(): void {
    this.#timer ??= setInterval(() => {
      this.#running ??= this.#tick().finally(() => (this.#running = undefined));
    }, this.options.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** Checks every budget now; returns how many crossings were recorded. */
  async checkAll(): Promise<number> {
    const now = this.options.now();
    const fresh = await readFresh(this.deps.buffer);
    let recorded = 0;
    for (const project of await this.auth.listProjects()) {
      for (const budget of await this.deps.budgets.list(project.id)) {
        const status = await budgetStatus(this.deps, budget, project, now, fresh);
        recorded += this.#report(
          project,
          budget,
          await recordCrossings(this.deps.budgets, status, now),
        );
      }
    }
    return recorded;
  }

  /**
   * Checks one budget again after an edit: the current period's crossings it no longer reaches
   * (a raised amount, a dropped threshold) are forgotten, those it now reaches are recorded.
   */
  async recheck(project: Project, budget: Budget): Promise<Crossing[]> {
    const now = this.options.now();
    const status = await budgetStatus(this.deps, budget, project, now);
    await pruneCrossings(this.deps.budgets, status);
    const recorded = await recordCrossings(this.deps.budgets, status, now);
    this.#report(project, budget, recorded);
    return recorded;
  }

  #report(project: Project, budget: Budget, crossings: Crossing[]): number {
    for (const c of crossings) {
      this.log.warn(`budget "${budget.name}" crossed ${Math.round(c.threshold * 100)} %`, {
        budget: budget.id,
        project: project.id,
        spend_usd: c.spend_usd,
        amount_usd: budget.amount_usd,
      });
    }
    return crossings.length;
  }

  async #tick(): Promise<void> {
    try {
      const now = this.options.now();
      if (await claimPeriodic(this.kv, "budgets", this.#id, this.options.intervalMs, now)) {
        await this.checkAll();
      }
    } catch (error) {
      this.log.warn("budget check failed; retrying next interval", { error });
    }
  }
}
