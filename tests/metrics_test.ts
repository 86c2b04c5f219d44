// GET /api/metrics/current and /history on every engine, against answers computed here from the
// same synthetic events: counts, sums, rates, exact quantiles, filters, group_by, window edges.
import assert from "node:assert/strict";
import type { StoredEvent } from "../lib/ingest/event.ts";
import { exactQuantile } from "../lib/metrics/histogram.ts";
import { ENGINES } from "./_engines.ts";
import { ADMIN_TOKEN, startTestMonitor, storedEvent, type TestMonitor } from "./_fixtures.ts";

const NOW = Date.parse("2026-11-23T12:34:56.789Z");
const HOUR = 3_600_000;
const MODELS = [
  ["gpt-4o", "openai"],
  ["gpt-4o-mini", "openai"],
  ["claude-sonnet-4", "anthropic"],
  ["llama-3-70b", null],
] as const;
const ENDPOINTS = ["chat", "search", "summarize"];

function dataset(projectId: string): StoredEvent[] {
  return Array.from({ length: 1500 }, (_, i) => {
    const [model, provider] = MODELS[i % 4]!;
    const latency = i % 13 === 0
      ? null
      : 120 + ((i * 7919) % 1009) * 2.7 + (i % 97 === 0 ? 9000 : 0);
    return storedEvent({
      project_id: projectId,
      id: `ev-${i}`,
      ts: NOW - 1 - ((i * 7_207_211) % (3 * HOUR)),
      model,
      provider,
      endpoint: ENDPOINTS[i % 3]!,
      application: i % 5 === 0 ? "batch" : null,
      user_id: `user-${i % 7}`,
      status: i % 11 === 0 ? "error" : i % 17 === 0 ? "timeout" : "success",
      input_tokens: 10 + (i % 50),
      output_tokens: 5 + (i % 30),
      cached_input_tokens: i % 4 === 0 ? 3 : null,
      latency_ms: latency,
      time_to_first_token_ms: i % 2 === 0 ? 50 + (i % 10) : null,
      cost_usd: i % 9 === 0 ? null : 0.0001 * (1 + (i % 6)),
    });
  });
}

type Filter = Partial<
  Record<"model" | "provider" | "endpoint" | "application" | "user_id" | "status", string[]>
>;

function select(
  events: StoredEvent[],
  from: number,
  to: number,
  filters: Filter = {},
): StoredEvent[] {
  return events.filter((e) =>
    e.ts >= from && e.ts < to &&
    Object.entries(filters).every(([k, values]) => {
      const v = e[k as keyof StoredEvent];
      return values!.includes(v === null ? "" : String(v));
    })
  );
}

/** The contract's numbers, computed the slow, obvious way. */
function expected(events: StoredEvent[], windowMs: number) {
  const n = events.length;
  const sum = (f: (e: StoredEvent) => number) => events.reduce((s, e) => s + f(e), 0);
  const latencies = events.flatMap((e) => (e.latency_ms === null ? [] : [e.latency_ms]));
  const cost = sum((e) => e.cost_usd ?? 0);
  const tokens = sum((e) => e.input_tokens + e.output_tokens);
  return {
    requests: n,
    requests_per_minute: n / (windowMs / 60_000),
    error_rate: n ? events.filter((e) => e.status === "error").length / n : 0,
    timeout_rate: n ? events.filter((e) => e.status === "timeout").length / n : 0,
    avg_latency_ms: latencies.length ? latencies.reduce((a, b) => a + b, 0) / latencies.length : 0,
    p50_latency_ms: exactQuantile(latencies, 0.5),
    p95_latency_ms: exactQuantile(latencies, 0.95),
    p99_latency_ms: exactQuantile(latencies, 0.99),
    input_tokens: sum((e) => e.input_tokens),
    output_tokens: sum((e) => e.output_tokens),
    tokens_per_minute: tokens / (windowMs / 60_000),
    cost_usd: cost,
    cost_per_hour: cost / (windowMs / HOUR),
    cost_per_request: n ? cost / n : 0,
    unpriced_requests: events.filter((e) => e.cost_usd === null).length,
  };
}

function assertMatches(
  actual: Record<string, unknown>,
  want: Record<string, number>,
  what: string,
) {
  for (const [name, value] of Object.entries(want)) {
    const got = actual[name];
    assert.equal(typeof got, "number", `${what}: ${name} is a number`);
    if (name.startsWith("p") && name.endsWith("_latency_ms")) {
      const error = value === 0
        ? Math.abs(got as number)
        : Math.abs((got as number) - value) / value;
      assert.ok(error <= 0.02, `${what}: ${name} ${got} vs exact ${value}`);
    } else {
      assert.ok(
        Math.abs((got as number) - value) <= 1e-9 * Math.max(1, Math.abs(value)),
        `${what}: ${name} ${got} vs ${value}`,
      );
    }
  }
}

