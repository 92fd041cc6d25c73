import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '@app/platform';
import {
  mountSmallDisk,
  type SmallDisk,
  smallDiskUnavailable,
  startFreshWalSegment,
} from './support/disk-full';
import { controllablePostgres } from './support/pg-server';
import { waitFor } from './support/service-process';
import { startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(240_000);

const cannot = smallDiskUnavailable();
const SEED = fs.readFileSync(path.join(projectRoot(), 'seeds/jiangmen-sanqu-2020-2022.txt'), 'utf8');

async function fillAndFree(app: TestApp, disk: SmallDisk): Promise<void> {
  const ready = async () => app.request('GET', '/health/ready', { token: null });
  await waitFor(async () => (await ready()).status === 200, 60_000, 'ready');

  await startFreshWalSegment(app.db.url);
  disk.fill();
  expect(disk.freeBytes()).toBeLessThan(8192); // less than a block: no table can grow
  // Importing the plan writes ~100 events: the events table needs new blocks, which a full disk refuses.
  const refused = await app.request('POST', '/api/v1/plans:import', { body: { document: SEED } });
  expect({ status: refused.status, body: refused.body }).toMatchObject({
    status: 503,
    body: { code: 'DATABASE_UNAVAILABLE', reason: 'disk_full' },
  });
  expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  const notReady = await ready();
  expect({ status: notReady.status, body: notReady.body }).toEqual({
    status: 503,
    body: { status: 'not_ready', database: 'up', reason: 'disk_full' },
  });
  // Reads still work meanwhile, and nothing of the refused import was written.
  expect((await app.request('GET', '/api/v1/plans')).status).toBe(200);
  expect((await app.request('GET', '/api/v1/audit/verification')).body).toMatchObject({ checked: 0 });

  disk.release();
  await waitFor(async () => (await ready()).status === 200, 60_000, 'ready once space is freed');
  const imported = await app.request('POST', '/api/v1/plans:import', { body: { document: SEED } });
  expect(imported.status).toBeLessThan(300);
  expect((await app.request('GET', '/api/v1/audit/verification')).body).toMatchObject({ ok: true });
}

describe('a full disk under the database', () => {
  // Skipped only where no small filesystem can be mounted; the reason is in the test's name.
  (cannot === undefined ? it : it.skip)(
    `writes answer 503 problem+json with Retry-After and readiness says 503 while the disk is full; both recover once space is freed${cannot ? ` (skipped: ${cannot})` : ''}`,
    async () => {
      const disk = mountSmallDisk(160);
      try {
        const pg = controllablePostgres(path.join(disk.dir, 'pg'), 'progress_monitor_disk_test');
        try {
          const t = await startTestApp({}, { serverUrl: await pg.start() });
          try {
            await fillAndFree(t, disk);
          } finally {
            await t.close();
          }
        } finally {
          await pg.close();
        }
      } finally {
        disk.close();
      }
    },
  );
});
