import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './support/test-app';

describe('tokens and roles (real HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('requires a token on /api/v1 (401 problem+json) but not on /health', async () => {
    const r = await t.request('GET', '/api/v1/tokens', { token: null });
    expect(r.status).toBe(401);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body).toMatchObject({ status: 401, code: 'TOKEN_REQUIRED', detailZh: '需要有效的访问令牌' });
    expect((await t.request('GET', '/health/live', { token: null })).status).toBe(200);
    expect((await t.request('GET', '/api/v1/tokens', { token: 'pm_not-a-real-token' })).status).toBe(401);
  });

  it('creates a token shown once, stores only its hash, and revocation turns it away', async () => {
    const created = await t.request('POST', '/api/v1/tokens', {
      body: { role: 'viewer', name: '只读-审计组' },
    });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^pm_[A-Za-z0-9_-]{40,}$/);
    const listed = await t.request('GET', '/api/v1/tokens');
    expect(listed.text).not.toContain(created.body.token);
    const mine = listed.body.find((x: { id: string }) => x.id === created.body.id);
    expect(mine).toMatchObject({ name: '只读-审计组', role: 'viewer', revokedAt: null });
    const stored: { token_hash: string }[] = await t.app
      .get(DataSource)
      .query('SELECT token_hash FROM api_tokens WHERE id = $1', [created.body.id]);
    expect(stored[0]!.token_hash).not.toContain(created.body.token);

    expect((await t.request('GET', '/api/v1/audit/verification', { token: created.body.token })).status).toBe(
      200,
    );
    const revoked = await t.request('DELETE', `/api/v1/tokens/${created.body.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect((await t.request('GET', '/api/v1/audit/verification', { token: created.body.token })).status).toBe(
      401,
    );
  });

  it('a viewer may not manage tokens (403 naming the role)', async () => {
    const viewer = await t.request('POST', '/api/v1/tokens', { body: { role: 'viewer', name: 'v' } });
    const r = await t.request('POST', '/api/v1/tokens', {
      token: viewer.body.token,
      body: { role: 'admin', name: 'x' },
    });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('FORBIDDEN_ROLE');
  });

  it('rejects bad token requests with the field named', async () => {
    const noUnit = await t.request('POST', '/api/v1/tokens', { body: { role: 'reporter', name: 'r' } });
    expect(noUnit.status).toBe(400);
    expect(noUnit.body).toMatchObject({ code: 'UNIT_REQUIRED', field: 'unit' });
    const badRole = await t.request('POST', '/api/v1/tokens', { body: { role: 'king', name: 'r' } });
    expect(badRole.status).toBe(400);
    expect(badRole.body.field).toBe('role');
    const extra = await t.request('POST', '/api/v1/tokens', {
      body: { role: 'viewer', name: 'r', isAdmin: true },
    });
    expect(extra.status).toBe(400);
    expect(extra.body.field).toBe('isAdmin');
    const malformed = await t.request('POST', '/api/v1/tokens', { rawBody: '{"role": "viewer",' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('MALFORMED_JSON');
    expect((await t.request('DELETE', '/api/v1/tokens/not-a-uuid')).status).toBe(404);
  });
});
