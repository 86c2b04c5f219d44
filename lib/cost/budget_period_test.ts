import assert from "node:assert/strict";
import { periodBounds } from "./budget_period.ts";

const iso = ([a, b]: [number, number]) => [new Date(a).toISOString(), new Date(b).toISOString()];

Deno.test("periodBounds() gives UTC days, ISO weeks and calendar months", () => {
  const now = Date.parse("2026-11-25T15:00:00Z"); // a Wednesday
  assert.deepEqual(iso(periodBounds(now, "UTC", "daily")), [
    "2026-11-25T00:00:00.000Z",
    "2026-11-26T00:00:00.000Z",
  ]);
  assert.deepEqual(iso(periodBounds(now, "UTC", "weekly")), [
    "2026-11-23T00:00:00.000Z",
    "2026-11-30T00:00:00.000Z",
  ]);
  assert.deepEqual(iso(periodBounds(now, "UTC", "monthly")), [
    "2026-11-01T00:00:00.000Z",
    "2026-12-01T00:00:00.000Z",
  ]);
});

Deno.test("periodBounds() resets at local midnight in the project's time zone", () => {
  // 23:30 UTC on the 25th is already the 26th in Tokyo and still the 25th in Los Angeles.
  const now = Date.parse("2026-11-25T23:30:00Z");
  assert.deepEqual(iso(periodBounds(now, "Asia/Tokyo", "daily")), [
    "2026-11-25T15:00:00.000Z",
    "2026-11-26T15:00:00.000Z",
  ]);
  assert.deepEqual(iso(periodBounds(now, "America/Los_Angeles", "daily")), [
    "2026-11-25T08:00:00.000Z",
    "2026-11-26T08:00:00.000Z",
  ]);
  // The first of the month in Tokyo starts on the last day of the previous month in UTC.
  assert.deepEqual(iso(periodBounds(Date.parse("2026-11-30T16:00:00Z"), "Asia/Tokyo", "monthly")), [
    "2026-11-30T15:00:00.000Z",
    "2026-12-31T15:00:00.000Z",
  ]);
});

Deno.test("periodBounds() makes a daylight-saving day 23 hours long", () => {
  const [start, end] = periodBounds(Date.parse("2026-03-29T12:00:00Z"), "Europe/Paris", "daily");
  assert.deepEqual(iso([start, end]), ["2026-03-28T23:00:00.000Z", "2026-03-29T22:00:00.000Z"]);
  assert.equal(end - start, 23 * 3_600_000);
});
