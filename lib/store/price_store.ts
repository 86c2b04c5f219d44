// A project's own prices (overrides of the price table), in KV: ingest reads them per request.
import type { PriceOverride } from "../cost/pricing.ts";
import { generateId } from "../access/secrets.ts";
import { kvKeys } from "./kv_keys.ts";

export type NewPriceOverride = Omit<PriceOverride, "id" | "created_at">;

export class PriceStore {
  constructor(private readonly kv: Deno.Kv) {}

  async list(projectId: string): Promise<PriceOverride[]> {
    const out: PriceOverride[] = [];
    for await (
      const e of this.kv.list<PriceOverride>({ prefix: kvKeys.priceOverrides(projectId) })
    ) {
      out.push(e.value);
    }
    return out.sort((a, b) =>
      a.model.localeCompare(b.model) || a.effective_from - b.effective_from
    );
  }

  async create(input: NewPriceOverride): Promise<PriceOverride> {
    const override: PriceOverride = {
      ...input,
      id: generateId("prc_"),
      created_at: new Date().toISOString(),
    };
    await this.kv.set(kvKeys.priceOverride(input.project_id, override.id), override);
    return override;
  }

  /** True when it existed. */
  async delete(projectId: string, id: string): Promise<boolean> {
    const key = kvKeys.priceOverride(projectId, id);
    const entry = await this.kv.get(key);
    if (entry.versionstamp === null) return false;
    await this.kv.delete(key);
    return true;
  }
}
