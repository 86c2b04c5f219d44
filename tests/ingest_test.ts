// POST /v1/events through the whole app: every status of the contract, then KV → flush → store.
import assert from "node:assert/strict";
import { event, gzipBytes, startTestMonitor, waitFor } from "./_fixtures.ts";

async function json(response: Response): Promise<unknown> {
  assert.equal(response.headers.get("content-type")?.split(";")[0], "application/json");
  return await response.json();
}

Deno.test("POST /v1/events answers 202 with per-event rejections and stores the good events once", async () => {
  await using t = await startTestMonitor();
  const response = await t.post({
    events: [event({ id: "e1" }), event({ model: "", input_tokens: -5 }), event({ id: "e2" })],
  });
  assert.equal(response.status, 202);
  assert.deepEqual(await json(response), {
    accepted: 2,
    rejected: [{ index: 1, errors: ["model: must not be empty", "input_tokens: must be ≥ 0"] }],
  });
  // A retry of the same batch is accepted again but stored once.
  const retry = await t.post({ events: [event({ id: "e1" }), event({ id: "e2" })] });
  assert.equal(retry.status, 202);
  await retry.body?.cancel();
  assert.equal(await t.monitor.deps.buffer.size(), 4);
  assert.equal(await t.monitor.deps.flusher.drain(), 4);
  assert.equal(await t.monitor.deps.buffer.size(), 0);
  assert.deepEqual(await t.monitor.deps.store.listEventIds(t.projectId), ["e1", "e2"]);
  const stats = await t.monitor.deps.store.stats(t.projectId);
  assert.equal(stats.requests_rolled_up_1m, 2);
  assert.equal(stats.input_tokens, 200);
});

Deno.test("POST /v1/events accepts a bare array and a gzip body", async () => {
  await using t = await startTestMonitor();
  const bare = await t.post([event({ id: "bare" })]);
  assert.equal(bare.status, 202);
  assert.deepEqual(await json(bare), { accepted: 1, rejected: [] });
  const gz = await t.post(await gzipBytes(JSON.stringify({ events: [event({ id: "gz" })] })), {
    headers: { "content-encoding": "gzip" },
  });
  assert.equal(gz.status, 202);
  assert.deepEqual(await json(gz), { accepted: 1, rejected: [] });
  await t.monitor.deps.flusher.drain();
  assert.deepEqual(await t.monitor.deps.store.listEventIds(t.projectId), ["bare", "gz"]);
});

Deno.test("the flusher's timer moves buffered events into the database by itself", async () => {
  await using t = await startTestMonitor();
  t.monitor.deps.flusher.start();
  const response = await t.post({ events: [event(), event(), event()] });
  await response.body?.cancel();
  await waitFor(
    async () => (await t.monitor.deps.store.stats(t.projectId)).events === 3,
    "the flush",
  );
  assert.equal(await t.monitor.deps.buffer.size(), 0);
});

Deno.test("POST /v1/events answers 400 naming the problem", async () => {
  await using t = await startTestMonitor();
  const cases: Array<[string, unknown]> = [
    ["{not json", /^body is not valid JSON/],
    [JSON.stringify({ items: [] }), 'body must be {"events": [...]} or a JSON array of events'],
    [JSON.stringify({ events: [] }), "events: must contain at least one event"],
  ];
  for (const [body, message] of cases) {
    const response = await t.post(body);
    assert.equal(response.status, 400);
    const { error } = await json(response) as { error: string };
    if (message instanceof RegExp) assert.match(error, message);
    else assert.equal(error, message);
  }
  const allBad = await t.post({ events: [{ model: 5 }, { status: "fine", model: "m" }] });
  assert.equal(allBad.status, 400);
  assert.deepEqual(await json(allBad), {
    error: "no valid events in the batch",
    rejected: [
      { index: 0, errors: ["model: must be a string"] },
      { index: 1, errors: ["status: must be one of success, error, timeout"] },
    ],
  });
  assert.equal(await t.monitor.deps.buffer.size(), 0);
});

Deno.test("POST /v1/events answers 401 without a key and for an unknown or revoked key", async () => {
  await using t = await startTestMonitor();
  const none = await t.app.request("/v1/events", { method: "POST", body: "[]" });
  assert.equal(none.status, 401);
  assert.deepEqual(await json(none), { error: "missing Authorization: Bearer <ingest key>" });
  const unknown = await t.post([event()], { headers: { authorization: "Bearer lmi_nope" } });
  assert.equal(unknown.status, 401);
  assert.deepEqual(await json(unknown), { error: "unknown or revoked key" });

  const created = await t.admin("POST", "/api/keys", { project: t.projectId, kind: "ingest" });
  const { id, key } = await json(created) as { id: string; key: string };
  const before = await t.post([event()], { headers: { authorization: `Bearer ${key}` } });
  assert.equal(before.status, 202);
  await before.body?.cancel();
  const revoked = await t.admin("DELETE", `/api/keys/${id}`);
  assert.equal(revoked.status, 200);
  await revoked.body?.cancel();
  const after = await t.post([event()], { headers: { authorization: `Bearer ${key}` } });
  assert.equal(after.status, 401, "revocation takes effect at once");
  await after.body?.cancel();
});

