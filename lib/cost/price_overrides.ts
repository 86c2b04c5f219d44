// Price overrides as the API and the settings form change them, and list-price quotes.
import type { z } from "zod";
import { AppError } from "../errors.ts";
import type { PriceStore } from "../store/price_store.ts";
import { newPriceOverride, type overrideInput } from "./cost_inputs.ts";
import type { PriceOverride, Pricer } from "./pricing.ts";

/** The list price of a model (from the price table), or 404 naming the fix. */
export function listPrice(
  deps: { pricer: Pick<Pricer, "quote">; now: () => number },
  model: string,
  provider: string | null,
) {
  const quote = deps.pricer.quote(model, provider, deps.now());
  if (!quote) {
    throw new AppError("not_found", `no list price for model "${model}"; add a price override`);
  }
  return { model, ...quote };
}

/** Adds an override (effective now unless dated) to the project. */
export function addPriceOverride(
  deps: { prices: Pick<PriceStore, "create">; now: () => number },
  projectId: string,
  input: z.infer<typeof overrideInput>,
): Promise<PriceOverride> {
  return deps.prices.create(newPriceOverride(projectId, input, deps.now()));
}

/** Deletes an override of the project, or 404. */
export async function deletePriceOverride(
  deps: { prices: Pick<PriceStore, "delete"> },
  projectId: string,
  id: string,
): Promise<void> {
  if (!(await deps.prices.delete(projectId, id))) {
    throw new AppError("not_found", `price override "${id}" does not exist`);
  }
}
