// The demo's two calls to a running monitor: POST /v1/events (waiting as 429/503 ask) and, with the
// admin token, creating an ingest key named "demo".
import type { DemoEvent } from "./traffic.ts";

/** Posts a batch; waits and retries on 429/503 as the server asks. Returns accepted events. */
export async function post(
  url: URL,
  key: string,
  events: DemoEvent[],
  stop: AbortSignal,
): Promise<number> {
  for (let attempt = 0; attempt < 10 && !stop.aborted; attempt++) {
    const response = await fetch(new URL("/v1/events", url), {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ events }),
    });
    const body = await response.json().catch(() => ({}));
    if (response.status === 202) return body.accepted ?? 0;
    if (response.status === 429 || response.status === 503) {
      const wait = Number(response.headers.get("retry-after") ?? "1") * 1000;
      await new Promise((r) => setTimeout(r, Math.min(wait, 10_000)));
      continue;
    }
    throw new Error(
      `POST /v1/events answered ${response.status}: ${body.error ?? JSON.stringify(body)}`,
    );
  }
  return 0;
}

export async function demoKey(url: URL, adminToken: string, project: string): Promise<string> {
  const response = await fetch(new URL("/api/keys", url), {
    method: "POST",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ project, kind: "ingest", name: "demo" }),
  });
  const body = await response.json();
  if (response.status !== 201) throw new Error(`creating a demo key failed: ${body.error}`);
  return body.key;
}
