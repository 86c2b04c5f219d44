import assert from "node:assert/strict";
import { demoArgs, MISSING_KEY } from "./args.ts";

const env = (vars: Record<string, string>) => (name: string) => vars[name];

Deno.test("demoArgs() takes the ingest key, admin token and URL from the environment", () => {
  const args = demoArgs(
    ["--rate", "20"],
    env({ INGEST_KEY: "lmi_x", ADMIN_TOKEN: "lma_y", MONITOR_URL: "http://127.0.0.1:9000" }),
  );
  assert.equal(args.key, "lmi_x");
  assert.equal(args.adminToken, "lma_y");
  assert.equal(args.url, "http://127.0.0.1:9000");
  assert.equal(args.rate, "20");
});

Deno.test("demoArgs() defaults to localhost:8000 and no secrets when the environment has none", () => {
  const args = demoArgs([], env({ INGEST_KEY: "" }));
  assert.equal(args.key, null);
  assert.equal(args.adminToken, null);
  assert.equal(args.url, "http://localhost:8000");
});

Deno.test("demoArgs() refuses --key and --admin-token, naming the variable to set", () => {
  assert.throws(() => demoArgs(["--key", "lmi_x"], env({})), {
    name: "Error",
    message: "--key is not accepted: a secret on the command line ends up in shell history and " +
      "process listings; set INGEST_KEY in the environment instead",
  });
  assert.throws(() => demoArgs(["--admin-token=lma_y"], env({})), {
    name: "Error",
    message: "--admin-token is not accepted: a secret on the command line ends up in shell " +
      "history and process listings; set ADMIN_TOKEN in the environment instead",
  });
});

Deno.test("MISSING_KEY names both variables", () => {
  assert.match(MISSING_KEY, /^set INGEST_KEY .* or ADMIN_TOKEN /);
});
