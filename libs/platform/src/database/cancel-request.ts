import * as net from 'node:net';
import { socketPath } from './unix-socket';

/** A backend to cancel: where its server listens, and the key it gave at connect (BackendKeyData). */
export interface BackendKey {
  /** A host name or address, or a Unix-domain socket directory (starting with `/`), as node-postgres takes it. */
  readonly host: string;
  readonly port: number;
  readonly processID: number | null;
  readonly secretKey: number | null;
}

/** The longest a cancel request may take: connecting to a server that does not answer is given up after it. */
const CANCEL_WITHIN_MS = 5000;
const CANCEL_REQUEST_CODE = 80877102;

/**
 * Asks the server to cancel what `key`'s backend is running: PostgreSQL's CancelRequest, on a new connection of
 * its own (no login, no connection slot: it works even with `max_connections` used up). The key names that one
 * backend alone (a reused pid has another key), so no other session is ever hit. Best-effort: resolves, never
 * rejects, once the server has closed the request's connection, or after `withinMs` (an unreachable server), or
 * at once when the key is unknown. The socket does not keep the process alive.
 */
export function cancelOnServer(key: BackendKey, withinMs = CANCEL_WITHIN_MS): Promise<void> {
  const { host, port, processID, secretKey } = key;
  if (processID === null || secretKey === null || !host || !port) return Promise.resolve();
  return new Promise((resolve) => {
    const socket = host.startsWith('/') ? net.connect(socketPath(host, port)) : net.connect({ host, port });
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    };
    const timer = setTimeout(done, withinMs);
    timer.unref();
    socket.unref();
    socket.on('error', done);
    socket.on('close', done);
    socket.on('connect', () => {
      const packet = Buffer.alloc(16);
      packet.writeInt32BE(16, 0);
      packet.writeInt32BE(CANCEL_REQUEST_CODE, 4);
      packet.writeInt32BE(processID | 0, 8);
      packet.writeInt32BE(secretKey | 0, 12);
      // The server answers nothing: it closes the connection once it has read the request.
      socket.end(packet);
    });
  });
}
