import assert from "node:assert/strict";
import { AppError } from "./errors.ts";
import {
  assertWithin,
  canRead,
  narrowFilters,
  originAllowed,
  reduceCurrent,
  scopeParams,
  streamReducer,
  type WidgetScope,
} from "./widget_scope.ts";

const scope: WidgetScope = {
  metrics: ["cost_usd", "active_models"],
  filters: { model: ["gpt-4o", "gpt-4o-mini"] },
  origins: ["https://portal.example"],
};

function forbidden(message: string) {
  return (error: unknown) => {
    assert.ok(error instanceof AppError);
    assert.equal(error.kind, "forbidden");
    assert.equal(error.message, message);
    return true;
  };
}

Deno.test("canRead() allows the token's metrics, or every one when it names none", () => {
  assert.equal(canRead(scope, "cost_usd"), true);
  assert.equal(canRead(scope, "p95_latency_ms"), false);
  assert.equal(canRead({ ...scope, metrics: null }, "p95_latency_ms"), true);
});

Deno.test("narrowFilters() applies the token's filters and lets a request narrow, never widen", () => {
  assert.deepEqual(narrowFilters(scope.filters, {}), { model: ["gpt-4o", "gpt-4o-mini"] });
  assert.deepEqual(narrowFilters(scope.filters, { model: ["gpt-4o"], provider: ["openai"] }), {
    model: ["gpt-4o"],
    provider: ["openai"],
  });
  assert.throws(
    () => narrowFilters(scope.filters, { model: ["gpt-4o", "claude-sonnet-4"] }),
    forbidden("model: this widget token reads model gpt-4o, gpt-4o-mini only"),
  );
});

Deno.test("assertWithin() refuses a scope wider than the token's filters", () => {
  assertWithin(scope.filters, { model: ["gpt-4o"] }, 'budget "b"');
  assert.throws(
    () => assertWithin(scope.filters, {}, 'budget "b"'),
    forbidden('budget "b" covers more than this widget token\'s model gpt-4o, gpt-4o-mini'),
  );
  assert.throws(
    () => assertWithin(scope.filters, { model: ["o3"] }, 'budget "b"'),
    forbidden('budget "b" covers more than this widget token\'s model gpt-4o, gpt-4o-mini'),
  );
});

Deno.test("scopeParams() checks `metric`, applies the filters and drops the token", () => {
  assert.deepEqual(
    scopeParams(scope, { metric: ["cost_usd"], window: ["1h"], token: ["wt_x"] }),
    { metric: ["cost_usd"], window: ["1h"], model: ["gpt-4o", "gpt-4o-mini"] },
  );
  assert.deepEqual(scopeParams(scope, { model: ["gpt-4o-mini"] }), { model: ["gpt-4o-mini"] });
  assert.throws(
    () => scopeParams(scope, { metric: ["p95_latency_ms"] }),
    forbidden("this widget token cannot read p95_latency_ms"),
  );
  assert.throws(() => scopeParams(scope, { model: ["o3"] }), AppError);
});

Deno.test("reduceCurrent() keeps the window, the token's metrics and tables, and their previous values", () => {
  const body = {
    window: "1h",
    from: "a",
    to: "b",
    requests: 10,
    cost_usd: 1.5,
    p95_latency_ms: 800,
    previous: { requests: 8, cost_usd: 1, p95_latency_ms: 700 },
    active_models: [{ model: "gpt-4o" }],
    top_endpoints: [{ endpoint: "chat" }],
  };
  assert.deepEqual(reduceCurrent(body, scope), {
    window: "1h",
    from: "a",
    to: "b",
    cost_usd: 1.5,
    previous: { cost_usd: 1 },
    active_models: [{ model: "gpt-4o" }],
  });
  assert.equal(reduceCurrent(body, { ...scope, metrics: null }), body);
});

Deno.test("streamReducer() reduces each payload once however many subscribers send it", () => {
  const shape = streamReducer({ ...scope, metrics: ["requests"] });
  const payload = JSON.stringify({ window: "5m", from: "a", to: "b", requests: 3, cost_usd: 2 });
  const once = shape(payload);
  assert.equal(once, '{"window":"5m","from":"a","to":"b","requests":3}');
  assert.equal(shape(payload), once);
});

Deno.test("originAllowed() admits no Origin, ALLOWED_ORIGINS, the token's origins and the monitor's own", () => {
  const allowed = ["https://intranet.example"];
  const own = ["http://localhost:8000"];
  assert.equal(originAllowed(undefined, scope, allowed, own), true);
  assert.equal(originAllowed("https://intranet.example", scope, allowed, own), true);
  assert.equal(originAllowed("https://portal.example", scope, allowed, own), true);
  assert.equal(originAllowed("http://localhost:8000", scope, allowed, own), true);
  assert.equal(originAllowed("https://evil.example", scope, allowed, own), false);
  assert.equal(originAllowed("null", scope, allowed, own), false);
});
