import type { ServerResponse } from 'node:http';
import { DASHBOARD_CSP } from '../dashboard/dashboard-static.middleware';

/** JSON, CSV and problem documents: nothing in them may load, run or be framed. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Swagger UI (/api/docs): its scripts, styles and the OpenAPI JSON come from this service; it writes inline
 * styles and data: images (icons); no framing, no other origin.
 */
export const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const COMMON: readonly [string, string][] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  ['X-Frame-Options', 'DENY'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()'],
];

/** The Content-Security-Policy for a path: the docs, the API and health, or the dashboard. */
export function cspFor(path: string): string {
  const p = path.toLowerCase();
  if (p === '/api/docs' || p.startsWith('/api/docs/')) return DOCS_CSP;
  if (p === '/api' || p.startsWith('/api/') || p === '/health' || p.startsWith('/health/')) return API_CSP;
  return DASHBOARD_CSP;
}

/**
 * Security headers on every response to a request of this path (written here rather than with helmet: a handful of
 * fixed values), on the Node response: every answer carries them, Fastify's and those written to it directly.
 */
export function securityHeaders(path: string, res: ServerResponse): void {
  for (const [name, value] of COMMON) res.setHeader(name, value);
  res.setHeader('Content-Security-Policy', cspFor(path));
}
