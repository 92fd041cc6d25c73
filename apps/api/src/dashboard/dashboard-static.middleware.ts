import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as path from 'node:path';
import { Inject, Injectable, type NestMiddleware, RequestMethod } from '@nestjs/common';
import send from '@fastify/send';
import { projectRoot } from '@app/platform';
import { pathOf } from '../http/request-path';
import { weakTag } from '../http/entity-tag';

/** Where `vite build` (apps/dashboard) writes the single-page app. */
export function dashboardDistDir(): string {
  return path.join(projectRoot(), 'apps', 'dashboard', 'dist');
}

/** The folder the middleware serves (a provider, so a test can point it elsewhere). */
export const DASHBOARD_DIST_DIR = Symbol('DASHBOARD_DIST_DIR');

/**
 * The requests the middleware is mounted for: every path, GET (and so HEAD: Nest passes a HEAD to a GET
 * route's middleware), the only methods it answers. Other methods skip its layer without running it (a command's POST).
 */
export const DASHBOARD_ROUTES: { readonly path: string; readonly method: RequestMethod } = {
  path: '*',
  method: RequestMethod.GET,
};

/** Paths the SPA never answers: the API, health probes and the OpenAPI pages stay with Nest. */
const SERVICE_PREFIXES = ['/api/', '/health/'];
const SERVICE_EXACT = new Set(['/api', '/health']);

/**
 * Everything the dashboard loads comes from this service: the policy tells the browser so too
 * (no CDN fonts, scripts or beacons). ECharts sets inline styles, hence 'unsafe-inline' for styles only.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const MISSING_BUILD_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>仪表盘尚未构建 · progress-monitor</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.6;color:#1f2937}
code{background:#f3f4f6;padding:.1rem .3rem;border-radius:.2rem}</style></head>
<body><h1>仪表盘尚未构建</h1>
<p>服务运行正常，但没有找到仪表盘的构建产物（<code>apps/dashboard/dist</code>）。请在项目目录运行
<code>npm run build</code>（或 <code>npx vite build apps/dashboard</code>），然后刷新本页。</p>
<p>The dashboard has not been built (no <code>apps/dashboard/dist/index.html</code>). Run
<code>npm run build</code> in the project folder, then reload. The API is unaffected:
<a href="/api/docs">/api/docs</a>, <a href="/health/ready">/health/ready</a>.</p>
</body></html>
`;

/** The encodings of an Accept-Encoding header with a quality above 0. */
export function acceptedEncodings(header: string): Set<string> {
  const out = new Set<string>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name && (q === undefined || Number(q) > 0)) out.add(name.trim());
  }
  return out;
}

function isServicePath(p: string): boolean {
  return SERVICE_EXACT.has(p) || SERVICE_PREFIXES.some((prefix) => p.startsWith(prefix));
}

/** A raw request as middleware sees it on Fastify (middie keeps the target before any mount path is cut). */
type RawRequest = IncomingMessage & { originalUrl?: string };
type Next = (error?: unknown) => void;

/** The headers a file answer adds: those the route set already stay (the SPA's Cache-Control, a variant's type). */
function writeFile(res: ServerResponse, answer: Awaited<ReturnType<typeof send>>): void {
  for (const [name, value] of Object.entries(answer.headers)) {
    if (!res.hasHeader(name)) res.setHeader(name, value);
  }
  res.statusCode = answer.statusCode;
  answer.stream.pipe(res);
}

/** The Content-Type of a file by its extension, with its charset when it is text. */
function typeOf(file: string): string {
  const type = send.mime.getType(file) ?? 'application/octet-stream';
  return /^text\/|javascript|json/.test(type) ? `${type}; charset=utf-8` : type;
}

/**
 * Serves the dashboard's static files at `/` without a token, with an SPA fallback: any other GET that is
 * not an API, health or asset path gets `index.html` (client-side routes such as `/milestones/<id>`).
 * A missing build gives a page that says how to build it (503), never a crash. Files are sent with
 * `@fastify/send` (ETag, Last-Modified, 304, ranges, HEAD).
 */
@Injectable()
export class DashboardStaticMiddleware implements NestMiddleware {
  private readonly dist: string;

  constructor(@Inject(DASHBOARD_DIST_DIR) dist: string) {
    this.dist = path.resolve(dist);
  }

  /** `<file>.br` or `<file>.gz` when the browser accepts it and the build wrote it. */
  private precompressed(file: string, req: RawRequest): { file: string; encoding: 'br' | 'gzip' } | null {
    const accepted = acceptedEncodings(String(req.headers['accept-encoding'] ?? ''));
    if (accepted.has('br') && fs.existsSync(`${file}.br`)) return { file: `${file}.br`, encoding: 'br' };
    if (accepted.has('gzip') && fs.existsSync(`${file}.gz`)) return { file: `${file}.gz`, encoding: 'gzip' };
    return null;
  }

  /** Sends a file of the build. */
  private sendFile(req: RawRequest, res: ServerResponse, next: Next, file: string, hashed: boolean): void {
    const options = {
      maxAge: hashed ? 365 * 86_400_000 : 0,
      immutable: hashed,
      dotfiles: 'deny' as const,
      contentType: !res.hasHeader('content-type'),
    };
    send(req, encodeURI(file), options).then(
      // Gone meanwhile: the 404. A refused range or precondition: send's own answer (416, 412).
      (answer) => (answer.type === 'error' && answer.statusCode === 404 ? next() : writeFile(res, answer)),
      next,
    );
  }

  use(req: RawRequest, res: ServerResponse, next: Next): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const urlPath = pathOf(req.originalUrl ?? req.url ?? '/');
    if (isServicePath(urlPath)) return next();

    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return next();
    }
    const indexFile = path.join(this.dist, 'index.html');
    if (!fs.existsSync(indexFile)) {
      res.statusCode = 503;
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Content-Length', Buffer.byteLength(MISSING_BUILD_PAGE));
      res.setHeader('ETag', weakTag(MISSING_BUILD_PAGE));
      res.end(req.method === 'HEAD' ? undefined : MISSING_BUILD_PAGE);
      return;
    }
    // A file of the build (never a dotfile, never outside dist/).
    const relative = path.normalize(decoded).replace(/^([/\\])+/, '');
    const file = path.join(this.dist, relative);
    const inside = file.startsWith(this.dist + path.sep);
    if (inside && relative !== 'index.html' && !relative.split(/[/\\]/).some((s) => s.startsWith('.'))) {
      let stat: fs.Stats | undefined;
      try {
        stat = fs.statSync(file);
      } catch {
        stat = undefined;
      }
      if (stat?.isFile()) {
        const hashed = relative.startsWith(`assets${path.sep}`);
        res.setHeader('X-Content-Type-Options', 'nosniff');
        const variant = hashed ? this.precompressed(file, req) : null;
        if (variant) {
          // The build wrote it beside the asset (vite.config.mts): same bytes, compressed.
          res.setHeader('Content-Type', typeOf(file));
          res.setHeader('Content-Encoding', variant.encoding);
          res.setHeader('Vary', 'Accept-Encoding');
        } else if (hashed) {
          res.setHeader('Vary', 'Accept-Encoding');
        }
        this.sendFile(req, res, next, variant?.file ?? file, hashed);
        return;
      }
    }
    // A missing asset is a 404 (problem+json from Nest), not the app's HTML.
    if (relative.startsWith(`assets${path.sep}`)) return next();
    res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cache-Control', 'no-cache');
    this.sendFile(req, res, next, indexFile, false);
  }
}
