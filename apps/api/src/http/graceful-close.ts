import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

interface Connections {
  /** Each open connection with the responses it owes (more than one when requests are pipelined). */
  readonly owed: Map<Socket, Set<ServerResponse>>;
  draining: boolean;
}

const tracked = new WeakMap<Server, Connections>();

/** Follows the server's connections and their requests, for `drainHttp`. Call before `listen`. */
export function trackConnections(server: Server): void {
  const c: Connections = { owed: new Map(), draining: false };
  tracked.set(server, c);
  server.on('connection', (socket: Socket) => {
    c.owed.set(socket, new Set());
    socket.once('close', () => c.owed.delete(socket));
  });
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    const owed = c.owed.get(socket) ?? new Set<ServerResponse>();
    c.owed.set(socket, owed);
    owed.add(res);
    if (c.draining) res.setHeader('Connection', 'close');
    res.once('close', () => {
      owed.delete(res);
      // A keep-alive answer that began before the drain: the connection is idle now, so it ends.
      if (c.draining && owed.size === 0) socket.end();
    });
  });
}

/**
 * Stops an HTTP server in bounded time: it stops accepting at once; connections owing no answer (idle keep-alive,
 * a request still arriving: nothing of it acknowledged) are closed at once; the requests in flight are answered
 * with `Connection: close` (and the connection then closed) for up to `graceMs`; then every connection left is
 * closed. A request cut off then may or may not have been recorded: its Idempotency-Key retry tells.
 */
export async function drainHttp(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => {
    if (!server.listening) resolve();
    server.close(() => resolve());
  });
  const c = tracked.get(server);
  if (c) {
    c.draining = true;
    for (const [socket, owed] of c.owed) {
      if (owed.size === 0) socket.destroy();
      for (const res of owed) if (!res.headersSent) res.setHeader('Connection', 'close');
    }
  } else {
    server.closeIdleConnections();
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([closed, new Promise((r) => (timer = setTimeout(r, graceMs)))]);
  clearTimeout(timer);
  server.closeAllConnections();
  for (const socket of c?.owed.keys() ?? []) socket.destroy();
  await closed;
}
