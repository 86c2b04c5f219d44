// The scale benchmark's HTTP client: the admin's JSON calls (a new ingest key, the stored counts)
// and timed reads, each a whole response read to its end (or to a number of CSV rows).

export interface AdminClient {
  /** POST /api/keys: a new ingest key for the project. */
  ingestKey(project: string): Promise<string>;
  /** GET /api/stats: events stored in the database and still buffered. */
  stats(project: string): Promise<{ events: number; buffered: number }>;
  /** GET `path` read to its end (CSV: to `csvRows` rows, then cancelled); its time in ms. */
  timedGet(path: string, options?: { csvRows?: number }): Promise<number>;
  close(): void;
}

export function adminClient(url: string, adminToken: string): AdminClient {
  const client = Deno.createHttpClient({});
  const authorization = `Bearer ${adminToken}`;
  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${url}${path}`, {
      ...init,
      headers: { authorization, ...init.headers },
      client,
    });
    if (!response.ok) {
      throw new Error(
        `${init.method ?? "GET"} ${path}: ${response.status} ${await response.text()}`,
      );
    }
    return response;
  };
  return {
    async ingestKey(project) {
      const response = await call("/api/keys", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ project, kind: "ingest", name: "scale bench" }),
      });
      return ((await response.json()) as { key: string }).key;
    },
    async stats(project) {
      const response = await call(`/api/stats?project=${encodeURIComponent(project)}`);
      return (await response.json()) as { events: number; buffered: number };
    },
    async timedGet(path, options = {}) {
      const started = performance.now();
      const response = await call(path, { headers: { accept: "text/html,application/json" } });
      if (options.csvRows === undefined) {
        await response.arrayBuffer();
        return performance.now() - started;
      }
      const rows = await readLines(response.body!, options.csvRows + 1);
      const ms = performance.now() - started;
      if (rows < options.csvRows + 1) {
        throw new Error(`${path}: ${rows - 1} CSV rows, wanted ${options.csvRows}`);
      }
      return ms;
    },
    close: () => client.close(),
  };
}

/** Reads until `lines` newlines have arrived (then cancels) or the body ends; lines seen. */
async function readLines(body: ReadableStream<Uint8Array>, lines: number): Promise<number> {
  const reader = body.getReader();
  let seen = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return seen;
      for (const byte of value) if (byte === 10 && ++seen >= lines) return seen;
    }
  } finally {
    await reader.cancel();
  }
}
