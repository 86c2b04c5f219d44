// A TCP proxy on loopback that a test can cut and restore: a real network outage between the
// monitor and its PostgreSQL server.
export interface TcpProxy extends AsyncDisposable {
  port: number;
  /** Closes every connection and stops listening. */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): void;
}

export function startTcpProxy(upstream: { hostname: string; port: number }): TcpProxy {
  let listener: Deno.Listener | undefined;
  const connections = new Set<Deno.Conn>();
  const tasks = new Set<Promise<void>>();
  let port = 0;

  const pipe = async (from: Deno.Conn, to: Deno.Conn) => {
    try {
      await from.readable.pipeTo(to.writable);
    } catch {
      // Either side closed: the other is closed below.
    } finally {
      for (const c of [from, to]) {
        if (connections.delete(c)) {
          try {
            c.close();
          } catch { /* already closed */ }
        }
      }
    }
  };

  const serve = async (l: Deno.Listener) => {
    for await (const client of l) {
      try {
        const server = await Deno.connect(upstream);
        connections.add(client);
        connections.add(server);
        const t = Promise.all([pipe(client, server), pipe(server, client)]).then(() => {});
        tasks.add(t);
        t.finally(() => tasks.delete(t));
      } catch {
        client.close();
      }
    }
  };

  const listen = () => {
    listener = Deno.listen({ hostname: "127.0.0.1", port });
    port = (listener.addr as Deno.NetAddr).port;
    const t = serve(listener);
    tasks.add(t);
    t.finally(() => tasks.delete(t));
  };
  listen();

  const cut = async () => {
    listener?.close();
    listener = undefined;
    for (const c of connections) {
      try {
        c.close();
      } catch { /* already closed */ }
    }
    connections.clear();
    await Promise.allSettled([...tasks]);
  };
  return {
    get port() {
      return port;
    },
    cut,
    restore: listen,
    [Symbol.asyncDispose]: cut,
  };
}
