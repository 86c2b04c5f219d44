import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "./config.ts";

Deno.test("loadConfig() gives every knob its default on an empty environment", () => {
  const config = loadConfig({});
  assert.equal(config.PORT, 8000);
  assert.equal(config.DATA_DIR, "./data");
  assert.equal(config.DATABASE_URL, undefined);
  assert.deepEqual(config.ALLOWED_ORIGINS, []);
  assert.equal(config.FLUSH_INTERVAL_MS, 1000);
  assert.equal(config.STORE_CONTENT, false);
  assert.equal(config.PGLITE_WORKER, true);
});

Deno.test("loadConfig() parses numbers, booleans and origin lists", () => {
  const config = loadConfig({
    PORT: "9001",
    STORE_CONTENT: "yes",
    ALLOWED_ORIGINS: "https://a.example, https://b.example,",
    INGEST_RATE_LIMIT_PER_MINUTE: "0",
  });
  assert.equal(config.PORT, 9001);
  assert.equal(config.STORE_CONTENT, true);
  assert.deepEqual(config.ALLOWED_ORIGINS, ["https://a.example", "https://b.example"]);
  assert.equal(config.INGEST_RATE_LIMIT_PER_MINUTE, 0);
});

Deno.test("loadConfig() treats empty variables as unset", () => {
  assert.equal(loadConfig({ DATABASE_URL: "", PORT: "" }).PORT, 8000);
});

Deno.test("loadConfig() rejects bad values naming each variable", () => {
  assert.throws(
    () => loadConfig({ PORT: "eighty", FLUSH_BATCH_SIZE: "-3", STORE_CONTENT: "maybe" }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /PORT: PORT must be a number/);
      assert.match(error.message, /FLUSH_BATCH_SIZE: FLUSH_BATCH_SIZE must be greater than 0/);
      assert.match(error.message, /STORE_CONTENT: STORE_CONTENT must be true or false/);
      return true;
    },
  );
});

Deno.test("loadConfig() rejects a DATABASE_URL that is not a URL and a short ADMIN_TOKEN", () => {
  assert.throws(
    () => loadConfig({ DATABASE_URL: "localhost:5432", ADMIN_TOKEN: "short" }),
    /DATABASE_URL must be a postgres:\/\/ URL[\s\S]*ADMIN_TOKEN must be at least 16 characters/,
  );
});
