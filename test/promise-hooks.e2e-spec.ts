import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '@app/platform';
import type { TestDatabase } from '@app/platform/testing';
import { seededDatabase } from './support/board-warm-up';
import { type RunningService, readyStatus, startService, waitFor } from './support/service-process';

jest.setTimeout(120_000);

const ADMIN = 'e2e-promise-hooks-admin-token-0001';
const M = 'sanqu-2020.T06-2021';
const PROBE = path.join(__dirname, 'support', 'promise-hooks-probe.cjs');

/**
 * An AsyncLocalStorage in use (or any async hook) turns Node 20's promise hooks on for the whole process: every
 * promise of every request pays them (bench/README.md "http": ~0.2 ms of the API's CPU per command). The requests'
 * statement bound needs none (query-scope.ts): a query process (PROCESS_ROLE=api, as docker-compose runs it) serves
 * with them off once its start's work and its warm-up are done.
 */
describe('the API process (PROCESS_ROLE=api) serves requests with promise hooks off', () => {
  let db: TestDatabase;
  let svc: RunningService | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-e2e-hooks-'));
  afterAll(async () => {
    await svc?.stop();
    await db?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** What the probe (support/promise-hooks-probe.cjs) says now. */
  async function hooks(s: RunningService): Promise<string> {
    const before = s.output().length;
    s.child.kill('SIGUSR2');
    let said: string | undefined;
    await waitFor(
      async () => (said = /PROMISE_HOOKS (on|off)/.exec(s.output().slice(before))?.[1]) !== undefined,
      10_000,
      'the probe answering',
    );
    return said!;
  }

  it('after commands and questions, no promise hook is on', async () => {
    db = await seededDatabase();
    const port = await freePort();
    svc = startService({
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      PORT: String(port),
      PROCESS_ROLE: 'api',
      BOOTSTRAP_ADMIN_TOKEN: ADMIN,
      IMPORT_SEED_ON_START: 'false',
      // Added to any inherited options (jest's own, a CI's), the path quoted (a directory with a space).
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(PROBE)}`,
    });
    const s = svc;
    await waitFor(async () => (await readyStatus(s.baseUrl).catch(() => 0)) === 200, 60_000, 'ready');
    const auth = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
    for (let i = 1; i <= 3; i++) {
      const posted = await fetch(`${s.baseUrl}/api/v1/milestones/${M}/progress`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ percent: 10 * i, narrative: `探针 ${i}` }),
      });
      expect(posted.status).toBe(200);
      const listed = await fetch(`${s.baseUrl}/api/v1/milestones`, { headers: auth });
      expect(listed.status).toBe(200);
    }
    expect(await hooks(s)).toBe('off');
  });
});
