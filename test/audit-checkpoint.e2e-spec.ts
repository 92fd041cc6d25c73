import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from './support/run-cli';
import { startTestApp, type TestApp } from './support/test-app';

describe('signed checkpoints over HTTP (real HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ IMPORT_SEED_ON_START: 'true' });
  });
  afterAll(async () => t.close());

  const tokenFor = async (role: string) =>
    (await t.request('POST', '/api/v1/tokens', { body: { role, name: `${role}-cp` } })).body.token as string;

  it('a supervisor gets a checkpoint the CLI accepts with the public key from the API; a viewer gets 403', async () => {
    const supervisor = await tokenFor('supervisor');
    const r = await t.request('GET', '/api/v1/audit/checkpoint', { token: supervisor });
    expect(r.status).toBe(200);
    const head = await t.request('GET', '/api/v1/audit/verification');
    expect(r.body).toMatchObject({
      format: 'progress-monitor.checkpoint/1',
      algorithm: 'ed25519',
      position: head.body.headPosition,
      headHash: head.body.headHash,
      keyFingerprint: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    const key = await t.request('GET', '/api/v1/audit/checkpoint-key', { token: await tokenFor('viewer') });
    expect(key.status).toBe(200);
    expect(key.body.fingerprint).toBe(r.body.keyFingerprint);

    const file = path.join(t.config.dataDir, 'from-api.json');
    const pub = path.join(t.config.dataDir, 'from-api.pub');
    fs.writeFileSync(file, JSON.stringify(r.body));
    fs.writeFileSync(pub, key.body.pem);
    const cli = await runCli(['events', 'verify', '--against', file, '--public-key', pub], {
      DATABASE_URL: t.db.url,
      DATA_DIR: t.config.dataDir,
    });
    expect(cli.stdout).toContain('OK: the checkpoint');
    expect(cli.code).toBe(0);

    const viewer = await t.request('GET', '/api/v1/audit/checkpoint', { token: await tokenFor('viewer') });
    expect(viewer.status).toBe(403);
    expect(viewer.body.code).toBe('FORBIDDEN_ROLE');
  });
});
