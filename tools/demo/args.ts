// The demo's command line and environment: durations such as 90s, 10m or 1h, loopback URLs, and
// the secrets (INGEST_KEY, ADMIN_TOKEN), which come from the environment only: on a command line
// they would land in shell history and in every process listing.
import { parseArgs } from "node:util";

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Flags that once carried a secret, and the variable that carries it now. */
const SECRET_FLAGS: Record<string, string> = {
  "--key": "INGEST_KEY",
  "--admin-token": "ADMIN_TOKEN",
};

export const DEMO_USAGE =
  `deno task demo [--url URL] [--project ID] [--rate EVENTS_PER_S] [--duration 10m]
  [--backfill 30m|0] [--seed N] [--allow-remote]
  URL defaults to MONITOR_URL or http://localhost:8000. The ingest key comes from INGEST_KEY, or
  a "demo" key is made with ADMIN_TOKEN: both from the environment only, never from flags.
  Runs until Ctrl-C or --duration.`;

/** The demo's flags, and its secrets from `env` (Deno.env.get in the tool, a map in tests). */
export function demoArgs(args: string[], env: (name: string) => string | undefined) {
  for (const arg of args) {
    const variable = SECRET_FLAGS[arg.split("=")[0]!];
    if (variable) {
      throw new Error(
        `${arg.split("=")[0]} is not accepted: a secret on the command line ends up in shell ` +
          `history and process listings; set ${variable} in the environment instead`,
      );
    }
  }
  const { values } = parseArgs({
    args,
    options: {
      url: { type: "string", default: env("MONITOR_URL") || "http://localhost:8000" },
      project: { type: "string", default: "default" },
      rate: { type: "string", default: "8" },
      duration: { type: "string" },
      backfill: { type: "string", default: "30m" },
      seed: { type: "string" },
      "allow-remote": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  return { ...values, key: env("INGEST_KEY") || null, adminToken: env("ADMIN_TOKEN") || null };
}

/** The error when neither secret is set, naming both variables. */
export const MISSING_KEY =
  "set INGEST_KEY (printed at the monitor's first start) in the environment, or ADMIN_TOKEN to " +
  'create an ingest key named "demo": INGEST_KEY=lmi_… deno task demo';

export function parseDuration(text: string): number {
  const match = DURATION.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration such as 90s, 10m or 1h`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

export function isLoopback(url: URL): boolean {
  return ["localhost", "127.0.0.1", "[::1]", "::1"].includes(url.hostname) ||
    url.hostname.startsWith("127.");
}
