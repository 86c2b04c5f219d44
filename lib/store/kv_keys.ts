// Every Deno KV key the app uses, each built by one function.

export const kvKeys = {
  bufferChunk: (chunkId: string): Deno.KvKey => ["buffer", "chunk", chunkId],
  bufferChunks: (): Deno.KvKey => ["buffer", "chunk"],
  bufferCount: (): Deno.KvKey => ["buffer", "count"],
  rate: (keyId: string, minute: number): Deno.KvKey => ["rate", keyId, minute],
  rates: (): Deno.KvKey => ["rate"],
  lease: (name: string): Deno.KvKey => ["lease", name],
  project: (id: string): Deno.KvKey => ["projects", id],
  projects: (): Deno.KvKey => ["projects"],
  projectByName: (name: string): Deno.KvKey => ["project_names", name],
  apiKey: (id: string): Deno.KvKey => ["keys", id],
  apiKeys: (): Deno.KvKey => ["keys"],
  apiKeyByHash: (hash: string): Deno.KvKey => ["key_hashes", hash],
  adminTokenHash: (): Deno.KvKey => ["admin", "token_hash"],
  session: (hash: string): Deno.KvKey => ["sessions", hash],
  priceOverride: (projectId: string, id: string): Deno.KvKey => ["price_overrides", projectId, id],
  priceOverrides: (projectId: string): Deno.KvKey => ["price_overrides", projectId],
  budget: (projectId: string, id: string): Deno.KvKey => ["budgets", projectId, id],
  budgets: (projectId: string): Deno.KvKey => ["budgets", projectId],
  budgetCrossing: (budgetId: string, periodStart: number, threshold: number): Deno.KvKey => [
    "budget_crossings",
    budgetId,
    periodStart,
    threshold,
  ],
  budgetCrossings: (budgetId: string, periodStart: number): Deno.KvKey => [
    "budget_crossings",
    budgetId,
    periodStart,
  ],
};