Deno.test("POST /v1/events answers 403 for a read key and for the admin token", async () => {
  await using t = await startTestMonitor();
  const created = await t.admin("POST", "/api/keys", { project: t.projectId, kind: "read" });
  const { key } = await json(created) as { key: string };
  const read = await t.post([event()], { headers: { authorization: `Bearer ${key}` } });
  assert.equal(read.status, 403);
  assert.deepEqual(await json(read), { error: "a read key cannot ingest; use an ingest key" });
  const admin = await t.post([event()], {
    headers: { authorization: "Bearer test-admin-token-0123456789" },
  });
  assert.equal(admin.status, 403);
  await admin.body?.cancel();
});

Deno.test("POST /v1/events answers 413 past 1,000 events or 1 MiB after decompression", async () => {
  await using t = await startTestMonitor();
  const many = await t.post({ events: Array.from({ length: 1001 }, () => event()) });
  assert.equal(many.status, 413);
  assert.deepEqual(await json(many), {
    error: "events: at most 1000 per request, got 1001; split the batch",
  });
  const padding = "x".repeat(1_100_000);
  const big = await t.post(JSON.stringify({ events: [event({ error_message: padding })] }));
  assert.equal(big.status, 413);
  assert.deepEqual(await json(big), {
    error: "body is larger than 1048576 bytes (after decompression)",
  });
  // A small gzip body that inflates past the cap is stopped the same way.
  const bomb = await t.post(await gzipBytes(JSON.stringify([event({ error_message: padding })])), {
    headers: { "content-encoding": "gzip" },
  });
  assert.equal(bomb.status, 413);
  await bomb.body?.cancel();
});

Deno.test("POST /v1/events answers 415 for a non-JSON content type or an unknown encoding", async () => {
  await using t = await startTestMonitor();
  const form = await t.post("model=gpt-4o", {
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  assert.equal(form.status, 415);
  assert.deepEqual(await json(form), { error: "Content-Type must be application/json" });
  const br = await t.post("[]", { headers: { "content-encoding": "br" } });
  assert.equal(br.status, 415);
  assert.deepEqual(await json(br), {
    error: 'Content-Encoding "br" is not supported; send gzip or no encoding',
  });
});

Deno.test("POST /v1/events answers 400 for a body that claims gzip but is not", async () => {
  await using t = await startTestMonitor();
  const response = await t.post("plain text", { headers: { "content-encoding": "gzip" } });
  assert.equal(response.status, 400);
  assert.deepEqual(await json(response), {
    error: "body could not be decompressed: it is not valid gzip",
  });
});

Deno.test("POST /v1/events answers 429 with Retry-After past the per-key rate", async () => {
  const now = Date.parse("2026-11-23T12:00:15Z");
  await using t = await startTestMonitor({
    env: { INGEST_RATE_LIMIT_PER_MINUTE: "2" },
    now: () => now,
  });
  for (let i = 0; i < 2; i++) {
    const ok = await t.post([event()]);
    assert.equal(ok.status, 202);
    await ok.body?.cancel();
  }
  const limited = await t.post([event()]);
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get("retry-after"), "45");
  assert.match(
    (await json(limited) as { error: string }).error,
    /rate limit of 2 requests per minute/,
  );
  assert.equal(await t.monitor.deps.buffer.size(), 2, "the limited batch was not buffered");
});

Deno.test("POST /v1/events answers 503 when the buffer is full, and 202 again once it drains", async () => {
  await using t = await startTestMonitor({ env: { BUFFER_MAX_EVENTS: "5" } });
  const first = await t.post({ events: Array.from({ length: 4 }, () => event()) });
  assert.equal(first.status, 202);
  await first.body?.cancel();
  const full = await t.post({ events: [event(), event()] });
  assert.equal(full.status, 503);
  assert.equal(full.headers.get("retry-after"), "5");
  assert.match((await json(full) as { error: string }).error, /buffer is full.*nothing was stored/);
  assert.equal(await t.monitor.deps.buffer.size(), 4, "nothing of the refused batch was written");
  await t.monitor.deps.flusher.drain();
  const again = await t.post({ events: [event(), event()] });
  assert.equal(again.status, 202);
  await again.body?.cancel();
});

Deno.test("a batch too large for one KV value is split into chunks and committed whole", async () => {
  await using t = await startTestMonitor();
  // Random metadata barely compresses: ~750 KB of JSON, far over KV's 64 KiB value limit.
  const events = Array.from({ length: 250 }, (_, i) =>
    event({
      id: `big-${String(i).padStart(3, "0")}`,
      metadata: Object.fromEntries(
        Array.from({ length: 40 }, (_, k) => [`k${k}`, crypto.randomUUID()]),
      ),
    }));
  const response = await t.post({ events });
  assert.equal(response.status, 202);
  assert.deepEqual(await json(response), { accepted: 250, rejected: [] });
  const chunks = await t.monitor.deps.buffer.read(10_000);
  assert.ok(chunks.length > 1, `expected several chunks, got ${chunks.length}`);
  assert.equal(await t.monitor.deps.flusher.drain(), 250);
  const ids = await t.monitor.deps.store.listEventIds(t.projectId);
  assert.deepEqual(ids, events.map((e) => e.id));
});
