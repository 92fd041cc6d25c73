import * as net from 'node:net';

/** Where the forwarder sends new connections: the server's address as running.json names it now. */
export interface ForwardTarget {
  readonly host: string;
  readonly port: number;
}

export interface Forwarder {
  /** The loopback port the sharing process's URLs name instead of the server's. */
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A loopback TCP forwarder for a process that shares another's embedded server: its URLs name this port, and
 * each new connection goes to the server's address as `target()` gives it at that moment, so when the server
 * comes back on another port the pools and clients of this process follow it by reconnecting (their
 * connections to the old server were lost anyway). A connection the target refuses asks `refresh()` (re-read
 * running.json) and is tried once more at the address it gives; else it is closed, which the client sees as a
 * lost connection (an outage: 503). Bytes pass through unchanged (PostgreSQL's own authentication end to end).
 */
export async function startForwarder(
  target: () => ForwardTarget,
  refresh: () => ForwardTarget,
): Promise<Forwarder> {
  const open = new Set<net.Socket>();
  const connect = (client: net.Socket, to: ForwardTarget, again: boolean): void => {
    const upstream = net.connect(to.port, to.host);
    open.add(upstream);
    upstream.setNoDelay(true);
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    upstream.on('error', () => {
      if (connected || client.destroyed) return;
      const next = refresh();
      if (again && (next.port !== to.port || next.host !== to.host)) connect(client, next, false);
      else client.destroy();
    });
    upstream.on('close', () => {
      open.delete(upstream);
      if (connected) client.destroy();
    });
    client.on('close', () => upstream.destroy());
  };
  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    open.add(client);
    client.setNoDelay(true);
    client.on('error', () => client.destroy());
    client.on('close', () => open.delete(client));
    connect(client, target(), true);
  });
  server.unref();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address !== 'object') throw new Error('forwarder: no port');
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
