// Widget bundle sizes: builds the bundles (tools/build_ui.ts) and prints each one raw, gzipped and
// brotli-compressed, against the card's budget of 10 KB gzipped; checks that chart.js stays out of
// every bundle but chart-vendor.js (the chart widget imports it on first use).
//
//   deno run --allow-all bench/widget_size.ts
//   The exit code is 1 when the card is over budget.
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { createLogger } from "../lib/log.ts";
import { build } from "../tools/build_ui.ts";

/** The card's budget, in bytes after gzip (the issue's "10 KB gzipped"). */
const CARD_BUDGET_BYTES = 10_000;
const CARD = "static/widgets/llm-metric-card.js";
const VENDOR = "static/widgets/chart-vendor.js";
/** A property name only chart.js uses (it survives minification): chart.js is in the bundle. */
const CHART_JS_MARKER = "_chartjs";

interface BundleSize {
  output: string;
  bytes: number;
  /** zlib level 9: what a static server or a CDN sends pre-compressed. */
  gzip_bytes: number;
  /** CompressionStream("gzip") (zlib's default level), as tools/build_ui.ts reports. */
  gzip_default_bytes: number;
  brotli_bytes: number;
  has_chart_js: boolean;
}

const out = createLogger();
const root = new URL("..", import.meta.url);
const built = await build();
const sizes: BundleSize[] = [];
for (const { output, gzip_bytes } of built) {
  if (!output.startsWith("static/widgets/")) continue;
  const bytes = await Deno.readFile(new URL(output, root));
  sizes.push({
    output,
    bytes: bytes.byteLength,
    gzip_bytes: gzipSync(bytes, { level: 9 }).byteLength,
    gzip_default_bytes: gzip_bytes,
    brotli_bytes: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
    }).byteLength,
    has_chart_js: new TextDecoder().decode(bytes).includes(CHART_JS_MARKER),
  });
}

const card = sizes.find((s) => s.output === CARD);
if (!card) throw new Error(`${CARD} was not built`);
const cardGzip = Math.max(card.gzip_bytes, card.gzip_default_bytes);
const overBudget = cardGzip > CARD_BUDGET_BYTES;
const leaks = sizes.filter((s) => s.output !== VENDOR && s.has_chart_js).map((s) => s.output);

const n = (x: number) => x.toLocaleString("en-US");
const lines = [
  "| bundle | raw | gzip -9 | gzip (default) | brotli | loaded |",
  "| --- | ---: | ---: | ---: | ---: | --- |",
  ...sizes.map((s) =>
    `| ${s.output.replace("static/", "/")} | ${n(s.bytes)} B | ${n(s.gzip_bytes)} B | ${
      n(s.gzip_default_bytes)
    } B | ${n(s.brotli_bytes)} B | ${
      s.output === VENDOR ? "on the first chart only" : "by its <script type=module>"
    } |`
  ),
];
out.print(`widget bundles (deno ${Deno.version.deno}):\n`);
out.print(lines.join("\n"));
out.print(
  `\n<llm-metric-card>: ${n(cardGzip)} B gzipped (the larger of the two gzip figures) — budget ${
    n(CARD_BUDGET_BYTES)
  } B: ${overBudget ? "OVER BUDGET" : `within, ${n(CARD_BUDGET_BYTES - cardGzip)} B to spare`}`,
);
out.print(
  leaks.length === 0
    ? "chart.js: only in chart-vendor.js (imported by <llm-metric-chart> on first use)"
    : `chart.js is bundled into ${leaks.join(", ")}: it must load lazily`,
);

const resultsDir = new URL("./results/", import.meta.url);
await Deno.mkdir(resultsDir, { recursive: true });
const file = new URL("widget_size.json", resultsDir);
await Deno.writeTextFile(
  file,
  JSON.stringify(
    {
      generated_at: new Date().toISOString(),
      deno: Deno.version.deno,
      card_budget_bytes: CARD_BUDGET_BYTES,
      card_gzip_bytes: cardGzip,
      within_budget: !overBudget,
      chart_js_lazy: leaks.length === 0,
      bundles: sizes,
    },
    null,
    2,
  ) + "\n",
);
out.print(`results written to ${file.pathname}`);
if (overBudget || leaks.length > 0) Deno.exitCode = 1;
