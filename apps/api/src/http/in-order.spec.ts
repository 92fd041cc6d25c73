import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { inOrder } from './in-order';

/**
 * A real Express app on loopback: three middlewares as one layer, then a route; an error handler answers
 * `error: <message>` and what ran before it.
 */
async function app(): Promise<{ server: Server; get: (path: string) => Promise<string> }> {
  const a = express();
  const ran = (req: Request): string[] => ((req as { ran?: string[] }).ran ??= []);
  a.use(
    inOrder([
      (req, _res, next) => {
        ran(req).push('first');
        next(req.query['fail'] === 'first' ? new Error('first refused') : undefined);
      },
      async (req, _res, next) => {
        ran(req).push('second');
        await Promise.resolve();
        if (req.query['fail'] === 'second') throw new Error('second rejected');
        next();
      },
      (req, _res, next) => {
        ran(req).push('third');
        next();
      },
    ]),
  );
  a.get('/', (req, res) => void res.send(`route after ${ran(req).join(',')}`));
  a.use((err: Error, req: Request, res: Response, _next: NextFunction) => {
    res.status(400).send(`error: ${err.message} after ${ran(req).join(',')}`);
  });
  const server = await new Promise<Server>((resolve) => {
    const s = a.listen(0, '127.0.0.1', () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  return { server, get: async (path) => (await fetch(`http://127.0.0.1:${port}${path}`)).text() };
}

describe('inOrder (middlewares as one layer, real Express)', () => {
  it('runs each after the one before, then the route; an error skips the rest, a rejection is an error', async () => {
    const { server, get } = await app();
    try {
      expect(await get('/')).toBe('route after first,second,third');
      expect(await get('/?fail=first')).toBe('error: first refused after first');
      expect(await get('/?fail=second')).toBe('error: second rejected after first,second');
    } finally {
      server.close();
    }
  });
});
