import assert from "node:assert/strict";
import { parseEvents } from "./event.ts";

const NOW = Date.parse("2026-11-23T12:00:00Z");
const options = { projectId: "p1", now: NOW, storeContent: false, contentMaxChars: 100 };

Deno.test("parseEvents() applies the contract's defaults", () => {
  const { accepted, rejected } = parseEvents([{ model: "gpt-4o" }], options);
  assert.deepEqual(rejected, []);
  const e = accepted[0]!;
  assert.equal(e.project_id, "p1");
  assert.match(e.id, /^[0-9a-f-]{36}$/);
  assert.equal(e.ts, NOW);
  assert.equal(e.status, "success");
  assert.equal(e.endpoint, "default");
  assert.equal(e.input_tokens, 0);
  assert.equal(e.output_tokens, 0);
  assert.equal(e.cost_usd, null);
  assert.equal(e.cost_source, null);
});

Deno.test("parseEvents() accepts RFC 3339 and epoch-ms timestamps", () => {
  const { accepted } = parseEvents([
    { model: "m", timestamp: "2026-11-23T11:59:00.500Z" },
    { model: "m", timestamp: "2026-11-23T12:59:00+01:00" },
    { model: "m", timestamp: NOW - 1000 },
  ], options);
  assert.deepEqual(accepted.map((e) => e.ts), [NOW - 59_500, NOW - 60_000, NOW - 1000]);
});

Deno.test("parseEvents() rejects a timestamp more than 5 minutes in the future", () => {
  const { accepted, rejected } = parseEvents([
    { model: "m", timestamp: NOW + 5 * 60_000 },
    { model: "m", timestamp: NOW + 5 * 60_000 + 1 },
  ], options);
  assert.equal(accepted.length, 1);
  assert.deepEqual(rejected, [{
    index: 1,
    errors: ["timestamp: must not be more than 5 minutes in the future"],
  }]);
});

Deno.test("parseEvents() names the field and the rule for each bad value", () => {
  const { accepted, rejected } = parseEvents([
    { input_tokens: -1, output_tokens: 1.5, status: "ok", latency_ms: "fast" },
    { model: "x".repeat(201), timestamp: "yesterday", metadata: { nested: { a: 1 } } },
    "not an object",
  ], options);
  assert.equal(accepted.length, 0);
  assert.deepEqual(rejected[0], {
    index: 0,
    errors: [
      "model: is required",
      "status: must be one of success, error, timeout",
      "input_tokens: must be ≥ 0",
      "output_tokens: must be an integer",
      "latency_ms: must be a number",
    ],
  });
  assert.deepEqual(rejected[1], {
    index: 1,
    errors: [
      "timestamp: must be an RFC 3339 string or epoch milliseconds",
      "model: must be at most 200 characters",
      "metadata.nested: values must be strings, numbers or booleans (flat object)",
    ],
  });
  assert.deepEqual(rejected[2], { index: 2, errors: ["must be an object"] });
});

Deno.test("parseEvents() rejects metadata over 4 KiB", () => {
  const { rejected } = parseEvents([{ model: "m", metadata: { big: "x".repeat(4100) } }], options);
  assert.deepEqual(rejected[0]?.errors, ["metadata: must be at most 4096 bytes as JSON"]);
});

Deno.test("parseEvents() truncates long error messages instead of rejecting them", () => {
  const { accepted } = parseEvents([{ model: "m", error_message: "e".repeat(10_000) }], options);
  assert.equal(accepted[0]!.error_message!.length, 4_000);
});

Deno.test("parseEvents() drops prompt and completion when content storage is off", () => {
  const { accepted } = parseEvents([{ model: "m", input: "hi", output: "there" }], options);
  assert.equal(accepted[0]!.input, null);
  assert.equal(accepted[0]!.output, null);
});

Deno.test("parseEvents() stores content redacted and cut when content storage is on", () => {
  const { accepted } = parseEvents([{
    model: "m",
    input: "mail jane.doe@example.com or call 555-123-4567 " + "y".repeat(200),
    output: "key sk-abcdefghijklmnopqrstuvwx",
  }], { ...options, storeContent: true });
  assert.equal(accepted[0]!.input!.length, 100);
  assert.match(accepted[0]!.input!, /^mail \[email\] or call \[phone\] y+$/);
  assert.equal(accepted[0]!.output, "key [secret]");
});

Deno.test("parseEvents() keeps a reported cost and marks it reported", () => {
  const { accepted } = parseEvents([{ model: "m", cost_usd: 0.25 }], options);
  assert.equal(accepted[0]!.cost_usd, 0.25);
  assert.equal(accepted[0]!.cost_source, "reported");
});
