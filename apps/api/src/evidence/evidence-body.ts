import type { NextFunction, Request, RequestHandler, Response } from 'express';

const UPLOAD_PATH = /^\/api\/v1\/evidence\/?$/i;

/** The request target's path as Express routes it: also of an absolute-form target, without query or fragment. */
function pathOf(url: string): string {
  if (url.startsWith('/') && !url.startsWith('//') && !url.includes('#')) {
    const query = url.indexOf('?');
    return query < 0 ? url : url.slice(0, query);
  }
  try {
    return new URL(url, 'http://localhost').pathname;
  } catch {
    return url;
  }
}

const EVIDENCE_UPLOAD = Symbol('evidenceUpload');

/**
 * `POST /api/v1/evidence`: its body is a file, streamed to the evidence store by the route itself (any case, as
 * routed). Read from the raw request target, so that the HTTP server's timers can tell it before Express.
 */
export function isEvidenceUpload(req: { readonly method?: string; readonly url?: string }): boolean {
  // Decided once per request, by its first asker (the slow-client timer), from the raw target; the JSON body
  // handlers after it read the answer kept on the request (Express's req is the same object).
  const kept = req as { [EVIDENCE_UPLOAD]?: boolean };
  return (kept[EVIDENCE_UPLOAD] ??= req.method === 'POST' && UPLOAD_PATH.test(pathOf(req.url ?? '')));
}

/** The JSON body handling of every route but the evidence upload (whose body is a file of its own size limit). */
export function exceptEvidenceUpload(handlers: readonly RequestHandler[]): RequestHandler[] {
  return handlers.map(
    (h) =>
      (req: Request, res: Response, next: NextFunction): void =>
        isEvidenceUpload(req) ? next() : void h(req, res, next),
  );
}
