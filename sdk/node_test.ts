// Builds the npm package into a temporary directory, then runs the SDK's behaviour suite under
// Node on it (sdk/test/node_suite.mjs) and type-checks a consumer of the package.
// Ignored, with the reason printed, when no Node ≥ 18 is on the PATH.
import assert from "node:assert/strict";
import { buildSdk, bundle } from "./build.ts";

async function nodeVersion(): Promise<string | null> {
  try {
    const { code, stdout } = await new Deno.Command("node", { args: ["--version"] }).output();
    return code === 0 ? new TextDecoder().decode(stdout).trim() : null;
  } catch (_) {
    return null; // not installed
  }
}

const version = await nodeVersion();
const major = version ? Number(/^v(\d+)/.exec(version)?.[1]) : 0;
if (major < 18) {
  Deno.stderr.writeSync(
    new TextEncoder().encode(
      `sdk/node_test.ts: ignored, Node ≥ 18 is needed (found ${version ?? "none"})\n`,
    ),
  );
}

Deno.test({
  name: "the SDK's npm build passes its behaviour suite under Node and its types compile",
  ignore: major < 18,
  async fn(t) {
    const dir = await Deno.makeTempDir({ prefix: "llm-monitor-sdk-" });
    try {
      const pkg = `${dir}/node_modules/@llm-monitor/sdk`;
      await t.step("buildSdk() writes index.js, types, package.json and README.md", async () => {
        await buildSdk({ outDir: pkg });
        const manifest = JSON.parse(await Deno.readTextFile(`${pkg}/package.json`));
        assert.equal(manifest.name, "@llm-monitor/sdk");
        assert.deepEqual(manifest.exports, {
          ".": { types: "./types/mod.d.ts", default: "./index.js" },
        });
        for (const file of ["index.js", "types/mod.d.ts", "types/monitor.d.ts", "README.md"]) {
          assert.ok((await Deno.stat(`${pkg}/${file}`)).isFile, file);
        }
      });

      await t.step(`node --test sdk/test/node_suite.mjs passes on Node ${version}`, async () => {
        await bundle("test/node_cases.ts", `${dir}/cases.js`);
        const run = await new Deno.Command("node", {
          args: [
            "--test",
            "--test-reporter=spec",
            new URL("test/node_suite.mjs", import.meta.url).pathname,
          ],
          env: { SDK_BUNDLE: `${pkg}/index.js`, SDK_CASES: `${dir}/cases.js` },
          stdout: "piped",
          stderr: "piped",
        }).output();
        const output = new TextDecoder().decode(run.stdout) + new TextDecoder().decode(run.stderr);
        assert.equal(run.code, 0, `node --test failed:\n${output}`);
        assert.match(output, /pass 30\b/);
        assert.match(output, /fail 0\b/);
      });

      await t.step("a NodeNext TypeScript consumer of the package type-checks", async () => {
        await Deno.writeTextFile(`${dir}/package.json`, '{ "type": "module" }');
        await Deno.writeTextFile(`${dir}/consumer.ts`, CONSUMER);
        // The last TypeScript with a JavaScript compiler API (7 is native); see the report on deno.json.
        const { default: ts } = await import("typescript");
        const program = ts.createProgram([`${dir}/consumer.ts`], {
          module: ts.ModuleKind.NodeNext,
          moduleResolution: ts.ModuleResolutionKind.NodeNext,
          target: ts.ScriptTarget.ES2022,
          lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
          strict: true,
          noEmit: true,
          types: [],
        });
        const diagnostics = ts.getPreEmitDiagnostics(program).map((d) =>
          ts.flattenDiagnosticMessageText(d.messageText, "\n")
        );
        assert.deepEqual(diagnostics, []);
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

const CONSUMER = `
import { createMonitor, MonitorError, type LlmEvent, type Monitor } from "@llm-monitor/sdk";
const monitor: Monitor = createMonitor({
  endpoint: "http://localhost:8000",
  apiKey: "key",
  onError: (e: MonitorError) => void e.kind,
});
const event: LlmEvent = { model: "gpt-4o", input_tokens: 1, status: "success" };
const id: string | null = monitor.withContext({ user_id: "u" }).track(event);
const client = monitor.wrapOpenAI({ chat: { completions: { create: (p: { model: string }) => p } } });
const same: { model: string } = client.chat.completions.create({ model: "x" });
void id; void same;
await monitor.shutdown({ timeoutMs: 10 });
`;
