// What widgets show besides the METRICS catalogue: a budget's numbers (GET /api/budgets/:id) and
// the tables of `current`. Declared once for the server (token scopes) and the widget bundles.
import type { FormatUnit } from "./format.ts";

export const BUDGET_METRICS = {
  budget_utilization: { unit: "rate", label: "Budget used" },
  projected_spend: { unit: "usd", label: "Projected spend" },
} as const satisfies Record<string, { unit: FormatUnit; label: string }>;

export type BudgetMetric = keyof typeof BUDGET_METRICS;

export const TABLES = {
  active_models: { label: "Models" },
  top_endpoints: { label: "Endpoints" },
} as const satisfies Record<string, { label: string }>;

export type TableName = keyof typeof TABLES;