async function get(t: TestMonitor, path: string): Promise<Record<string, unknown>> {
  const response = await t.app.request(path, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  assert.equal(response.status, 200, `${path}: ${await response.clone().text()}`);
  assert.equal(response.headers.get("content-type"), "application/json");
  return await response.json();
}

for (const engine of ENGINES) {
  Deno.test({
    name:
      `[${engine.name}] GET /api/metrics/current matches the events for every window and filter`,
    ignore: engine.ignore,
    fn: async () => {
      await using t = await startTestMonitor({ engine, now: () => NOW });
      const events = dataset(t.projectId);
      for (let i = 0; i < events.length; i += 500) {
        await t.monitor.deps.store.insertEvents(events.slice(i, i + 500));
      }
      const base = `/api/metrics/current?project=${t.projectId}`;
      for (const [window, ms] of [["5m", 300_000], ["1h", HOUR], ["6h", 6 * HOUR]] as const) {
        const body = await get(t, `${base}&window=${window}`);
        assert.equal(body.window, window);
        assert.equal(body.to, new Date(NOW).toISOString());
        assertMatches(body, expected(select(events, NOW - ms, NOW), ms), `window ${window}`);
      }
      // A custom range whose edges fall mid-minute and mid-hour.
      const from = NOW - 2 * HOUR - 754_321;
      const to = NOW - 12_345;
      const custom = await get(
        t,
        `${base}&from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`,
      );
      assert.equal(custom.window, "custom");
      assertMatches(custom, expected(select(events, from, to), to - from), "custom range");

      const filters: Filter[] = [
        { model: ["gpt-4o"] },
        { provider: ["openai", "anthropic"] },
        { endpoint: ["search"], status: ["error"] },
        { application: ["batch"] },
        { user_id: ["user-3"] },
        { user_id: ["user-1", "user-2"], model: ["claude-sonnet-4"] },
      ];
      for (const f of filters) {
        const qs = Object.entries(f).map(([k, v]) => `&${k}=${v!.join(",")}`).join("");
        const body = await get(t, `${base}&window=6h${qs}`);
        assertMatches(
          body,
          expected(select(events, NOW - 6 * HOUR, NOW, f), 6 * HOUR),
          `filter ${qs}`,
        );
      }

      const oneHour = select(events, NOW - HOUR, NOW);
      const body = await get(t, `${base}&window=1h`);
      const models = body.active_models as Array<Record<string, unknown>>;
      assert.deepEqual(
        models.map((m) => [m.model, m.provider, m.requests]),
        MODELS.map((
          [model, provider],
        ) => [model, provider ?? "", oneHour.filter((e) => e.model === model).length])
          .sort((a, b) =>
            (b[2] as number) - (a[2] as number) || String(a[0]).localeCompare(String(b[0]))
          ),
      );
      for (const m of models) {
        const mine = oneHour.filter((e) => e.model === m.model);
        assert.ok(Math.abs((m.share as number) - mine.length / oneHour.length) < 1e-12);
        assertMatches(
          { p95_latency_ms: m.p95_latency_ms, error_rate: m.error_rate, cost_usd: m.cost_usd },
          {
            p95_latency_ms: expected(mine, HOUR).p95_latency_ms,
            error_rate: expected(mine, HOUR).error_rate,
            cost_usd: expected(mine, HOUR).cost_usd,
          },
          `model ${m.model}`,
        );
      }
      const endpoints = body.top_endpoints as Array<Record<string, unknown>>;
      assert.deepEqual(
        endpoints.map((e) => [e.endpoint, e.requests]).sort(),
        ENDPOINTS.map((ep) => [ep, oneHour.filter((e) => e.endpoint === ep).length]).sort(),
      );
    },
  });

  Deno.test({
    name: `[${engine.name}] GET /api/metrics/history buckets by step and groups by model`,
    ignore: engine.ignore,
    fn: async () => {
      await using t = await startTestMonitor({ engine, now: () => NOW });
      const events = dataset(t.projectId);
      await t.monitor.deps.store.insertEvents(events);
      const step = 15 * 60_000;
      const body = await get(
        t,
        `/api/metrics/history?project=${t.projectId}&metric=requests&window=6h&step=15m&group_by=model`,
      );
      assert.equal(body.metric, "requests");
      assert.equal(body.step, "15m");
      const series = body.series as Array<{ key: string; points: Array<[number, number]> }>;
      assert.deepEqual(series.map((s) => s.key).sort(), MODELS.map(([m]) => m).sort());
      const first = Math.floor((NOW - 6 * HOUR) / step) * step;
      for (const s of series) {
        assert.equal(s.points.length, Math.ceil((NOW - first) / step));
        for (const [at, value] of s.points) {
          const want = select(events, Math.max(at, NOW - 6 * HOUR), Math.min(at + step, NOW), {
            model: [s.key],
          });
          assert.equal(value, want.length, `${s.key} at ${new Date(at).toISOString()}`);
        }
      }
      // An hourly step reads the hourly rollups; a latency metric needs the histograms.
      const hourly = await get(
        t,
        `/api/metrics/history?project=${t.projectId}&metric=p95_latency_ms&window=24h&step=1h`,
      );
      const [only] = hourly.series as Array<{ key: string; points: Array<[number, number]> }>;
      assert.equal(only!.key, "all");
      for (const [at, value] of only!.points) {
        const want = expected(
          select(events, Math.max(at, NOW - 24 * HOUR), Math.min(at + HOUR, NOW)),
          HOUR,
        );
        assertMatches(
          { p95_latency_ms: value },
          { p95_latency_ms: want.p95_latency_ms },
          `hour ${at}`,
        );
      }
    },
  });
}

Deno.test("GET /api/metrics/current of an empty window is zeros and empty lists", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  const body = await get(t, `/api/metrics/current?project=${t.projectId}&window=15m`);
  const { window: _w, from: _f, to: _t, active_models, top_endpoints, ...numbers } = body;
  assert.deepEqual(active_models, []);
  assert.deepEqual(top_endpoints, []);
  for (const [name, value] of Object.entries(numbers)) assert.equal(value, 0, name);
  const history = await get(
    t,
    `/api/metrics/history?project=${t.projectId}&metric=error_rate&window=1h&step=5m`,
  );
  const [series] = history.series as Array<{ points: Array<[number, number]> }>;
  assert.equal(series!.points.length, 13);
  assert.ok(series!.points.every(([, v]) => v === 0));
});

