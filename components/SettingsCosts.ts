// The cost settings: price overrides (the project's own prices per million tokens) and budgets
// (an amount per day, week or month for the project or one endpoint, application, user or model).
import type { BudgetStatus } from "../lib/cost/budgets.ts";
import { formatValue } from "../lib/shared/format.ts";
import type { PriceOverride } from "../lib/cost/pricing.ts";
import { BUDGET_SCOPES } from "../lib/cost/budget_scope.ts";
import { html } from "./html.ts";
import type { PageModel } from "./page_model.ts";
import { action, Section } from "./SettingsSection.ts";
import { formatTime } from "./time.ts";

export function PriceSettings(
  { model: m, overrides }: { model: PageModel; overrides: PriceOverride[] },
) {
  const where = { timeZone: m.timeZone, locale: m.locale };
  const per = (v: number | null) => (v === null ? html`<span class="faint">—</span>` : `$${v}`);
  return html`
    <${Section} id="prices" title="Price overrides"
      blurb="USD per million tokens; they win over the list price from their date on">
      ${overrides.length === 0
        ? html`<p class="faint">No overrides: every model is priced from the price table.</p>`
        : html`
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr><th scope="col">Model</th><th scope="col">Provider</th><th scope="col" class="num">Input</th>
                      <th scope="col" class="num">Output</th><th scope="col" class="num">Cached input</th><th scope="col">From</th>
                      ${m.isAdmin &&
                        html`<th scope="col"><span class="sr-only">Actions</span></th>`}</tr>
              </thead>
              <tbody>${overrides.map((o) =>
                html`<tr key=${o.id}>
              <td class="cell-main">${o.model}</td><td>${
                  o.provider ?? html`<span class="faint">any</span>`
                }</td>
              <td class="num">${per(o.input_per_mtok)}</td><td class="num">${
                  per(o.output_per_mtok)
                }</td>
              <td class="num">${per(o.cached_input_per_mtok)}</td>
              <td>${formatTime(o.effective_from, "datetime", where)}</td>
              ${
                  m.isAdmin &&
                  html`
                    <td class="num">
                      <form method="post" action=${action(
                        m,
                        `/prices/${encodeURIComponent(o.id)}/delete`,
                      )} class="inline-form">
                        <button class="btn small danger" type="submit" aria-label=${`Delete the price override of ${o.model}`}>Delete</button>
                      </form>
                    </td>
                  `
                }
            </tr>`
              )}</tbody>
            </table>
          </div>
        `}
      ${m.isAdmin &&
        html`
          <form method="post" action=${action(
            m,
            "/prices",
          )} class="form-row" aria-label="New price override">
            <label
              class="field"><span>Model</span><input name="model" required list="price-models" placeholder="gpt-4o" /></label>
            <datalist id="price-models">${(m.options.model ?? []).map((v) =>
              html`<option value=${v} />`
            )}</datalist>
            <label
              class="field"><span>Provider (optional)</span><input name="provider" placeholder="openai" /></label>
            <label
              class="field"><span>Input $/Mtok</span><input name="input_per_mtok" type="number" step="any" min="0" required /></label>
            <label
              class="field"><span>Output $/Mtok</span><input name="output_per_mtok" type="number" step="any" min="0" required /></label>
            <label
              class="field"><span>Cached input $/Mtok</span><input name="cached_input_per_mtok" type="number" step="any" min="0" /></label>
            <label
              class="field"><span>From (UTC, optional)</span><input name="effective_from" type="datetime-local" /></label>
            <button class="btn primary" type="submit">Save override</button>
          </form>
        `}
    <//>
  `;
}

export function BudgetSettings(
  { model: m, budgets }: { model: PageModel; budgets: BudgetStatus[] },
) {
  const f = (v: number, unit: "usd" | "rate") => formatValue(v, unit, m.locale);
  return html`
    <${Section} id="budgets" title="Budgets"
      blurb="threshold crossings are recorded; the Costs page shows projections">
      ${budgets.length === 0 ? html`<p class="faint">No budgets yet.</p>` : html`
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Scope</th><th scope="col">Period</th>
                    <th scope="col" class="num">Amount</th><th scope="col" class="num">Spent</th><th scope="col" class="num">Used</th>
                    <th scope="col">Alerts at</th>${m.isAdmin &&
                      html`<th scope="col"><span class="sr-only">Actions</span></th>`}</tr>
            </thead>
            <tbody>${budgets.map(({ budget: b, spend_usd, budget_utilization }) =>
              html`<tr key=${b.id}>
              <td class="cell-main">${b.name}</td>
              <td>${b.scope}${
                b.scope_value ? html`: <span class="mono">${b.scope_value}</span>` : ""
              }</td>
              <td>${b.period}</td>
              <td class="num">${f(b.amount_usd, "usd")}</td>
              <td class="num">${f(spend_usd, "usd")}</td>
              <td class=${budget_utilization >= 1 ? "num bad-text" : "num"}>${
                f(budget_utilization, "rate")
              }</td>
              <td>${b.thresholds.map((t) => f(t, "rate")).join(", ")}</td>
              ${
                m.isAdmin &&
                html`
                  <td class="num">
                    <form method="post" action=${action(
                      m,
                      `/budgets/${encodeURIComponent(b.id)}/delete`,
                    )} class="inline-form">
                      <button class="btn small danger" type="submit" aria-label=${`Delete budget ${b.name}`}>Delete</button>
                    </form>
                  </td>
                `
              }
            </tr>`
            )}</tbody>
          </table>
        </div>
      `}
      ${m.isAdmin &&
        html`
          <form method="post" action=${action(
            m,
            "/budgets",
          )} class="form-row" aria-label="New budget">
            <label
              class="field"><span>Name (optional)</span><input name="name" maxlength="100" placeholder="Monthly LLM spend" /></label>
            <label class="field"><span>Scope</span>
                      <select name="scope">${BUDGET_SCOPES.map((s) =>
                        html`<option value=${s}>${s}</option>`
                      )}</select></label>
            <label
              class="field"><span>Which (unless project)</span><input name="scope_value" placeholder="chat" /></label>
            <label class="field"><span>Period</span>
                      <select name="period"><option value="monthly">monthly</option><option value="weekly">weekly</option><option value="daily">daily</option></select></label>
            <label
              class="field"><span>Amount (USD)</span><input name="amount_usd" type="number" step="any" min="0.01" required /></label>
            <label
              class="field"><span>Alert at (%)</span><input name="thresholds" value="50, 80, 100" /></label>
            <button class="btn primary" type="submit">Add budget</button>
          </form>
        `}
    <//>
  `;
}
