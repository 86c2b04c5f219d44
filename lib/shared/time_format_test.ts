import assert from "node:assert/strict";
import { formatTime } from "./time_format.ts";

const AT = Date.UTC(2026, 10, 25, 14, 5, 9);

Deno.test("formatTime() uses the locale's own clock: 24-hour for en-GB, 12-hour for en-US", () => {
  assert.equal(formatTime(AT, "time", { timeZone: "UTC", locale: "en-GB" }), "14:05");
  assert.equal(formatTime(AT, "time", { timeZone: "UTC", locale: "en-US" }), "02:05 PM");
  assert.equal(formatTime(AT, "datetime", { timeZone: "UTC", locale: "en-GB" }), "25 Nov, 14:05");
  assert.equal(formatTime(AT, "seconds", { timeZone: "UTC", locale: "de" }), "14:05:09");
});

Deno.test("formatTime() reads the time in the given time zone", () => {
  assert.equal(formatTime(AT, "time", { timeZone: "Europe/Paris", locale: "en-GB" }), "15:05");
});
