// Built browser bundles (tools/build_ui.ts): the islands and the embeddable widgets.
import { Hono } from "hono";
import { AppError } from "../lib/errors.ts";

const STATIC_DIR = new URL("../static/", import.meta.url);

/** Serves a built file; a clear 503 when the build has not run. */
export async function serveBuilt(path: string, contentType: string): Promise<Response> {
  try {
    const body = await Deno.readFile(new URL(path, STATIC_DIR));
    return new Response(body, {
      headers: { "content-type": contentType, "cache-control": "public, max-age=300" },
    });
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    throw new AppError("unavailable", `${path} is not built; run \`deno task build\``, {
      retryAfterS: 5,
    });
  }
}

export function staticRoutes() {
  return new Hono()
    .get("/static/islands.js", () => serveBuilt("islands.js", "text/javascript; charset=utf-8"));
}
