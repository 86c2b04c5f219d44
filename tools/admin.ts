// `deno task admin …`: projects, keys, the admin token and dead letters, straight on the monitor's
// Deno KV (DATA_DIR/kv.sqlite3 or KV_PATH), so it works with the server running or stopped.
import { parseArgs } from "node:util";
import {
  createKey,
  createKeyInput,
  createProject,
  createProjectInput,
  dropDeadLetter,
  listKeys,
  parseInput,
  retryAllDeadLetters,
  retryDeadLetter,
  rotateAdminToken,
  showDeadLetter,
} from "../lib/access/admin.ts";
import { CONFIG_KEYS, loadConfig } from "../lib/config.ts";
import { AppError } from "../lib/errors.ts";
import { createLogger } from "../lib/log.ts";
import { openKv } from "../lib/monitor.ts";
import { AuthStore } from "../lib/store/auth_store.ts";
import { EventBuffer } from "../lib/store/buffer.ts";
import { DeadLetterStore } from "../lib/store/dead_letter.ts";

const USAGE = `usage: deno task admin <command>
  projects list
  projects create <name> [--time-zone Europe/Paris]
  keys list [--project <id|name>]
  keys create --project <id|name> --kind ingest|read [--name <label>]
  keys revoke <key id>
  admin-token rotate        (prints a new admin token; the old one and its sessions stop working)
  dead-letters list         (events the database refused, parked so the drain goes on)
  dead-letters show <id>
  dead-letters drop <id>
  dead-letters retry <id>   (back into the buffer, made storable; the server drains it)
  dead-letters retry --all`;

const log = createLogger();
const { positionals, values } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: {
    project: { type: "string" },
    kind: { type: "string" },
    name: { type: "string" },
    "time-zone": { type: "string" },
    all: { type: "boolean" },
  },
});

const config = loadConfig(Object.fromEntries(CONFIG_KEYS.map((k) => [k, Deno.env.get(k)])));
const kv = await openKv(config, Deno.env.get("DENO_DEPLOYMENT_ID") !== undefined);
const auth = new AuthStore(kv);
const deadLetters = new DeadLetterStore(kv);
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
  } else if (command === "keys list") out(await listKeys(auth, values.project));
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
    const token = await rotateAdminToken(auth);
    log.print(`new admin token (shown once, stored hashed): ${token}`);
    if (config.ADMIN_TOKEN) {
      log.print("note: ADMIN_TOKEN is set in the environment and takes precedence.");
    }
  } else if (command === "dead-letters list") out(await deadLetters.list());
  else if (command === "dead-letters show" && arg) out(await showDeadLetter(deadLetters, arg));
  else if (command === "dead-letters drop" && arg) {
    await dropDeadLetter(deadLetters, arg);
    out({ dropped: arg });
  } else if (command === "dead-letters retry" && (arg || values.all)) {
    const stores = { deadLetters, buffer: new EventBuffer(kv) };
    out(values.all ? await retryAllDeadLetters(stores) : await retryDeadLetter(stores, arg!));
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
