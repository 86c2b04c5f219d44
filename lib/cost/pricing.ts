// Prices events that arrive without cost_usd: a project's own price overrides first (with
// effective dates), else the maintained @pydantic/genai-prices table (pinned), which matches
// dated snapshots and aliases (gpt-4o-2024-08-06 → gpt-4o) and applies tiers and cache prices.
import { calcPrice, type Provider } from "@pydantic/genai-prices";
import type { StoredEvent } from "../ingest/event.ts";

/** Recorded on each event the table priced, so a table change does not rewrite the past. */
export const PRICE_TABLE_VERSION = "genai-prices@0.1.8";

export interface PriceOverride {
  id: string;
  project_id: string;
  /** Exact model name, or the table's model id it stands for (gpt-4o covers its snapshots). */
  model: string;
  /** Only events of this provider; null for any provider. */
  provider: string | null;
  input_per_mtok: number;
  output_per_mtok: number;
  cached_input_per_mtok: number | null;
  reasoning_per_mtok: number | null;
  /** Epoch ms from which the override applies. */
  effective_from: number;
  created_at: string;
}

export interface Price {
  cost_usd: number;
  input_cost_usd: number;
  output_cost_usd: number;
  /** What cached input tokens saved against the full input price. */
  cache_savings_usd: number;
  cost_source: "computed" | "override";
  price_version: string;
}

/** The cost columns of an event, as pricing sets them (and re-pricing stores them). */
export type PricedFields = Pick<
  StoredEvent,
  | "cost_usd"
  | "input_cost_usd"
  | "output_cost_usd"
  | "cache_savings_usd"
  | "cost_source"
  | "price_version"
>;

/** The table's match for a model, kept so the next event of it skips the search. */
interface TableMatch {
  provider: Provider;
  modelId: string;
}

export class Pricer {
  readonly #matches = new Map<string, TableMatch | null>();

  /** The event with its cost filled in, or marked unpriced; a reported cost is kept. */
  apply<E extends StoredEvent>(event: E, overrides: readonly PriceOverride[]): E {
    if (event.cost_source === "reported") return event;
    const price = this.price(event, overrides);
    const fields: PricedFields = price ?? {
      cost_usd: null,
      input_cost_usd: null,
      output_cost_usd: null,
      cache_savings_usd: null,
      cost_source: null,
      price_version: null,
    };
    return { ...event, ...fields };
  }

  price(e: StoredEvent, overrides: readonly PriceOverride[]): Price | null {
    const override = this.#override(e, overrides);
    if (override) return priceWithOverride(e, override);
    return this.#priceWithTable(e);
  }

  /** What the table charges for a model at a time: per-million-token prices, or null. */
  quote(model: string, provider: string | null, at: number) {
    const match = this.#match(model, provider);
    if (!match) return null;
    const probe = calcPrice({ input_tokens: 1, output_tokens: 1 }, model, {
      provider: match.provider,
      timestamp: new Date(at),
    });
    return probe
      ? {
        provider: match.provider.id,
        model_id: match.modelId,
        model_name: probe.model.name ?? match.modelId,
        prices: probe.model_price,
        price_version: PRICE_TABLE_VERSION,
      }
      : null;
  }

  /** The table's model id for a model name (null when the table does not know it). */
  tableModelId(model: string, provider: string | null): string | null {
    return this.#match(model, provider)?.modelId ?? null;
  }

  #override(e: StoredEvent, overrides: readonly PriceOverride[]): PriceOverride | null {
    let best: PriceOverride | null = null;
    for (const o of overrides) {
      if (o.effective_from > e.ts) continue;
      if (o.provider !== null && o.provider !== e.provider) continue;
      if (o.model !== e.model && o.model !== this.tableModelId(e.model, e.provider)) continue;
      if (!best || o.effective_from > best.effective_from) best = o;
    }
    return best;
  }

  #priceWithTable(e: StoredEvent): Price | null {
    const match = this.#match(e.model, e.provider);
    if (!match) return null;
    const cached = Math.min(e.cached_input_tokens ?? 0, e.input_tokens);
    const result = calcPrice(
      { input_tokens: e.input_tokens, cache_read_tokens: cached, output_tokens: e.output_tokens },
      e.model,
      { provider: match.provider, timestamp: new Date(e.ts) },
    );
    if (!result) return null;
    const full = calcPrice({ input_tokens: e.input_tokens, output_tokens: 0 }, e.model, {
      provider: match.provider,
      timestamp: new Date(e.ts),
    });
    return {
      cost_usd: result.total_price,
      input_cost_usd: result.input_price,
      output_cost_usd: result.output_price,
      cache_savings_usd: cached > 0 && full
        ? Math.max(0, full.input_price - result.input_price)
        : 0,
      cost_source: "computed",
      price_version: PRICE_TABLE_VERSION,
    };
  }

  #match(model: string, provider: string | null): TableMatch | null {
    const key = `${provider ?? ""}\u0000${model}`;
    if (this.#matches.has(key)) return this.#matches.get(key)!;
    // Self-hosted models have no list price: only a project override prices them.
    const unit = { input_tokens: 1, output_tokens: 1 };
    const probe = provider === "self-hosted" ? null : calcPrice(unit, model, {
      providerId: tableProviderId(provider),
    }) ?? (provider ? calcPrice(unit, model) : null);
    const match: TableMatch | null = probe
      ? {
        // A provider holding only the matched model: later look-ups skip the full search.
        provider: { ...probe.provider, models: [probe.model] },
        modelId: probe.model.id,
      }
      : null;
    this.#matches.set(key, match);
    return match;
  }
}

/** Our provider names where the table spells them otherwise; unknown ones fall back to matching. */
function tableProviderId(provider: string | null): string | undefined {
  if (!provider) return undefined;
  return ({ bedrock: "aws", vertex: "google", gemini: "google" } as Record<string, string>)[
    provider
  ] ??
    provider;
}

function priceWithOverride(e: StoredEvent, o: PriceOverride): Price {
  const perToken = (perMtok: number) => perMtok / 1_000_000;
  const cached = Math.min(e.cached_input_tokens ?? 0, e.input_tokens);
  const cachedPrice = o.cached_input_per_mtok ?? o.input_per_mtok;
  const input = (e.input_tokens - cached) * perToken(o.input_per_mtok) +
    cached * perToken(cachedPrice);
  const reasoning = o.reasoning_per_mtok === null
    ? 0
    : Math.min(e.reasoning_tokens ?? 0, e.output_tokens);
  const output = (e.output_tokens - reasoning) * perToken(o.output_per_mtok) +
    reasoning * perToken(o.reasoning_per_mtok ?? o.output_per_mtok);
  return {
    cost_usd: input + output,
    input_cost_usd: input,
    output_cost_usd: output,
    cache_savings_usd: cached * perToken(o.input_per_mtok - cachedPrice),
    cost_source: "override",
    price_version: `override:${o.id}`,
  };
}
