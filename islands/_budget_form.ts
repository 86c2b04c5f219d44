// The budget list's Edit form: the fields of the "New budget" form in Settings, filled with the
// budget, and the body of PATCH /api/budgets/:id it makes (thresholds typed in percent).
import { html } from "../components/html.ts";
import { BUDGET_SCOPES } from "../lib/cost/budget_scope.ts";
import type { Budget } from "../lib/store/budget_store.ts";

const PERIODS = ["monthly", "weekly", "daily"] as const;

/** 0.5 → "50", 0.575 → "57.5", without float noise. */
const percent = (fraction: number) => String(Math.round(fraction * 10_000) / 100);

/** The PATCH body of the form's fields; the API checks them and names the bad ones. */
export function patchBody(form: FormData): Record<string, unknown> {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const scope = text("scope");
  return {
    ...(text("name") ? { name: text("name") } : {}),
    scope,
    ...(scope === "project" ? {} : { scope_value: text("scope_value") || undefined }),
    period: text("period"),
    amount_usd: Number(text("amount_usd")),
    thresholds: text("thresholds").split(/[\s,%]+/).filter(Boolean).map((t) => Number(t) / 100),
  };
}

export function BudgetForm(props: {
  budget: Budget;
  error: string;
  busy: boolean;
  onSubmit: (form: HTMLFormElement) => void;
  onCancel: () => void;
}) {
  const b = props.budget;
  const submit = (e: Event) => {
    e.preventDefault();
    props.onSubmit(e.currentTarget as HTMLFormElement);
  };
  return html`
    <form class="form-row" aria-label=${`Edit budget ${b.name}`} data-budget-form=${b.id}
      style="margin-top: .6rem" onSubmit=${submit}>
      <label class="field"><span>Name</span><input name="name" maxlength="100" value=${b
        .name} /></label>
      <label class="field"><span>Scope</span>
        <select name="scope">${BUDGET_SCOPES.map((s) =>
          html`<option value=${s} selected=${s === b.scope}>${s}</option>`
        )}</select></label>
      <label class="field"><span>Which (unless project)</span>
        <input name="scope_value" maxlength="200" value=${b.scope_value ?? ""} /></label>
      <label class="field"><span>Period</span>
        <select name="period">${PERIODS.map((p) =>
          html`<option value=${p} selected=${p === b.period}>${p}</option>`
        )}</select></label>
      <label class="field"><span>Amount (USD)</span>
        <input name="amount_usd" type="number" step="any" min="0.01" required value=${b
          .amount_usd} /></label>
      <label class="field"><span>Alert at (%)</span>
        <input name="thresholds" value=${b.thresholds.map(percent).join(", ")} /></label>
      <button class="btn primary" type="submit" disabled=${props.busy}>Save</button>
      <button class="btn" type="button" onClick=${props.onCancel}>Cancel</button>
      ${props.error &&
        html`<p class="notice err" role="alert" style="flex-basis: 100%; margin: 0">${props.error}</p>`}
    </form>
  `;
}
