// The behaviour cases' harness under Node: a node:http fake ingest server (plain JavaScript,
// run by `node --test` on the built SDK; see node_suite.mjs).
import { createServer } from "node:http";
import { createServer as createTcpServer } from "node:net";
import { gunzipSync } from "node:zlib";

/** Starts a fake ingest server answering reply(request, attempt); 202 for everything by default. */
export function startIngest(reply = defaultReply, port = 0) {
  const requests = [];
  const started = performance.now();
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      let body = Buffer.concat(chunks);
      if (req.headers["content-encoding"] === "gzip") body = gunzipSync(body);
      const parsed = JSON.parse(body.toString("utf8"));
      const request = {
        events: Array.isArray(parsed) ? parsed : parsed.events,
        headers: Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v]),
        ),
        atMs: performance.now() - started,
      };
      requests.push(request);
      const answer = reply(request, requests.length);
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(JSON.stringify(answer.body ?? {}));
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        requests,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

function defaultReply(request) {
  return { status: 202, body: { accepted: request.events.length, rejected: [] } };
}

/** A TCP server that accepts every connection and never reads or writes. */
export function startBlackHole() {
  const sockets = [];
  const server = createTcpServer((socket) => sockets.push(socket));
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        connections: () => sockets.length,
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** A port nothing listens on. */
export function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
