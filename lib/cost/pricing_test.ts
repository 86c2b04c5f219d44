import assert from "node:assert/strict";
import type { StoredEvent } from "../ingest/event.ts";
import { PRICE_TABLE_VERSION, type PriceOverride, Pricer } from "./pricing.ts";
import { storedEvent } from "../../tests/_events.ts";

const T = Date.parse("2026-06-01T12:00:00Z");

function ev(overrides: Partial<StoredEvent>): StoredEvent {
  return storedEvent({
    ts: T,
    received_at: T,
    input_tokens: 0,
    output_tokens: 0,
    latency_ms: null,
    cost_usd: null,
    cost_source: null,
    status_code: null,
    ...overrides,
  });
}

function override(o: Partial<PriceOverride>): PriceOverride {
  return {
    id: "prc_1",
    project_id: "p",
    model: "gpt-4o",
    provider: null,
    input_per_mtok: 1,
    output_per_mtok: 2,
    cached_input_per_mtok: null,
    reasoning_per_mtok: null,
    effective_from: 0,
    created_at: "",
    ...o,
  };
}

const close = (a: number | null, b: number) =>
  assert.ok(a !== null && Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

Deno.test("Pricer.apply() prices gpt-4o from the table to the cent and records the table version", () => {
  const e = new Pricer().apply(ev({ input_tokens: 1000, output_tokens: 500 }), []);
  // $2.50 per million input tokens, $10 per million output tokens.
  close(e.cost_usd, 0.0075);
  close(e.input_cost_usd, 0.0025);
  close(e.output_cost_usd, 0.005);
  assert.equal(e.cost_source, "computed");
  assert.equal(e.price_version, PRICE_TABLE_VERSION);
});

Deno.test("Pricer.apply() prices a dated snapshot like its model", () => {
  const pricer = new Pricer();
  const dated = pricer.apply(
    ev({ model: "gpt-4o-2024-08-06", input_tokens: 1000, output_tokens: 500 }),
    [],
  );
  close(dated.cost_usd, 0.0075);
  assert.equal(pricer.tableModelId("gpt-4o-2024-08-06", "openai"), "gpt-4o");
  const claude = pricer.apply(
    ev({
      model: "claude-sonnet-4-20250514",
      provider: "anthropic",
      input_tokens: 2000,
      output_tokens: 100,
    }),
    [],
  );
  // $3 per million input, $15 per million output.
  close(claude.cost_usd, 0.006 + 0.0015);
});

Deno.test("Pricer.apply() charges cached input at the cache price and reports the saving", () => {
  const e = new Pricer().apply(
    ev({ input_tokens: 1000, cached_input_tokens: 400, output_tokens: 0 }),
    [],
  );
  // 600 × $2.50/M + 400 × $1.25/M; saved 400 × $1.25/M.
  close(e.cost_usd, 0.0015 + 0.0005);
  close(e.cache_savings_usd, 0.0005);
});

Deno.test("Pricer.apply() keeps a reported cost and leaves unknown and self-hosted models unpriced", () => {
  const pricer = new Pricer();
  const reported = ev({ cost_usd: 0.42, cost_source: "reported", input_tokens: 1000 });
  assert.deepEqual(pricer.apply(reported, []), reported);
  for (
    const e of [
      ev({ model: "my-finetune-xyz", provider: "acme" }),
      ev({ model: "llama-3-70b", provider: "self-hosted" }),
    ]
  ) {
    const priced = pricer.apply({ ...e, input_tokens: 10 }, []);
    assert.equal(priced.cost_usd, null);
    assert.equal(priced.cost_source, null);
  }
});

Deno.test("Pricer.apply() lets an override win from its effective date, the latest one first", () => {
  const pricer = new Pricer();
  const overrides = [
    override({ id: "prc_a", effective_from: T - 10_000, input_per_mtok: 1, output_per_mtok: 2 }),
    override({ id: "prc_b", effective_from: T + 10_000, input_per_mtok: 3, output_per_mtok: 4 }),
  ];
  const usage = { input_tokens: 1_000_000, output_tokens: 1_000_000 };
  const before = pricer.apply(ev({ ...usage, ts: T - 20_000 }), overrides);
  assert.equal(before.cost_source, "computed", "before any override: the table");
  close(before.cost_usd, 12.5);
  const a = pricer.apply(ev({ ...usage, ts: T }), overrides);
  assert.equal(a.price_version, "override:prc_a");
  close(a.cost_usd, 3);
  const b = pricer.apply(ev({ ...usage, ts: T + 20_000 }), overrides);
  assert.equal(b.price_version, "override:prc_b");
  close(b.cost_usd, 7);
});

Deno.test("Pricer.apply() matches an override to dated snapshots, providers and unknown models", () => {
  const pricer = new Pricer();
  const usage = { input_tokens: 1_000_000, output_tokens: 0 };
  const snapshot = pricer.apply(ev({ ...usage, model: "gpt-4o-2024-11-20" }), [override({})]);
  assert.equal(snapshot.cost_source, "override");
  const otherProvider = pricer.apply(ev({ ...usage, provider: "azure" }), [
    override({ provider: "openai" }),
  ]);
  assert.equal(otherProvider.cost_source, "computed");
  const own = pricer.apply(
    ev({
      ...usage,
      model: "llama-3-70b",
      provider: "self-hosted",
      output_tokens: 500_000,
      reasoning_tokens: 100_000,
    }),
    [override({
      model: "llama-3-70b",
      input_per_mtok: 0.2,
      output_per_mtok: 0.6,
      reasoning_per_mtok: 1,
    })],
  );
  close(own.cost_usd, 0.2 + 0.4 * 0.6 + 0.1 * 1);
});
