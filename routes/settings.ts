// The settings page and its forms, mounted at /settings. The page is for every dashboard reader;
// the forms are admin only and same origin only (csrf: the Origin header must be this site). Each
// form parses with the admin API's own schema, makes one call into lib/ and answers with the
// settings page (a new key is shown this once) or a redirect back to it.
import { Hono, type MiddlewareHandler } from "hono";
import { compress } from "hono/compress";
import { csrf } from "hono/csrf";
import { type SettingsNotice, SettingsPage } from "../components/SettingsPage.ts";
import {
  createKey,
  createKeyInput,
  createProject,
  createProjectInput,
  dropDeadLetter,
  parseInput,
  retryAllDeadLetters,
  retryDeadLetter,
  revokeKey,
} from "../lib/access/admin.ts";
import { createBudget, deleteBudget } from "../lib/cost/budget_writes.ts";
import { budgetInput, overrideInput } from "../lib/cost/cost_inputs.ts";
import { addPriceOverride, deletePriceOverride } from "../lib/cost/price_overrides.ts";
import { listBudgets } from "../lib/cost/budget_reads.ts";
import type { AppDeps } from "../lib/deps.ts";
import { AppError } from "../lib/errors.ts";
import { type PageContext, type PageEnv, pageKit } from "./_page.ts";
import { readProject } from "./_reader.ts";

const DONE: Record<string, SettingsNotice> = {
  project_created: { tone: "ok", text: "Project created." },
  key_revoked: { tone: "ok", text: "Key revoked: it stops working at once, everywhere." },
  price_added: { tone: "ok", text: "Price override saved; new events are priced with it." },
  price_deleted: { tone: "ok", text: "Price override deleted." },
  budget_added: { tone: "ok", text: "Budget added." },
  budget_deleted: { tone: "ok", text: "Budget deleted." },
  dead_letter_retried: {
    tone: "ok",
    text: "Back in the buffer, made storable: it reaches the database with the next flush.",
  },
  dead_letter_dropped: { tone: "ok", text: "Dead letter dropped." },
};

