// Checks every budget of every project once per interval (one instance does it) and records the
// thresholds crossed. Sending them by email, Slack or webhook builds on these records.
import { type BudgetDeps, budgetStatus, recordCrossings } from "./budgets.ts";
import { claimPeriodic } from "../store/lease.ts";
import { readFresh } from "../metrics/live_metrics.ts";
import type { Logger } from "../log.ts";
import type { AuthStore } from "../store/auth_store.ts";

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
        for (const c of await recordCrossings(this.deps.budgets, status, now)) {
          recorded++;
          this.log.warn(`budget "${budget.name}" crossed ${Math.round(c.threshold * 100)} %`, {
            budget: budget.id,
            project: project.id,
            spend_usd: c.spend_usd,
            amount_usd: budget.amount_usd,
          });
        }
      }
    }
    return recorded;
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
