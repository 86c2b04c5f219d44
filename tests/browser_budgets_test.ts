// Editing a budget from the budget list in a real headless Chromium: the Edit form (the fields of
// "New budget"), a refusal shown with the field's name, then a lowered amount that takes effect
// at once with the crossing it causes listed. Ignored (and said so) when Chromium is missing.
import assert from "node:assert/strict";
import { chromiumMissing, startDashboard } from "./_browser.ts";
import { storedEvent } from "./_fixtures.ts";

const DEADLINE_MS = 30_000;

Deno.test({
  name: "BudgetList edits a budget through its form and lists the crossing the edit causes",
  ignore: chromiumMissing,
  async fn() {
    await using d = await startDashboard();
    const t = d.t;
    await t.monitor.deps.store.insertEvents([
      storedEvent({ project_id: t.projectId, id: "spend", ts: Date.now() - 60_000, cost_usd: 5 }),
    ]);
    const created = await t.admin("POST", "/api/budgets", {
      project: t.projectId,
      name: "Team",
      period: "monthly",
      amount_usd: 1000,
    });
    assert.equal(created.status, 201);
    const { id } = await created.json() as { id: string };

    const { page, errors } = await d.open();
    await page.goto(d.at("/costs?window=24h"));
    // Every island hydrates in one pass: once the live badge is live, the budget list is too.
    await page.locator('[data-live="live"]').waitFor({ timeout: DEADLINE_MS });
    const item = page.locator(`li[data-budget="${id}"]`);
    assert.equal(await item.locator("[data-threshold]").count(), 0);
    assert.match((await item.locator("p.sub").textContent())!, /^0\.5% used · on track: \$/);

    await item.getByRole("button", { name: "Edit budget Team" }).click();
    const form = item.locator(`form[data-budget-form="${id}"]`);
    await form.waitFor({ timeout: DEADLINE_MS });
    assert.equal(await form.locator("input[name=amount_usd]").inputValue(), "1000");
    assert.equal(await form.locator("input[name=thresholds]").inputValue(), "50, 80, 100");
    assert.equal(await form.locator("select[name=period]").inputValue(), "monthly");

    await form.locator("input[name=thresholds]").fill("0, 80");
    await form.getByRole("button", { name: "Save" }).click();
    const alert = form.getByRole("alert");
    await alert.waitFor({ timeout: DEADLINE_MS });
    assert.equal(await alert.textContent(), "thresholds: each must be > 0");
    assert.equal((await t.monitor.deps.budgets.get(t.projectId, id))?.amount_usd, 1000);

    await form.locator("input[name=name]").fill("Team cap");
    await form.locator("input[name=amount_usd]").fill("8");
    await form.locator("input[name=thresholds]").fill("50, 80, 100");
    await form.getByRole("button", { name: "Save" }).click();
    await item.locator('[data-threshold="0.5"]').waitFor({ timeout: DEADLINE_MS });
    assert.equal(await form.count(), 0, "the form closes once saved");
    assert.equal(await item.locator("h3").textContent(), "Team cap");
    assert.match((await item.locator('[data-threshold="0.5"]').textContent())!, /^50% crossed /);
    assert.match((await item.locator("p.sub").textContent())!, /^62\.5% used · /);
    const stored = await t.monitor.deps.budgets.get(t.projectId, id);
    assert.equal(stored?.amount_usd, 8);
    assert.equal(stored?.name, "Team cap");
    assert.deepEqual(
      errors.filter((e) => !/status of 400/.test(e)),
      [],
      "no console errors besides the refused edit",
    );
  },
});
