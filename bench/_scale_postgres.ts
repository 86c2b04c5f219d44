// One PostgreSQL database per dataset on the given server: created empty for the run (the monitor
// migrates it at start), measured with pg_database_size, dropped after.
import postgres from "postgres";

export interface ScaleDatabase extends AsyncDisposable {
  name: string;
  /** The server URL with this database's name. */
  url: string;
  sizeBytes(): Promise<number>;
}

async function onServer<T>(serverUrl: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** CREATE DATABASE `name` (a plain lower-case identifier); DROP DATABASE … WITH (FORCE) on dispose. */
export async function createDatabase(serverUrl: string, name: string): Promise<ScaleDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe database name "${name}"`);
  await onServer(serverUrl, (sql) => sql.unsafe(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.href,
    sizeBytes: () =>
      onServer(serverUrl, async (sql) => {
        const [row] = await sql`SELECT pg_database_size(${name})::int8 AS bytes`;
        return Number(row!.bytes);
      }),
    [Symbol.asyncDispose]: async () => {
      await onServer(
        serverUrl,
        (sql) => sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      );
    },
  };
}
