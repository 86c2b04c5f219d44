// Request-body caps (lib/http/body_limit.ts mounted in app.ts): each route's limit, enforced
// before authentication and while the body streams in, answered with the JSON error shape.
import assert from "node:assert/strict";
import { ADMIN_TOKEN, startTestMonitor } from "./_fixtures.ts";
import { serveLocal } from "./_server.ts";

const CHUNK = new Uint8Array(65_536).fill(0x61);
const HUGE_BYTES = 200 * 1_048_576;

/** A body of `size` bytes delivered as a stream, so the request has no Content-Length. */
function streamed(size: number, fill = 0x61): ReadableStream<Uint8Array> {
  let left = size;
  return new ReadableStream({
    pull(controller) {
      if (left === 0) return controller.close();
      const n = Math.min(left, 16_384);
      left -= n;
      controller.enqueue(new Uint8Array(n).fill(fill));
    },
  });
}

function post(path: string, body: BodyInit, headers: Record<string, string> = {}): Request {
  return new Request(`http://localhost${path}`, { method: "POST", headers, body });
}

async function assertTooLarge(response: Response, limit: number, route: string) {
  assert.equal(response.status, 413);
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.deepEqual(await response.json(), {
    error: `request body is larger than ${limit} bytes, the limit for ${route}`,
    limit_bytes: limit,
  });
}

/** What a raw HTTP/1.1 exchange got back: the status line, headers and body text. */
interface RawResponse {
  status: string;
  headers: Headers;
  body: string;
}

/** Reads one HTTP/1.1 response with a Content-Length off the socket. */
async function readResponse(conn: Deno.Conn): Promise<RawResponse> {
  const decoder = new TextDecoder();
  let text = "";
  const buffer = new Uint8Array(16_384);
  for (;;) {
    const end = text.indexOf("\r\n\r\n");
    if (end >= 0) {
      const [status = "", ...lines] = text.slice(0, end).split("\r\n");
      const headers = new Headers(lines.map((l) => {
        const colon = l.indexOf(":");
        return [l.slice(0, colon).trim(), l.slice(colon + 1).trim()] as [string, string];
      }));
      const length = Number(headers.get("content-length"));
      if (text.length - end - 4 >= length) {
        return { status, headers, body: text.slice(end + 4, end + 4 + length) };
      }
    }
    const n = await conn.read(buffer);
    if (n === null) throw new Error(`connection closed after ${JSON.stringify(text)}`);
    text += decoder.decode(buffer.subarray(0, n), { stream: true });
  }
}

/** The monitor behind a real Deno.serve on port 0. */
async function startServed() {
  const t = await startTestMonitor();
  const server = serveLocal(t.app.fetch);
  return {
    port: server.port,
    async [Symbol.asyncDispose]() {
      await server.shutdown();
      await t[Symbol.asyncDispose]();
    },
  };
}

/**
 * Streams a 200 MB chunked body to `path` over a raw socket until the server answers; returns the
 * answer and how many body bytes had gone out by then.
 */
async function streamHuge(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ response: RawResponse; sentWhenAnswered: number }> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const encoder = new TextEncoder();
  const head = Object.entries({ host: "localhost", ...headers })
    .map(([name, value]) => `${name}: ${value}\r\n`).join("");
  await conn.write(
    encoder.encode(`POST ${path} HTTP/1.1\r\n${head}transfer-encoding: chunked\r\n\r\n`),
  );
  let answered = false;
  let sent = 0;
  const sending = (async () => {
    const frame = new Uint8Array([
      ...encoder.encode(`${CHUNK.byteLength.toString(16)}\r\n`),
      ...CHUNK,
      ...encoder.encode("\r\n"),
    ]);
    try {
      while (!answered && sent < HUGE_BYTES) {
        await conn.write(frame);
        sent += CHUNK.byteLength;
      }
    } catch (error) {
      // The server closed the connection on the refused body, or the test closed it below.
      const closed = [
        Deno.errors.BrokenPipe,
        Deno.errors.BadResource,
        Deno.errors.ConnectionReset,
        Deno.errors.Interrupted,
      ];
      if (!closed.some((kind) => error instanceof kind)) throw error;
    }
  })();
  const response = await readResponse(conn);
  answered = true;
  const sentWhenAnswered = sent;
  conn.close();
  await sending;
  return { response, sentWhenAnswered };
}

Deno.test("bodyLimit() answers a chunked 200 MB POST /api/login with 413 while it still streams", async () => {
  await using served = await startServed();
  const rssBefore = Deno.memoryUsage().rss;
  const { response, sentWhenAnswered } = await streamHuge(served.port, "/api/login", {
    "content-type": "application/json",
  });
  assert.equal(response.status, "HTTP/1.1 413 Payload Too Large");
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.deepEqual(JSON.parse(response.body), {
    error: "request body is larger than 8192 bytes, the limit for POST /api/login",
    limit_bytes: 8192,
  });
  assert.ok(sentWhenAnswered < HUGE_BYTES / 10, `the client had sent ${sentWhenAnswered} bytes`);
  const grownBytes = Deno.memoryUsage().rss - rssBefore;
  assert.ok(grownBytes < 64 * 1_048_576, `the process grew by ${grownBytes} bytes`);
});

