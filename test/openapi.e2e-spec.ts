import * as fs from 'node:fs';
import * as path from 'node:path';
import { MILESTONE_COMMAND_TYPES } from '@app/milestones/labels';
import { openApiFiles } from '../scripts/openapi/openapi-files';
import { startTestApp, type TestApp } from './support/test-app';

describe('OpenAPI at /api/docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('is served without a token and documents every route, body and the bearer scheme', async () => {
    const r = await t.request('GET', '/api/docs/openapi.json', { token: null });
    expect(r.status).toBe(200);
    const doc = r.body;
    expect(doc.components.securitySchemes.token).toMatchObject({ type: 'http', scheme: 'bearer' });
    const paths = Object.keys(doc.paths);
    for (const p of [
      '/api/v1/milestones/{id}/progress',
      '/api/v1/milestones/{id}/delays',
      '/api/v1/milestones/{id}/completion',
      '/api/v1/milestones/{id}/acceptance',
      '/api/v1/milestones/{id}/return',
      '/api/v1/milestones/{id}/rebaseline',
      '/api/v1/milestones/{id}/cancellation',
      '/api/v1/milestones/{id}/history',
      '/api/v1/milestones/{id}/commands',
      '/api/v1/tokens',
      '/api/v1/plans:import',
      '/api/v1/units',
    ]) {
      expect(paths).toContain(p);
    }
    const progress = doc.paths['/api/v1/milestones/{id}/progress'].post;
    expect(progress.requestBody.content['application/json'].schema.$ref).toContain('ReportProgressDto');
    expect(Object.keys(progress.responses)).toEqual(expect.arrayContaining(['200', '403', '409', '422']));
    expect(progress.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['Idempotency-Key', 'If-Match']),
    );
    expect((await t.request('GET', '/api/docs', { token: null })).status).toBe(200);
  });

  it('documents Idempotency-Key and If-Match once on every command, as optional headers', async () => {
    const doc = (await t.request('GET', '/api/docs/openapi.json', { token: null })).body;
    const commands = Object.entries(
      doc.paths as Record<string, { post?: { parameters?: unknown[] } }>,
    ).filter(([p, item]) => p.startsWith('/api/v1/milestones/{id}/') && item.post);
    expect(commands.length).toBe(MILESTONE_COMMAND_TYPES.length);
    for (const [path, item] of commands) {
      const headers = (item.post!.parameters as { name: string; in: string; required?: boolean }[])
        .filter((p) => p.in === 'header')
        .map((p) => [p.name.toLowerCase(), p.required ?? false]);
      expect([path, headers]).toEqual([
        path,
        [
          ['idempotency-key', false],
          ['if-match', false],
        ],
      ]);
    }
  });

  it('is the document kept in docs/openapi.json, and the dashboard types are generated from it', async () => {
    const served = (await t.request('GET', '/api/docs/openapi.json', { token: null })).body as object;
    const root = path.join(__dirname, '..');
    const read = (file: string): string =>
      fs.existsSync(path.join(root, file)) ? fs.readFileSync(path.join(root, file), 'utf8') : '';
    const stale = Object.entries(openApiFiles(served))
      .filter(([file, text]) => read(file) !== text)
      .map(([file]) => `${file} is stale: run \`npm run openapi\``);
    expect(stale).toEqual([]);
  });
});
