// The layout's rules, checked on the tree: small files, storage only in lib/store/, a browser-safe
// lib/shared/. (docs/ARCHITECTURE.md describes the folders.)
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);
const SKIP = ["node_modules/", "static/", "sdk/dist/", "data/", "lib/otlp/gen/", ".git/"];
const MAX_LINES = 300;

async function sourceFiles(dir = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(new URL(dir || ".", ROOT))) {
    const path = `${dir}${entry.name}${entry.isDirectory ? "/" : ""}`;
    if (SKIP.some((s) => path.startsWith(s))) continue;
    if (entry.isDirectory) out.push(...await sourceFiles(path));
    else if (path.endsWith(".ts")) out.push(path);
  }
  return out.sort();
}

const read = (path: string) => Deno.readTextFile(new URL(path, ROOT));

Deno.test("no source file is over 300 lines", async () => {
  const long: string[] = [];
  for (const path of await sourceFiles()) {
    const lines = (await read(path)).split("\n").length - 1;
    if (lines > MAX_LINES) long.push(`${path}: ${lines}`);
  }
  assert.deepEqual(long, []);
});

const KV_CALL =
  /\bkv\.(get|set|atomic|list|delete|getMany|watch|enqueue|listenQueue)\(|\.atomic\(\)/;
const SQL =
  /["`'][^"`']*\b(SELECT\s.+\sFROM|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE TABLE)\b/;

Deno.test("SQL and KV calls live in lib/store/ only", async () => {
  const app = (await sourceFiles()).filter((p) =>
    /^(lib|routes|components|islands|widgets)\//.test(p) || p === "app.ts" || p === "main.ts"
  ).filter((p) => !p.startsWith("lib/store/") && !p.endsWith("_test.ts"));
  const found: string[] = [];
  for (const path of app) {
    (await read(path)).split("\n").forEach((line, i) => {
      if (KV_CALL.test(line) || SQL.test(line)) found.push(`${path}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(found, []);
});

Deno.test("lib/shared/ is browser-safe: no zod, no Deno APIs, imports only lib/shared/", async () => {
  const found: string[] = [];
  for (const path of (await sourceFiles("lib/shared/")).filter((p) => !p.endsWith("_test.ts"))) {
    const text = await read(path);
    if (/\bDeno\./.test(text)) found.push(`${path}: uses Deno`);
    for (const [, spec] of text.matchAll(/from\s+["']([^"']+)["']/g)) {
      if (!spec!.startsWith("./")) found.push(`${path}: imports ${spec}`);
    }
  }
  assert.deepEqual(found, []);
});