Deno.test("POST /v1/events answers a keyless chunked 200 MB body with 401 while it still streams", async () => {
  await using served = await startServed();
  const { response, sentWhenAnswered } = await streamHuge(served.port, "/v1/events", {
    "content-type": "application/json",
  });
  assert.equal(response.status, "HTTP/1.1 401 Unauthorized");
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.deepEqual(JSON.parse(response.body), {
    error: "missing Authorization: Bearer <ingest key>",
  });
  assert.ok(sentWhenAnswered < HUGE_BYTES / 10, `the client had sent ${sentWhenAnswered} bytes`);
});

Deno.test("bodyLimit() refuses a 200 MB Content-Length on POST /api/login without reading the body", async () => {
  await using served = await startServed();
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: served.port });
  await conn.write(new TextEncoder().encode(
    "POST /api/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" +
      `Content-Length: ${HUGE_BYTES}\r\n\r\n{"token":"`,
  ));
  const response = await readResponse(conn);
  conn.close();
  assert.equal(response.status, "HTTP/1.1 413 Payload Too Large");
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.deepEqual(JSON.parse(response.body), {
    error: "request body is larger than 8192 bytes, the limit for POST /api/login",
    limit_bytes: 8192,
  });
});

Deno.test("bodyLimit() refuses any body on a GET", async () => {
  await using served = await startServed();
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: served.port });
  await conn.write(new TextEncoder().encode(
    "GET /api/me HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello",
  ));
  const response = await readResponse(conn);
  conn.close();
  assert.equal(response.status, "HTTP/1.1 413 Payload Too Large");
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.deepEqual(JSON.parse(response.body), {
    error: "GET /api/me takes no request body",
    limit_bytes: 0,
  });
});

Deno.test("bodyLimit() passes a chunked login body of exactly 8 KiB on to the handler", async () => {
  await using t = await startTestMonitor();
  const json = `{"token":"${"x".repeat(8192 - 12)}"}`;
  assert.equal(json.length, 8192);
  const body = new TextEncoder().encode(json);
  const response = await t.app.request(post("/api/login", ReadableStream.from([body]), {
    "content-type": "application/json",
  }));
  assert.equal(response.status, 401);
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.deepEqual(await response.json(), { error: "unknown or revoked token" });
});

Deno.test("bodyLimit() caps admin JSON at 64 KiB before authentication", async () => {
  await using t = await startTestMonitor();
  const unauthenticated = await t.app.request(
    post("/api/budgets", streamed(65_537), { "content-type": "application/json" }),
  );
  await assertTooLarge(unauthenticated, 65_536, "POST /api/budgets");
  const admin = await t.app.request(post("/api/budgets", streamed(65_537), {
    authorization: `Bearer ${ADMIN_TOKEN}`,
    "content-type": "application/json",
  }));
  await assertTooLarge(admin, 65_536, "POST /api/budgets");
});

Deno.test("bodyLimit() caps settings forms at 64 KiB", async () => {
  await using t = await startTestMonitor();
  const response = await t.app.request(post("/settings/projects", streamed(65_537), {
    "content-type": "application/x-www-form-urlencoded",
  }));
  await assertTooLarge(response, 65_536, "POST /settings/projects");
});

/** `size` random bytes gzipped: random bytes do not compress, so the gzip is larger still. */
async function incompressibleGzip(size: number): Promise<Uint8Array<ArrayBuffer>> {
  const random = new Uint8Array(size);
  for (let i = 0; i < size; i += 65_536) crypto.getRandomValues(random.subarray(i, i + 65_536));
  const gzip = ReadableStream.from([random]).pipeThrough(new CompressionStream("gzip"));
  const bytes = new Uint8Array(await new Response(gzip).arrayBuffer());
  assert.ok(bytes.byteLength > size);
  return bytes;
}

Deno.test("readBody() caps the gzip body of POST /v1/events at 1 MiB on the wire", async () => {
  await using t = await startTestMonitor();
  const response = await t.app.request(post("/v1/events", await incompressibleGzip(1_048_576), {
    authorization: `Bearer ${t.ingestKey}`,
    "content-type": "application/json",
    "content-encoding": "gzip",
  }));
  assert.equal(response.status, 413);
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.deepEqual(await response.json(), {
    error: "body is larger than 1048576 bytes (before decompression)",
  });
});

Deno.test("readBody() caps the gzip body of POST /v1/traces at 4 MiB on the wire, OTLP-style", async () => {
  await using t = await startTestMonitor();
  const response = await t.app.request(post("/v1/traces", await incompressibleGzip(4_194_304), {
    authorization: `Bearer ${t.ingestKey}`,
    "content-type": "application/json",
    "content-encoding": "gzip",
  }));
  assert.equal(response.status, 413);
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.deepEqual(await response.json(), {
    code: 8,
    message: "body is larger than 4194304 bytes (before decompression)",
  });
});
