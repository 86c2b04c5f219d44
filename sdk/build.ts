// Builds the npm package of the SDK: one ESM file (`deno bundle`, esbuild underneath: the same
// file the monitor serves at /sdk.js), .d.ts files (the TypeScript compiler API, npm:typescript),
// package.json and README.md.
//
//   deno run -A sdk/build.ts [--out sdk/dist] [--js-only]
import { parseArgs } from "node:util";

export const SDK_VERSION = "0.1.0";
const SDK_DIR = new URL("./", import.meta.url);

export interface BuildOptions {
  /** Output directory (created). */
  outDir: string;
  /** Also emit .d.ts, package.json and README.md (the npm package). Default true. */
  types?: boolean;
}

/** Bundles `entry` (a path under sdk/) into one ES module at `outFile`. */
export async function bundle(entry: string, outFile: string): Promise<void> {
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--platform",
      "browser",
      "--format",
      "esm",
      "--output",
      outFile,
      new URL(entry, SDK_DIR).pathname,
    ],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (code !== 0) {
    throw new Error(`deno bundle ${entry} failed:\n${new TextDecoder().decode(stderr)}`);
  }
}

export async function buildSdk(options: BuildOptions): Promise<void> {
  const out = options.outDir.replace(/\/$/, "");
  await Deno.mkdir(out, { recursive: true });
  await bundle("mod.ts", `${out}/index.js`);
  const code = await Deno.readTextFile(`${out}/index.js`);
  await Deno.writeTextFile(
    `${out}/index.js`,
    `// @llm-monitor/sdk ${SDK_VERSION}: built from sdk/ by sdk/build.ts; do not edit.\n${code}`,
  );
  if (options.types === false) return;
  await emitTypes(`${out}/types`);
  await Deno.writeTextFile(`${out}/package.json`, JSON.stringify(packageJson(), null, 2) + "\n");
  await Deno.copyFile(new URL("README.md", SDK_DIR), `${out}/README.md`);
}

function packageJson() {
  return {
    name: "@llm-monitor/sdk",
    version: SDK_VERSION,
    description: "Record every LLM call with one line: fetch-only client for llm-monitor",
    type: "module",
    main: "./index.js",
    module: "./index.js",
    types: "./types/mod.d.ts",
    exports: { ".": { types: "./types/mod.d.ts", default: "./index.js" } },
    files: ["index.js", "types", "README.md"],
    sideEffects: false,
    engines: { node: ">=18" },
    keywords: ["llm", "monitoring", "observability", "openai", "anthropic"],
    license: "MIT",
  };
}

/** Declaration files for every module reachable from mod.ts, imports rewritten to .js. */
async function emitTypes(outDir: string): Promise<void> {
  // The last TypeScript with a JavaScript compiler API (7 is native); see the report on deno.json.
  const { default: ts } = await import("typescript");
  const program = ts.createProgram([new URL("mod.ts", SDK_DIR).pathname], {
    declaration: true,
    emitDeclarationOnly: true,
    outDir,
    rootDir: new URL(".", SDK_DIR).pathname,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    strict: true,
    noUncheckedIndexedAccess: true,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    types: [],
  });
  const written: Promise<void>[] = [];
  const result = program.emit(undefined, (file, text) => {
    const js = text.replace(/(from\s+["']\.{1,2}\/[^"']+)\.ts(["'])/g, "$1.js$2");
    written.push(
      Deno.mkdir(file.slice(0, file.lastIndexOf("/")), { recursive: true })
        .then(() => Deno.writeTextFile(file, js)),
    );
  });
  await Promise.all(written);
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics];
  if (diagnostics.length > 0) {
    throw new Error(ts.formatDiagnostics(diagnostics, {
      getCanonicalFileName: (f: string) => f,
      getCurrentDirectory: () => Deno.cwd(),
      getNewLine: () => "\n",
    }));
  }
}

if (import.meta.main) {
  const args = parseArgs({
    args: Deno.args,
    options: { out: { type: "string" }, "js-only": { type: "boolean" } },
  });
  const outDir = args.values.out ?? new URL("dist", SDK_DIR).pathname;
  await buildSdk({ outDir, types: !args.values["js-only"] });
  await Deno.stdout.write(new TextEncoder().encode(`built the SDK into ${outDir}\n`));
}