Deno.test("GET /api/metrics/current counts events still in the buffer", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  await t.monitor.deps.store.insertEvents([
    storedEvent({ project_id: t.projectId, ts: NOW - 1000, latency_ms: 100 }),
  ]);
  const posted = await t.post([
    { model: "gpt-4o", timestamp: NOW - 500, latency_ms: 300, input_tokens: 7 },
    { model: "gpt-4o", timestamp: NOW - 400, latency_ms: 500, input_tokens: 8 },
  ]);
  assert.equal(posted.status, 202);
  await posted.body?.cancel();
  assert.equal(await t.monitor.deps.buffer.size(), 2);
  const body = await get(t, `/api/metrics/current?project=${t.projectId}&window=5m`);
  assert.equal(body.requests, 3);
  assert.equal(body.input_tokens, 100 + 7 + 8);
  assert.equal(body.avg_latency_ms, 300);
});

Deno.test("GET /api/metrics/* answers 400 naming the parameter", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  const cases: Array<[string, string]> = [
    ["/api/metrics/current?window=2h", "window: must be one of 5m, 15m, 1h, 6h, 24h, 7d, 30d"],
    ["/api/metrics/current?from=yesterday", "from: must be an RFC 3339 time"],
    [
      "/api/metrics/current?from=2026-11-23T12:00:00Z&to=2026-11-23T11:00:00Z",
      "to: must be after from",
    ],
    ["/api/metrics/current?status=ok", "status: must be success, error or timeout"],
    ["/api/metrics/history?window=1h", "metric: is required"],
    ["/api/metrics/history?metric=vibes", 'metric: unknown metric "vibes"'],
    [
      "/api/metrics/history?metric=requests&step=10s",
      "step: must be a whole number of minutes, at least 1m",
    ],
    [
      "/api/metrics/history?metric=requests&window=30d&step=1m",
      "step: too small for the range (more than 2000 points)",
    ],
    [
      "/api/metrics/history?metric=requests&group_by=user_id",
      "group_by: must be one of model, provider, endpoint, application, status",
    ],
  ];
  for (const [path, error] of cases) {
    const response = await t.app.request(path, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    assert.equal(response.status, 400, path);
    assert.deepEqual(await response.json(), { error }, path);
  }
});

Deno.test("GET /api/metrics/current?compare=previous adds the window just before", async () => {
  await using t = await startTestMonitor({ now: () => NOW });
  await t.monitor.deps.store.insertEvents([
    storedEvent({ project_id: t.projectId, ts: NOW - 10 * 60_000, cost_usd: 2 }),
    storedEvent({ project_id: t.projectId, ts: NOW - 70 * 60_000, cost_usd: 1 }),
    storedEvent({ project_id: t.projectId, ts: NOW - 80 * 60_000, cost_usd: 1 }),
  ]);
  const body = await get(
    t,
    `/api/metrics/current?project=${t.projectId}&window=1h&compare=previous`,
  );
  assert.equal(body.requests, 1);
  const previous = body.previous as Record<string, number>;
  assert.equal(previous.requests, 2);
  assert.equal(previous.cost_usd, 2);
  assert.equal("active_models" in previous, false);
});
