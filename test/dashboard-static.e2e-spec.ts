import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import {
  Controller,
  Get,
  type INestApplication,
  type MiddlewareConsumer,
  Module,
  type NestModule,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import {
  DASHBOARD_DIST_DIR,
  DASHBOARD_ROUTES,
  DashboardStaticMiddleware,
} from '../apps/api/src/dashboard/dashboard-static.middleware';
import { ProblemDetailsFilter } from '../apps/api/src/http/problem-details.filter';

/**
 * The dashboard's static serving over real HTTP, on a dist folder of the test's own (so the missing-build page
 * can be shown without touching the real build): files without a token, the SPA fallback for client routes,
 * API and health routes left alone, a missing asset is a 404, nothing outside the folder is served.
 */
@Controller()
class ProbeController {
  @Get('api/v1/probe')
  probe(): { ok: true } {
    return { ok: true };
  }
  @Get('health/live')
  live(): { status: string } {
    return { status: 'ok' };
  }
}

function moduleFor(dist: string) {
  @Module({
    controllers: [ProbeController],
    providers: [DashboardStaticMiddleware, { provide: DASHBOARD_DIST_DIR, useValue: dist }],
  })
  class StaticTestModule implements NestModule {
    configure(consumer: MiddlewareConsumer): void {
      consumer.apply(DashboardStaticMiddleware).forRoutes(DASHBOARD_ROUTES);
    }
  }
  return StaticTestModule;
}

describe('dashboard static files', () => {
  let dir: string;
  let dist: string;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-dash-'));
    dist = path.join(dir, 'dist');
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'outside the build');
    app = await NestFactory.create(moduleFor(dist), new FastifyAdapter(), { logger: false });
    app.useGlobalFilters(new ProblemDetailsFilter());
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('without a build: a page that says how to build it (503), and the API still answers', async () => {
    const r = await fetch(`${base}/`);
    expect(r.status).toBe(503);
    expect(r.headers.get('content-type')).toContain('text/html');
    const html = await r.text();
    expect(html).toContain('仪表盘尚未构建');
    expect(html).toContain('npm run build');
    expect((await fetch(`${base}/api/v1/probe`)).status).toBe(200);
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
  });

  it('with a build: files, the SPA fallback for client routes, 404 for a missing asset, nothing outside dist', async () => {
    fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="app"></div>');
    fs.writeFileSync(path.join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dist, '.hidden'), 'no');

    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<div id="app">');
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(index.headers.get('cache-control')).toBe('no-cache');

    // HEAD as GET, without the body (a link checker, a proxy's probe).
    const head = await fetch(`${base}/milestones/x`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-security-policy')).toContain("default-src 'self'");
    const headAsset = await fetch(`${base}/assets/app-abc123.js`, { method: 'HEAD' });
    expect([headAsset.status, headAsset.headers.get('cache-control')]).toEqual([
      200,
      expect.stringContaining('immutable'),
    ]);

    const asset = await fetch(`${base}/assets/app-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');

    // The build's precompressed copy, to a browser that takes it; the plain file otherwise.
    fs.writeFileSync(
      path.join(dist, 'assets', 'app-abc123.js.br'),
      zlib.brotliCompressSync('console.log(1)'),
    );
    const br = await fetch(`${base}/assets/app-abc123.js`, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('content-type')).toContain('javascript');
    expect(br.headers.get('vary')).toContain('Accept-Encoding');
    expect(await br.text()).toBe('console.log(1)');
    const plain = await fetch(`${base}/assets/app-abc123.js`, { headers: { 'accept-encoding': 'br;q=0' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe('console.log(1)');

    for (const route of ['/milestones/sanqu-2020.T05-2021', '/rollups?by=units', '/retrospective/2021']) {
      const r = await fetch(`${base}${route}`);
      expect(r.status).toBe(200);
      expect(await r.text()).toContain('<div id="app">');
    }

    const missing = await fetch(`${base}/assets/nope.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    const api = await fetch(`${base}/api/v1/nope`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    expect(await (await fetch(`${base}/api/v1/probe`)).json()).toEqual({ ok: true });

    for (const sneaky of [
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/.hidden',
    ]) {
      const r = await fetch(`${base}${sneaky}`);
      expect(await r.text()).not.toContain('outside the build');
      expect(await (await fetch(`${base}${sneaky}`)).text()).not.toBe('no');
    }
    const post = await fetch(`${base}/`, { method: 'POST' });
    expect(post.status).toBe(404);
  });
});
