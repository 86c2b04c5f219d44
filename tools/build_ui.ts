// Builds the browser bundles with `deno bundle`: the dashboard islands and the embeddable widgets.
// Output goes to static/ (git-ignored); `deno task start` and `deno task test` build first.

export const BUNDLES = [
  { entry: "islands/_client.ts", output: "static/islands.js" },
  { entry: "widgets/llm_metric_card.define.ts", output: "static/widgets/llm-metric-card.js" },
  { entry: "widgets/llm_metric_table.define.ts", output: "static/widgets/llm-metric-table.js" },
  { entry: "widgets/llm_metric_chart.define.ts", output: "static/widgets/llm-metric-chart.js" },
  // chart.js, imported by the chart widget on first use (never by pages without a chart).
  { entry: "widgets/_chart_vendor.ts", output: "static/widgets/chart-vendor.js" },
] as const;

const root = new URL("..", import.meta.url);

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(new URL(path, root));
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

export async function build(): Promise<
  Array<{ output: string; bytes: number; gzip_bytes: number }>
> {
  const sizes = [];
  for (const { entry, output } of BUNDLES) {
    if (!(await exists(entry))) continue;
    const result = await new Deno.Command(Deno.execPath(), {
      args: ["bundle", "--quiet", "--platform", "browser", "--minify", "-o", output, entry],
      cwd: root,
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    if (!result.success) throw new Error(`deno bundle ${entry} failed; see the messages above`);
    const bytes = await Deno.readFile(new URL(output, root));
    const gz = await new Response(
      new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip")),
    ).arrayBuffer();
    sizes.push({ output, bytes: bytes.byteLength, gzip_bytes: gz.byteLength });
  }
  return sizes;
}

if (import.meta.main) {
  for (const s of await build()) {
    // deno-lint-ignore no-console
    console.log(
      `built ${s.output}: ${(s.bytes / 1024).toFixed(1)} KiB, ${
        (s.gzip_bytes / 1024).toFixed(1)
      } KiB gzipped`,
    );
  }
}
