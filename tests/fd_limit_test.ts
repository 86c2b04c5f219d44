// Running out of file descriptors does not end the server: a monitor under a low `ulimit -n` is
// flooded with idle connections until accepting one fails with EMFILE. It closes the connections
// that were idle or half-sent, keeps a live stream that was open going, and answers again.
import assert from "node:assert/strict";
import { ADMIN_TOKEN, waitFor } from "./_fixtures.ts";
import { freePort, startServer } from "./_server.ts";

/** The child's descriptor limit: the monitor holds about 140 at rest (PGlite worker, KV). */
const OPEN_FILE_LIMIT = 256;
/** Connections the flood opens: more than the limit, so accepting them must fail. */
const FLOOD = OPEN_FILE_LIMIT + 100;

const encoder = new TextEncoder();

async function tempDir() {
  const path = await Deno.makeTempDir({ prefix: "llm-monitor-fd-" });
  return { path, [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }) };
}

/** Opens up to `count` idle connections; refused and reset ones (a listener restarting) are skipped. */
async function flood(port: number, count: number): Promise<Deno.TcpConn[]> {
  const conns: Deno.TcpConn[] = [];
  for (let i = 0; i < count; i++) {
    try {
      conns.push(await Deno.connect({ hostname: "127.0.0.1", port }));
    } catch (error) {
      const refused = error instanceof Deno.errors.ConnectionRefused ||
        error instanceof Deno.errors.ConnectionReset || error instanceof Deno.errors.NotConnected;
      if (!refused) throw error;
    }
  }
  return conns;
}

/** GET /api/stream over a connection of its own; `text` grows as the stream sends. */
async function openStream(port: number) {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(encoder.encode(
    `GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\n\r\n`,
  ));
  const stream = {
    text: "",
    ended: false,
    /** Comment lines (heartbeats) received so far. */
    heartbeats: () => stream.text.match(/^:/gm)?.length ?? 0,
    [Symbol.asyncDispose]: async () => {
      conn.close();
      await reading;
    },
  };
  const reading = (async () => {
    const decoder = new TextDecoder();
    const buffer = new Uint8Array(16_384);
    try {
      for (let n; (n = await conn.read(buffer)) !== null;) {
        stream.text += decoder.decode(buffer.subarray(0, n), { stream: true });
      }
    } catch (error) {
      // Reset by the server, or closed by the disposal above.
      const ended = error instanceof Deno.errors.ConnectionReset ||
        error instanceof Deno.errors.BadResource || error instanceof Deno.errors.Interrupted;
      if (!ended) throw error;
    } finally {
      stream.ended = true;
    }
  })();
  return stream;
}

/** True once the peer closed the connection (end of stream or reset); false if it answered. */
async function closedByPeer(conn: Deno.TcpConn): Promise<boolean> {
  try {
    return await conn.read(new Uint8Array(1024)) === null;
  } catch (error) {
    if (error instanceof Deno.errors.ConnectionReset) return true;
    // Closed on this side (the test failed earlier and is unwinding).
    if (error instanceof Deno.errors.BadResource || error instanceof Deno.errors.Interrupted) {
      return false;
    }
    throw error;
  }
}

Deno.test({
  name:
    "serve() survives running out of file descriptors: idle connections closed, streams kept, answers again",
  // The child runs under `ulimit -n`, through sh.
  ignore: Deno.build.os === "windows",
  fn: async () => {
    await using dataDir = await tempDir();
    await using server = await startServer({
      dataDir: dataDir.path,
      port: freePort(),
      openFileLimit: OPEN_FILE_LIMIT,
      env: { ADMIN_TOKEN, STREAM_HEARTBEAT_MS: "100" },
      readyTimeoutMs: 60_000, // a first PGlite start on a busy machine
    });
    const port = Number(new URL(server.url).port);
    let exited = false;
    void server.status.then(() => (exited = true));

    await using stream = await openStream(port);
    await waitFor(
      () => stream.text.includes("event: metrics") || stream.ended,
      "the first numbers",
    );
    assert.match(stream.text, /^HTTP\/1\.1 200 OK\r\n/);
    assert.match(stream.text, /\r\ncontent-type: text\/event-stream\r\n/i);
    // A request whose headers never end, sent before the flood.
    using halfSent = await Deno.connect({ hostname: "127.0.0.1", port });
    await halfSent.write(encoder.encode("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
    const halfSentClosed = closedByPeer(halfSent);

    const idle = await flood(port, FLOOD);
    try {
      await waitFor(
        () => server.log().includes("Too many open files") || exited,
        "accepting a connection to fail with EMFILE",
        20_000,
      );
      // The failed listener's half-sent (and idle) connections are closed, which frees descriptors.
      assert.equal(await halfSentClosed, true);
    } finally {
      for (const conn of idle) conn.close();
    }

    await waitFor(async () => {
      if (exited) throw new Error(`the server exited:\n${server.log()}`);
      try {
        const response = await server.fetch("/healthz");
        await response.body?.cancel();
        return response.status === 200;
      } catch (error) {
        if (error instanceof TypeError) return false; // listening again after a backoff
        throw error;
      }
    }, "GET /healthz to answer 200 again");

    const heartbeats = stream.heartbeats();
    await waitFor(
      () => stream.heartbeats() >= heartbeats + 2 || stream.ended,
      "the open stream's next heartbeats",
    );
    assert.equal(stream.ended, false, "the stream opened before the flood was closed");
    assert.equal(exited, false, server.log());
    assert.match(server.log(), /\[info\] listening again/);
  },
});
