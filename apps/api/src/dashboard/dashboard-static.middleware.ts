import * as fs from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable, type NestMiddleware, RequestMethod } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { projectRoot } from '@app/platform';

/** Where `vite build` (apps/dashboard) writes the single-page app. */
export function dashboardDistDir(): string {
  return path.join(projectRoot(), 'apps', 'dashboard', 'dist');
}

/** The folder the middleware serves (a provider, so a test can point it elsewhere). */
export const DASHBOARD_DIST_DIR = Symbol('DASHBOARD_DIST_DIR');

/**
 * The requests the middleware is mounted for: every path, GET (and so HEAD: Express and Nest pass a HEAD to a GET
 * route), the only methods it answers. Other methods skip its layer without running it (a command's POST).
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

/**
 * Serves the dashboard's static files at `/` without a token, with an SPA fallback: any other GET that is
 * not an API, health or asset path gets `index.html` (client-side routes such as `/milestones/<id>`).
 * A missing build gives a page that says how to build it (503), never a crash.
 */
@Injectable()
export class DashboardStaticMiddleware implements NestMiddleware {
  private readonly dist: string;

  constructor(@Inject(DASHBOARD_DIST_DIR) dist: string) {
    this.dist = path.resolve(dist);
  }

  /** `<file>.br` or `<file>.gz` when the browser accepts it and the build wrote it. */
  private precompressed(file: string, req: Request): { file: string; encoding: 'br' | 'gzip' } | null {
    const accepted = acceptedEncodings(String(req.headers['accept-encoding'] ?? ''));
    if (accepted.has('br') && fs.existsSync(`${file}.br`)) return { file: `${file}.br`, encoding: 'br' };
    if (accepted.has('gzip') && fs.existsSync(`${file}.gz`)) return { file: `${file}.gz`, encoding: 'gzip' };
    return null;
  }

  use(req: Request, res: Response, next: NextFunction): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const urlPath = req.path;
    if (isServicePath(urlPath)) return next();

    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return next();
    }
    const indexFile = path.join(this.dist, 'index.html');
    if (!fs.existsSync(indexFile)) {
      res
        .status(503)
        .type('text/html; charset=utf-8')
        .setHeader('Cache-Control', 'no-store')
        .send(MISSING_BUILD_PAGE);
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
          res.type(path.extname(file));
          res.setHeader('Content-Encoding', variant.encoding);
          res.setHeader('Vary', 'Accept-Encoding');
        } else if (hashed) {
          res.setHeader('Vary', 'Accept-Encoding');
        }
        res.sendFile(variant?.file ?? file, {
          maxAge: hashed ? 365 * 86_400_000 : 0,
          immutable: hashed,
          dotfiles: 'deny',
        });
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
    res.sendFile(indexFile);
  }
}