export function settingsRoutes(deps: AppDeps) {
  const { signedIn, read, page } = pageKit(deps);

  const settings = async (c: PageContext, notice: SettingsNotice | null) => {
    const r = await read(c, "settings", "Settings");
    const admin = r.model.isAdmin;
    const [projects, keys, overrides, budgets, deadLetters] = await Promise.all([
      admin ? deps.auth.listProjects() : [],
      admin ? deps.auth.listKeys(r.project.id) : [],
      deps.prices.list(r.project.id),
      listBudgets(deps, r.project, r.now, r.fresh),
      admin ? deps.deadLetters.list() : [],
    ]);
    return SettingsPage({
      model: r.model,
      projects,
      keys,
      overrides,
      budgets,
      deadLetters,
      notice: notice ?? (DONE[c.req.query("done") ?? ""] ?? null),
      origin: new URL(c.req.url).origin,
    });
  };
  /** The settings page with a notice: input errors answer 400. */
  const render = (c: PageContext, notice: SettingsNotice) =>
    page(c, () => settings(c, notice), notice.tone === "err" ? 400 : 200);

  const adminOnly: MiddlewareHandler<PageEnv> = async function adminOnly(c, next) {
    if (c.var.reader.kind !== "admin") {
      throw new AppError("forbidden", "changing settings needs the admin token");
    }
    await next();
  };
  const fields = async (c: PageContext) => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(await c.req.parseBody())) {
      if (typeof v === "string" && v.trim() !== "") out[k] = v.trim();
    }
    return out;
  };
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const project = (c: PageContext) => readProject(deps, c.var.reader, c.req.query("project"));
  const back = (c: PageContext, done: keyof typeof DONE, anchor: string, projectId?: string) => {
    const p = projectId ?? c.req.query("project");
    const query = `${p ? `project=${encodeURIComponent(p)}&` : ""}done=${done}`;
    return c.redirect(`/settings?${query}#${anchor}`, 303);
  };
  /** Input errors show on the page; anything else goes to the app's error handler. */
  const attempt = async (c: PageContext, action: () => Promise<Response>) => {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof AppError) || error.kind !== "bad_request") throw error;
      return render(c, { tone: "err", text: error.message });
    }
  };

  return new Hono<PageEnv>()
    // The page answers before the forms' middleware (registered after it) would run.
    .get("/", signedIn, compress(), (c) => page(c, () => settings(c, null)))
    .use("*", csrf(), signedIn, adminOnly)
    .post("/projects", (c) =>
      attempt(c, async () => {
        const input = parseInput(createProjectInput, await fields(c));
        const created = await createProject(deps.auth, input);
        return back(c, "project_created", "projects", created.id);
      }))
    .post("/keys", (c) =>
      attempt(c, async () => {
        const f = await fields(c);
        const p = await project(c);
        const key = await createKey(deps.auth, parseInput(createKeyInput, { ...f, project: p.id }));
        return render(c, {
          tone: "ok",
          text: `New ${key.kind} key "${key.name || key.prefix}" for ${p.name}. ` +
            "Copy it now: it is shown this once and stored only as a hash.",
          secret: key.key,
        });
      }))
    .post("/keys/:id/revoke", async (c) => {
      await revokeKey(deps.auth, c.req.param("id"));
      return back(c, "key_revoked", "keys");
    })
    .post("/prices", (c) =>
      attempt(c, async () => {
        const f = await fields(c);
        const p = await project(c);
        const from = f.effective_from;
        const input = parseInput(overrideInput, {
          model: f.model,
          provider: f.provider,
          input_per_mtok: num(f.input_per_mtok),
          output_per_mtok: num(f.output_per_mtok),
          cached_input_per_mtok: num(f.cached_input_per_mtok),
          // datetime-local has no zone: the form says UTC.
          effective_from: from && !/([zZ]|[+-]\d\d:?\d\d)$/.test(from) ? `${from}Z` : from,
        });
        await addPriceOverride(deps, p.id, input);
        return back(c, "price_added", "prices");
      }))
    .post("/prices/:id/delete", async (c) => {
      const p = await project(c);
      await deletePriceOverride(deps, p.id, c.req.param("id"));
      return back(c, "price_deleted", "prices");
    })
    .post("/budgets", (c) =>
      attempt(c, async () => {
        const f = await fields(c);
        const p = await project(c);
        const input = parseInput(budgetInput, {
          name: f.name,
          scope: f.scope,
          scope_value: f.scope === "project" ? undefined : f.scope_value,
          period: f.period,
          amount_usd: num(f.amount_usd),
          // The form takes percentages: "50, 80, 100".
          thresholds: f.thresholds?.split(/[\s,]+/).filter(Boolean).map((t) => Number(t) / 100),
        });
        await createBudget(deps, p.id, input);
        return back(c, "budget_added", "budgets");
      }))
    .post("/dead-letters/retry", (c) =>
      attempt(c, async () => {
        const { retried, failed } = await retryAllDeadLetters(deps);
        if (failed.length === 0) return back(c, "dead_letter_retried", "dead-letters");
        return render(c, {
          tone: "warn",
          text: `${retried.length} retried; ${failed.length} could not be: ${
            failed.map((f) => f.error).join("; ")
          }`,
        });
      }))
    .post("/dead-letters/:id/retry", (c) =>
      attempt(c, async () => {
        await retryDeadLetter(deps, c.req.param("id"));
        return back(c, "dead_letter_retried", "dead-letters");
      }))
    .post("/dead-letters/:id/drop", async (c) => {
      await dropDeadLetter(deps.deadLetters, c.req.param("id"));
      return back(c, "dead_letter_dropped", "dead-letters");
    })
    .post("/budgets/:id/delete", async (c) => {
      const p = await project(c);
      await deleteBudget(deps, p.id, c.req.param("id"));
      return back(c, "budget_deleted", "budgets");
    });
}
