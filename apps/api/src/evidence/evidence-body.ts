import { pathOf } from '../http/request-path';

const UPLOAD_PATH = /^\/api\/v1\/evidence\/?$/i;

const EVIDENCE_UPLOAD = Symbol('evidenceUpload');

/**
 * `POST /api/v1/evidence`: its body is a file, streamed to the evidence store by the route itself (any case, as
 * routed). Read from the raw request target, so that the HTTP server's timers can tell it before Fastify.
 */
export function isEvidenceUpload(req: { readonly method?: string; readonly url?: string }): boolean {
  // Decided once per request, by its first asker (the slow-client timer), from the raw target; the body parser
  // after it reads the answer kept on the (raw) request.
  const kept = req as { [EVIDENCE_UPLOAD]?: boolean };
  return (kept[EVIDENCE_UPLOAD] ??= req.method === 'POST' && UPLOAD_PATH.test(pathOf(req.url ?? '')));
}
