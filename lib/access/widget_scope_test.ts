import assert from "node:assert/strict";
import { AppError } from "../errors.ts";
import {
  assertWithin,
  canRead,
  mayBreakDown,
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

Deno.test("mayBreakDown() opens a dimension by the token's own filter or the metrics that imply it", () => {
  const cost = { ...scope, metrics: ["cost_per_hour"], filters: {} };
  for (
    const field of ["model", "provider", "endpoint", "application", "user_id", "status"] as const
  ) {
    assert.equal(mayBreakDown(cost, field), false, field);
  }
  assert.equal(mayBreakDown(scope, "model"), true, "its own model filter");
  assert.equal(mayBreakDown(scope, "provider"), true, "active_models names providers");
  assert.equal(mayBreakDown(scope, "endpoint"), false);
  assert.equal(mayBreakDown({ ...cost, metrics: ["top_endpoints"] }, "endpoint"), true);
  for (const metric of ["errors", "error_rate", "timeout_rate"]) {
    assert.equal(mayBreakDown({ ...cost, metrics: [metric] }, "status"), true, metric);
  }
  const every = { ...cost, metrics: null };
  assert.equal(mayBreakDown(every, "application"), true);
  assert.equal(mayBreakDown(every, "status"), true);
  assert.equal(mayBreakDown(every, "user_id"), false, "no token probes users");
  assert.equal(mayBreakDown({ ...every, filters: { user_id: ["u-1"] } }, "user_id"), true);
});

Deno.test("scopeParams() refuses group_by and filters on dimensions the token may not use", () => {
  assert.throws(
    () => scopeParams(scope, { metric: ["cost_usd"], group_by: ["status"] }),
    forbidden(
      "group_by: this widget token cannot group by status; that needs errors, error_rate or " +
        "timeout_rate in its metrics, or its own status filter",
    ),
  );
  assert.throws(
    () => scopeParams(scope, { user_id: ["u-1"] }),
    forbidden(
      "user_id: this widget token cannot filter by user_id; that needs its own user_id filter",
    ),
  );
  assert.deepEqual(scopeParams(scope, { group_by: ["provider"], provider: ["openai"] }), {
    group_by: ["provider"],
    provider: ["openai"],
    model: ["gpt-4o", "gpt-4o-mini"],
  });
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
