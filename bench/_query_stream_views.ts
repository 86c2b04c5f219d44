// Many distinct stream views (the case of 300 streams with distinct filters from one widget
// token): how many one token may open under the default caps, then a light stream's
// post-to-stream latency next to as many distinct views as the instance admits (up to `views`),
// spread over tokens at their cap, and what each tick computed within its budget. Events of 50 models are posted first so that each
// view reads something.
import { openSse, postEvent, type SseStream } from "./_query_client.ts";
import { startStreamMonitor } from "./_query_stream_server.ts";
import { round, summarise, type Timing } from "./_query_timing.ts";

const SEED_EVENTS = 10_000;
const MODELS = 50;

export interface ViewsResult {
  /** One widget token asking for `views` distinct views. */
  one_token: { asked: number; opened: number; refused: number; cap: string | null };
  views: number;
  tokens: number;
  /** The unfiltered stream of another credential, among all those views. */
  light_post_to_stream_ms: Timing;
  ticks: {
    samples: number;
    budget_ms: number;
    views_per_tick: number;
    computed_per_tick: { min: number; p50: number; max: number };
    elapsed_ms: Timing;
  };
}

export async function measureManyViews(
  options: { tickMs: number; views: number; samples: number; progress: (line: string) => void },
): Promise<ViewsResult> {
  await using m = await startStreamMonitor({ tickMs: options.tickMs });
  const perToken = m.monitor.deps.config.STREAM_MAX_VIEWS_PER_CREDENTIAL;
  await seed(m);
  options.progress(`views: ${SEED_EVENTS} events posted`);

  const token = async () => {
    const { secret } = await m.monitor.deps.auth.widgetTokens.create(
      {
        project_id: m.projectId,
        name: "bench",
        metrics: null,
        filters: {},
        origins: [],
        expires_in_ms: null,
      },
      m.monitor.deps.now(),
    );
    return secret;
  };
  const view = (secret: string, i: number) =>
    `${m.url}/api/stream?window=1h&model=m${i % MODELS}&endpoint=/e${i}&token=${secret}`;
  const open: SseStream[] = [];
  try {
    // One token asking for every view: the cap refuses all but its first views.
    const greedy = await token();
    let cap: string | null = null;
    let refused = 0;
    const held: Response[] = [];
    for (let i = 0; i < options.views; i++) {
      const r = await fetch(view(greedy, i), { headers: { accept: "text/event-stream" } });
      if (r.status === 429) {
        refused++;
        cap ??= ((await r.json()) as { cap: string }).cap;
      } else held.push(r);
    }
    await Promise.all(held.map((r) => r.body?.cancel()));
    const oneToken = { asked: options.views, opened: options.views - refused, refused, cap };
    options.progress(`views: one token opened ${oneToken.opened}, refused ${refused} (${cap})`);

    // As many views as the instance takes (one left for the light stream), over tokens that each
    // stay under their cap.
    const spread = Math.min(options.views, m.monitor.deps.config.STREAM_MAX_VIEWS - 1);
    const tokens = Math.ceil(spread / perToken);
    for (let k = 0; k < tokens; k++) {
      const secret = await token();
      const n = Math.min(perToken, spread - k * perToken);
      open.push(
        ...await Promise.all(
          Array.from(
            { length: n },
            (_, i) => openSse(view(secret, k * perToken + i), {}, () => {}),
          ),
        ),
      );
    }
    options.progress(`views: ${open.length} views open over ${tokens} tokens`);

    let requests = -1;
    let wake: (() => void) | undefined;
    const light = await openSse(
      `${m.url}/api/stream?project=${m.projectId}&window=5m`,
      m.readHeaders,
      (msg) => {
        if (msg.event !== "metrics") return;
        requests = (JSON.parse(msg.data) as { requests: number }).requests;
        wake?.();
      },
    );
    open.push(light);
    const ticks: Array<{ views: number; computed: number; elapsed_ms: number }> = [];
    let last = m.monitor.deps.hub.lastTick;
    const sampler = setInterval(() => {
      const now = m.monitor.deps.hub.lastTick;
      if (now !== last) ticks.push(last = now);
    }, options.tickMs / 4);
    try {
      const reached = async (n: number) => {
        const deadline = performance.now() + 60_000;
        while (requests < n) {
          if (performance.now() > deadline) throw new Error(`light view never read ${n}`);
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, 50);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
      };
      await reached(0);
      const base = requests;
      const latencies: number[] = [];
      for (let i = 1; i <= options.samples; i++) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * options.tickMs));
        const started = performance.now();
        await postEvent(m, { model: "light", input_tokens: 1, output_tokens: 1, latency_ms: 1 });
        await reached(base + i);
        latencies.push(performance.now() - started);
      }
      const computed = ticks.map((t) => t.computed).sort((a, b) => a - b);
      return {
        one_token: oneToken,
        views: open.length,
        tokens,
        light_post_to_stream_ms: summarise(latencies),
        ticks: {
          samples: ticks.length,
          budget_ms: options.tickMs * m.monitor.deps.config.STREAM_TICK_BUDGET_PERCENT / 100,
          views_per_tick: ticks.at(-1)?.views ?? 0,
          computed_per_tick: {
            min: computed[0] ?? 0,
            p50: computed[Math.floor(computed.length / 2)] ?? 0,
            max: computed.at(-1) ?? 0,
          },
          elapsed_ms: summarise(ticks.map((t) => round(t.elapsed_ms))),
        },
      };
    } finally {
      clearInterval(sampler);
    }
  } finally {
    await Promise.all(open.map((s) => s.close()));
  }
}

/** SEED_EVENTS events over the last hour, MODELS models and 300 endpoints, in batches. */
async function seed(m: { url: string; ingestKey: string }): Promise<void> {
  const now = Date.now();
  for (let b = 0; b < SEED_EVENTS / 1000; b++) {
    const events = Array.from({ length: 1000 }, (_, i) => ({
      model: `m${(b * 1000 + i) % MODELS}`,
      endpoint: `/e${(b * 1000 + i) % 300}`,
      input_tokens: 100,
      output_tokens: 50,
      latency_ms: 100 + (i % 900),
      timestamp: new Date(now - ((b * 1000 + i) % 3_000_000)).toISOString(),
    }));
    const r = await fetch(`${m.url}/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${m.ingestKey}`, "content-type": "application/json" },
      body: JSON.stringify({ events }),
    });
    await r.body?.cancel();
    if (r.status !== 202) throw new Error(`POST /v1/events: ${r.status}`);
  }
}
