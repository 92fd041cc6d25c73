import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Several middlewares as one: each runs after the one before calls `next()`; an error (`next(err)`) skips the
 * rest, as in Express. One router layer instead of one per middleware: Express walks each layer of the app on
 * every request (a call of its `next`, a path match), so the middlewares every request passes are mounted as one.
 */
export function inOrder(handlers: readonly RequestHandler[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    let i = 0;
    const step = (err?: unknown): void => {
      const handler = handlers[i++];
      if (err || handler === undefined) return next(err);
      // As Express: a rejected promise is an error (a thrown one reaches the layer around this one).
      const ret: unknown = handler(req, res, step);
      if (ret instanceof Promise) ret.catch((e: unknown) => step(e ?? new Error('Rejected promise')));
    };
    step();
  };
}
