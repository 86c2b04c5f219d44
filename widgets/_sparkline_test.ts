import assert from "node:assert/strict";
import { sparkPaths } from "./_sparkline.ts";
import { sparkStep } from "../lib/shared/windows.ts";

Deno.test("sparkPaths() draws values from zero to the maximum in a 100 × 30 box", () => {
  assert.deepEqual(sparkPaths([0, 5, 10]), {
    line: "M0 29L50 15L100 1",
    area: "M0 30L0 29L50 15L100 1L100 30Z",
  });
  assert.equal(sparkPaths([2, 2]).line, "M0 1L100 1", "a steady value sits at the top");
});

Deno.test("sparkPaths() draws nothing for fewer than two points and a flat line for zeros", () => {
  assert.deepEqual(sparkPaths([]), { line: "", area: "" });
  assert.deepEqual(sparkPaths([7]), { line: "", area: "" });
  assert.equal(sparkPaths([0, 0, 0]).line, "M0 29L50 29L100 29");
});

Deno.test("sparkStep() gives about 30 points over a window, in whole minutes or hours", () => {
  assert.equal(sparkStep(5 * 60_000), "1m");
  assert.equal(sparkStep(3_600_000), "2m");
  assert.equal(sparkStep(86_400_000), "48m");
  assert.equal(sparkStep(7 * 86_400_000), "6h");
  assert.equal(sparkStep(30 * 86_400_000), "24h");
});

Deno.test("sparkPaths() leaves a gap where a value is null, never a dive to 0", () => {
  const { line, area } = sparkPaths([10, 20, null, null, 20]);
  assert.equal(line, "M0 15L25 1M100 1");
  assert.equal(area, "M0 30L0 15L25 1L25 30ZM100 30L100 1L100 30Z");
  assert.doesNotMatch(line, / 29/, "no point at 0");
  assert.deepEqual(sparkPaths([null, null]), { line: "", area: "" });
});
