import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  /** The status lines of every answer on the connection, in order. */
  readonly statusLines: string[];
  /** The first answer's head and body (split at the first blank line). */
  readonly head: string;
  readonly body: string;
  /** Milliseconds from connecting to the server's closing of the connection. */
  readonly ms: number;
}

/**
 * A raw HTTP/1.1 connection over loopback for requests fetch cannot make (slow, stalled, pipelined): the bytes
 * written as given, everything the server sends collected until it closes the connection (or `limitMs` passes:
 * then the promise rejects, naming what arrived).
 */
export function rawConnection(
  port: number,
  limitMs = 10_000,
): { socket: Socket; answer: Promise<RawAnswer> } {
  const started = Date.now();
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined); // a reset after the answer is the server closing: `close` still comes
  let got = '';
  socket.on('data', (chunk: Buffer) => (got += chunk.toString('utf8')));
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(`the server kept the connection ${limitMs} ms (got ${JSON.stringify(got.slice(0, 300))})`),
      );
    }, limitMs);
    socket.once('close', () => {
      clearTimeout(timer);
      const cut = got.indexOf('\r\n\r\n');
      resolve({
        statusLines: got.match(/HTTP\/1\.1 \d{3} [^\r]*/g) ?? [],
        head: cut < 0 ? got : got.slice(0, cut),
        body: cut < 0 ? '' : got.slice(cut + 4),
        ms: Date.now() - started,
      });
    });
  });
  return { socket, answer };
}

/** Writes `pieces` one every `everyMs` while the connection is open (a slow client); stops when it closes. */
export function trickle(socket: Socket, pieces: Iterable<string | Buffer>, everyMs: number): void {
  const it = pieces[Symbol.iterator]();
  const next = (): void => {
    if (socket.destroyed || socket.writableEnded) return;
    const { value, done } = it.next();
    if (done) return;
    socket.write(value);
    setTimeout(next, everyMs);
  };
  if (socket.connecting) socket.once('connect', next);
  else next();
}

/** `first`, then endless copies of `piece` (for `trickle`). */
export function* forever<T>(piece: T, ...first: T[]): Generator<T> {
  yield* first;
  for (;;) yield piece;
}
