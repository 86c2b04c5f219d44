// Creating widget tokens: the input of POST /api/widget-tokens, validated once with zod. What a
// token may then read is decided in widget_scope.ts.
import { z } from "zod";
import { resolveProject } from "./admin.ts";
import { AppError } from "../errors.ts";
import { METRIC_NAMES } from "../metrics/catalogue.ts";
import { BUDGET_METRICS, TABLES } from "../shared/widget_catalogue.ts";
import { parseFilters } from "../metrics/query.ts";
import { FILTER_FIELDS, parseDuration } from "../shared/windows.ts";
import type { AuthStore } from "../store/auth_store.ts";
import type { PublicWidgetToken } from "./types.ts";

/** Every name a widget token's `metrics` may list: metrics, budget numbers, tables. */
export const WIDGET_READABLE: readonly string[] = [
  ...METRIC_NAMES,
  ...Object.keys(BUDGET_METRICS),
  ...Object.keys(TABLES),
];

const MAX_EXPIRES_IN_MS = 400 * 86_400_000;

const filterValues = z.union([z.string(), z.array(z.string())], {
  error: "filters: each value must be a string or an array of strings",
});

export const createWidgetTokenInput = z.strictObject({
  project: z.string().min(1, "project: must not be empty").optional(),
  name: z.string().max(100, "name: must be at most 100 characters").optional(),
  metrics: z.array(z.string(), { error: "metrics: must be an array of metric names" })
    .min(1, "metrics: list at least one metric (leave it out to allow every metric)")
    .superRefine((names, ctx) => {
      const unknown = names.find((n) => !WIDGET_READABLE.includes(n));
      if (unknown === undefined) return;
      ctx.addIssue({
        code: "custom",
        message: `metrics: unknown "${unknown}"; one of ${WIDGET_READABLE.join(", ")}`,
      });
    })
    .optional(),
  filters: z.record(z.string(), filterValues, { error: "filters: must be an object" })
    .refine(
      (f) => Object.keys(f).every((k) => (FILTER_FIELDS as readonly string[]).includes(k)),
      `filters: keys must be among ${FILTER_FIELDS.join(", ")}`,
    )
    .optional(),
  origins: z.array(
    z.string().refine(
      isOrigin,
      "origins: each must be an origin such as https://portal.example.com (no path)",
    ),
    { error: "origins: must be an array of origins" },
  ).max(50, "origins: at most 50").optional(),
  expires_in: z.union([
    z.number().int().positive().transform((s) => s * 1000),
    z.string().refine((s) => parseDuration(s) !== null).transform((s) => parseDuration(s)!),
  ], { error: 'expires_in: seconds (a positive integer) or a duration such as "30d" or "12h"' })
    .refine((ms) => ms <= MAX_EXPIRES_IN_MS, "expires_in: at most 400 days")
    .optional(),
}, {
  error: (issue) =>
    issue.code === "unrecognized_keys"
      ? `${
        issue.keys.join(", ")
      }: unknown field (project, name, metrics, filters, origins, expires_in)`
      : "body: must be a JSON object",
});

export type CreateWidgetTokenInput = z.infer<typeof createWidgetTokenInput>;

/** `https://portal.example.com` or `http://localhost:3000`: a scheme, a host, a port; no path. */
export function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.origin === value;
  } catch {
    return false;
  }
}

export async function createWidgetToken(
  auth: AuthStore,
  input: CreateWidgetTokenInput,
  now: number,
): Promise<PublicWidgetToken & { token: string }> {
  const project = await resolveProject(auth, input.project);
  const raw = Object.fromEntries(
    Object.entries(input.filters ?? {}).map(([k, v]) => [k, typeof v === "string" ? [v] : v]),
  );
  let filters;
  try {
    filters = parseFilters(raw);
  } catch (error) {
    if (error instanceof AppError) throw new AppError("bad_request", `filters.${error.message}`);
    throw error;
  }
  const { token, secret } = await auth.widgetTokens.create({
    project_id: project.id,
    name: input.name ?? "",
    metrics: input.metrics ? [...new Set(input.metrics)] : null,
    filters,
    origins: [...new Set(input.origins ?? [])],
    expires_in_ms: input.expires_in ?? null,
  }, now);
  return { ...token, token: secret };
}

/** The widget tokens of a project (an id or a name), or of every project. */
export async function listWidgetTokens(
  auth: AuthStore,
  ref: string | undefined,
): Promise<PublicWidgetToken[]> {
  const project = ref === undefined ? undefined : await resolveProject(auth, ref);
  return await auth.widgetTokens.list(project?.id);
}

/** Revokes a widget token, or 404. */
export async function revokeWidgetToken(auth: AuthStore, id: string): Promise<void> {
  if (!(await auth.widgetTokens.revoke(id))) {
    throw new AppError("not_found", `widget token "${id}" does not exist`);
  }
}
