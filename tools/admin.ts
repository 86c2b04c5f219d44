// `deno task admin …`: projects, keys and the admin token, straight on the monitor's Deno KV
// (DATA_DIR/kv.sqlite3 or KV_PATH), so it works with the server running or stopped.
import { parseArgs } from "node:util";
import {
  createKey,
  createKeyInput,
  createProject,
  createProjectInput,
  parseInput,
} from "../lib/admin.ts";
import { CONFIG_KEYS, loadConfig } from "../lib/config.ts";
import { AppError } from "../lib/errors.ts";
import { createLogger } from "../lib/log.ts";
import { openKv } from "../lib/monitor.ts";
import { generateSecret, SECRET_PREFIX } from "../lib/secrets.ts";
import { AuthStore } from "../lib/store/auth_store.ts";

const USAGE = `usage: deno task admin <command>
  projects list
  projects create <name> [--time-zone Europe/Paris]
  keys list [--project <id|name>]
  keys create --project <id|name> --kind ingest|read [--name <label>]
  keys revoke <key id>
  admin-token rotate        (prints a new admin token; the old one stops working)`;

const log = createLogger();
const { positionals, values } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: {
    project: { type: "string" },
    kind: { type: "string" },
    name: { type: "string" },
    "time-zone": { type: "string" },
  },
});

const config = loadConfig(Object.fromEntries(CONFIG_KEYS.map((k) => [k, Deno.env.get(k)])));
const kv = await openKv(config, Deno.env.get("DENO_DEPLOYMENT_ID") !== undefined);
const auth = new AuthStore(kv);
const out = (value: unknown) => log.print(JSON.stringify(value, null, 2));

try {
  const [noun, verb, arg] = positionals;
  const command = `${noun ?? ""} ${verb ?? ""}`;
  if (command === "projects list") out(await auth.listProjects());
  else if (command === "projects create") {
    out(
      await createProject(
        auth,
        parseInput(createProjectInput, { name: arg, time_zone: values["time-zone"] }),
      ),
    );
  } else if (command === "keys list") out(await auth.listKeys(values.project));
  else if (command === "keys create") {
    const input = parseInput(createKeyInput, {
      project: values.project,
      kind: values.kind,
      name: values.name,
    });
    out(await createKey(auth, input));
    log.print("The key is shown this once; store it now.");
  } else if (command === "keys revoke" && arg) {
    if (!(await auth.revokeKey(arg))) {
      throw new AppError("not_found", `key "${arg}" does not exist`);
    }
    out({ revoked: arg });
  } else if (command === "admin-token rotate") {
    const token = generateSecret(SECRET_PREFIX.admin);
    await auth.setAdminToken(token);
    log.print(`new admin token (shown once, stored hashed): ${token}`);
    if (config.ADMIN_TOKEN) {
      log.print("note: ADMIN_TOKEN is set in the environment and takes precedence.");
    }
  } else {
    log.print(USAGE);
    Deno.exitCode = 2;
  }
} catch (error) {
  if (!(error instanceof AppError)) throw error;
  log.error(error.message);
  Deno.exitCode = 1;
} finally {
  kv.close();
}
