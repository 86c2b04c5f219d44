// GET /sdk.js: the client SDK as one ES module (sdk/dist/index.js, built by `deno task build:sdk`),
// importable from any origin: `import { createMonitor } from "https://monitor.internal/sdk.js"`.
import { Hono } from "hono";
import { AppError } from "../lib/errors.ts";

export interface SdkRouteOptions {
  /** The built bundle. Default: sdk/dist/index.js in this repository. */
  file?: URL;
}

interface Asset {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  mtimeMs: number | null;
}

export function sdkRoutes(options: SdkRouteOptions = {}) {
  const file = options.file ?? new URL("../sdk/dist/index.js", import.meta.url);
  let cached: Asset | null = null;

  /** The bundle, read again only when the file changed (a rebuild while running). */
  async function load(): Promise<Asset> {
    let mtimeMs: number | null;
    try {
      mtimeMs = (await Deno.stat(file)).mtime?.getTime() ?? null;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      throw new AppError("unavailable", "the SDK is not built; run `deno task build:sdk`", {
        retryAfterS: 5,
      });
    }
    if (cached && cached.mtimeMs === mtimeMs) return cached;
    const body = await Deno.readFile(file);
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
    const hex = Array.from(digest.slice(0, 12), (b) => b.toString(16).padStart(2, "0")).join("");
    cached = { body, etag: `"${hex}"`, mtimeMs };
    return cached;
  }

  return new Hono().get("/sdk.js", async (c) => {
    const asset = await load();
    const headers = {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "public, max-age=300",
      etag: asset.etag,
      // A module script from another origin is fetched with CORS; the file holds no secret.
      "access-control-allow-origin": "*",
      "x-content-type-options": "nosniff",
    };
    if (c.req.header("if-none-match") === asset.etag) return c.body(null, 304, headers);
    return c.body(asset.body, 200, headers);
  });
}
