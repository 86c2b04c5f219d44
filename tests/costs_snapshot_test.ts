// The Costs page reads its numbers from one database snapshot and one set of buffered events: while
// events arrive and flushes move them from the KV buffer to the database, month-to-date equals the
// range's cost when the range holds the month's events, and the unpriced count equals its table.
import assert from "node:assert/strict";
import { costsPageRead } from "../lib/cost/costs_page_read.ts";
import { readFresh } from "../lib/metrics/live_metrics.ts";
import type { MetricsQuery } from "../lib/metrics/query.ts";
import { ENGINES } from "./_engines.ts";
import { ADMIN_TOKEN, sessionCookie, startTestMonitor, type TestMonitor } from "./_fixtures.ts";

/** Mid-month, mid-day: the month, today and the last hour all hold every event below. */
const NOW = Date.parse("2026-11-23T12:00:00Z");
const MINUTE = 60_000;
const BATCH = 150;
const BATCHES = 16;
/** Every fifth event has no price; the others cost $0.125, exact in binary, so sums are exact. */
const COST = 0.125;
const isUnpriced = (i: number) => i % 5 === 0;

/** Events of batch n, spread over the last 50 minutes (older ones bump the hour cache's epoch). */
function batch(n: number) {
  return Array.from({ length: BATCH }, (_, i) => ({
    id: `e-${n}-${i}`,
    model: isUnpriced(i) ? "mystery-model" : "gpt-4o",
    provider: isUnpriced(i) ? "self-hosted" : "openai",
    input_tokens: 10,
    output_tokens: 5,
    ...(isUnpriced(i) ? {} : { cost_usd: COST }),
    timestamp: NOW - ((n * BATCH + i) % 50) * MINUTE - 1000,
  }));
}

/** A stat card's exact number: `<p class="card-value" data-value="…">`. */
function cardValue(body: string, card: string): number {
  const at = body.indexOf(`data-card="${card}"`);
  assert.ok(at >= 0, `no card ${card}`);
  const value = /class="card-value" data-value="([^"]*)"/.exec(body.slice(at))?.[1];
  assert.ok(value !== undefined, `card ${card} has no value`);
  return Number(value);
}

/** The sum of the Unpriced models table's request counts. */
function unpricedTableTotal(body: string): number {
  const at = body.indexOf('id="unpriced-title"');
  assert.ok(at >= 0, "no unpriced models panel");
  const section = body.slice(at, body.indexOf("</section>", at));
  return [...section.matchAll(/<td class="num">([\d,]+)<\/td>/g)]
    .reduce((s, m) => s + Number(m[1]!.replaceAll(",", "")), 0);
}

async function costsPage(t: TestMonitor, cookie: string): Promise<string> {
  const response = await t.app.request(`/costs?project=${t.projectId}&window=1h`, {
    headers: { cookie },
  });
  assert.equal(response.status, 200);
  return await response.text();
}

for (const engine of ENGINES) {
  Deno.test({
    name: `[${engine.name}] GET /costs shows one snapshot's numbers while flushes move events`,
    ignore: engine.ignore,
    async fn() {
      await using t = await startTestMonitor({
        engine,
        now: () => NOW,
        env: { FLUSH_BATCH_SIZE: "200" },
      });
      const deps = t.monitor.deps;
      const cookie = await sessionCookie((path, init) => t.app.request(path, init), ADMIN_TOKEN);
      let reads = 0;
      let buffered = 0;
      const check = (body: string) => {
        const cost = cardValue(body, "cost_usd");
        const month = cardValue(body, "month_to_date");
        assert.ok(month >= cost, `month to date ${month} below the last hour's ${cost}`);
        assert.equal(month, cost, "every event is in both the month and the last hour");
        assert.equal(
          unpricedTableTotal(body),
          cardValue(body, "unpriced_requests"),
          "the unpriced table and its card",
        );
        reads++;
      };
      let done = false;
      const flusher = (async () => {
        while (!done) {
          if ((await deps.flusher.flushOnce()) === 0) await new Promise((r) => setTimeout(r, 1));
        }
      })();
      try {
        for (let n = 0; n < BATCHES; n++) {
          // Each read races a batch that arrives after it read the buffer and is flushed while
          // its database reads run (and the flusher loop's flushes of earlier batches).
          const reading = costsPage(t, cookie);
          const writing = (async () => {
            const response = await t.post(batch(n));
            assert.equal(response.status, 202, await response.clone().text());
            await response.body?.cancel();
            if ((await deps.buffer.size()) > 0) buffered++;
            await deps.flusher.flushOnce();
          })();
          const [body] = await Promise.all([reading, writing]);
          check(body);
        }
        await deps.flusher.drain();
      } finally {
        done = true;
        await flusher;
      }
      assert.equal(reads, BATCHES);
      assert.ok(buffered > 0, "no batch was still buffered after its post");
      const body = await costsPage(t, cookie);
      const unpriced = BATCHES *
        Array.from({ length: BATCH }, (_, i) => i).filter(isUnpriced).length;
      assert.equal(cardValue(body, "unpriced_requests"), unpriced);
      assert.equal(unpricedTableTotal(body), unpriced);
      assert.equal(cardValue(body, "cost_usd"), (BATCHES * BATCH - unpriced) * COST);
      assert.equal(cardValue(body, "month_to_date"), (BATCHES * BATCH - unpriced) * COST);
    },
  });
}

for (const engine of ENGINES) {
  Deno.test({
    name:
      `[${engine.name}] costsPageRead() agrees with itself: budget, calendar, range, tables, chart`,
    ignore: engine.ignore,
    async fn() {
      await using t = await startTestMonitor({ engine, now: () => NOW });
      const deps = t.monitor.deps;
      const project = (await deps.auth.findProject(t.projectId))!;
      const budget = await t.admin("POST", "/api/budgets", {
        project: t.projectId,
        period: "monthly",
        amount_usd: 1000,
      });
      assert.equal(budget.status, 201);
      await budget.body?.cancel();
      const q: MetricsQuery = {
        projectId: t.projectId,
        window: "1h",
        from: NOW - 60 * MINUTE,
        to: NOW,
        filters: {},
      };
      for (let n = 0; n < BATCHES / 2; n++) {
        // The page's way, the buffer read first: this batch arrives after it and is flushed
        // while the database reads run, so the snapshot holds all of it or none.
        const fresh = await readFresh(deps.buffer);
        const response = await t.post(batch(n));
        assert.equal(response.status, 202);
        await response.body?.cancel();
        const flushing = deps.flusher.flushOnce();
        const [read] = await Promise.all([
          costsPageRead(deps, { q, project, now: NOW, fresh }, [
            { metric: "cost_usd", group_by: null },
          ]),
          flushing,
        ]);
        const cost = read.current.cost_usd;
        assert.equal(read.calendar.month, cost, `read ${n}: month to date and the last hour`);
        assert.equal(read.calendar.today, cost, `read ${n}: today`);
        assert.equal(read.budgets[0]!.spend_usd, cost, `read ${n}: the monthly budget`);
        assert.equal(read.features.rows.reduce((s, r) => s + r.cost_usd, 0), cost);
        const points = read.histories[0]!.series[0]?.points ?? [];
        assert.equal(points.reduce((s, [, v]) => s + (v ?? 0), 0), cost, `read ${n}: the chart`);
        const unpriced = read.current.unpriced_requests;
        assert.equal(read.unpriced.reduce((s, m) => s + m.requests, 0), unpriced);
        assert.equal(read.calendar.unpriced_month, unpriced);
      }
      await deps.flusher.drain();
    },
  });
}
