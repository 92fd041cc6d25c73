import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * `POST /api/v1/evidence`: its body is a file, streamed to the evidence store by the route itself (any case, as
 * routed). Read from the raw request target, so that the HTTP server's timers can tell it before Express.
 */
export function isEvidenceUpload(req: { readonly method?: string; readonly url?: string }): boolean {
  return req.method === 'POST' && /^\/api\/v1\/evidence\/?(\?|$)/i.test(req.url ?? '');
}

/** The JSON body handling of every route but the evidence upload (whose body is a file of its own size limit). */
export function exceptEvidenceUpload(handlers: readonly RequestHandler[]): RequestHandler[] {
  return handlers.map(
    (h) =>
      (req: Request, res: Response, next: NextFunction): void =>
        isEvidenceUpload(req) ? next() : void h(req, res, next),
  );
}
