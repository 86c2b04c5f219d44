// Forward-only numbered migrations from migrations/, applied once each under an advisory lock.
// Files named NNN_name.timescale.sql run only where the timescaledb extension is available.
import type { SqlClient } from "./sql.ts";

const MIGRATIONS_DIR = new URL("../../migrations/", import.meta.url);
/** Any constant shared by every instance; two instances starting at once queue on it. */
const MIGRATION_LOCK_ID = 7_202_411;

export interface Migration {
  version: number;
  name: string;
  timescale: boolean;
  sql: string;
}

export interface MigrationResult {
  applied: string[];
  timescale: boolean;
}

export async function readMigrations(dir: URL = MIGRATIONS_DIR): Promise<Migration[]> {
  const migrations: Migration[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const match = /^(\d+)_([a-z0-9_]+?)(\.timescale)?\.sql$/.exec(entry.name);
    if (!entry.isFile || !match) continue;
    migrations.push({
      version: Number(match[1]),
      name: entry.name,
      timescale: match[3] !== undefined,
      sql: await Deno.readTextFile(new URL(entry.name, dir)),
    });
  }
  return migrations.sort((a, b) => a.version - b.version);
}

/** Applies what is missing, in one transaction per run, holding a transaction advisory lock. */
export async function migrate(
  client: SqlClient,
  migrations: Migration[],
  options: { timescale?: boolean } = {},
): Promise<MigrationResult> {
  return await client.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_ID]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
    const available = await tx.query(
      "SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'",
    );
    const timescale = (options.timescale ?? true) && available.length > 0;
    const done = new Set(
      (await tx.query<{ version: number }>("SELECT version FROM schema_migrations"))
        .map((r) => r.version),
    );
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.version) || (m.timescale && !timescale)) continue;
      await tx.exec(m.sql);
      await tx.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
        m.version,
        m.name,
      ]);
      applied.push(m.name);
    }
    return { applied, timescale };
  });
}
