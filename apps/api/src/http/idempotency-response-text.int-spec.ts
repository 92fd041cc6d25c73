import { PlanCatalogQueries } from '@app/plans';
import { migrationNamed, MIGRATIONS } from '@app/platform/testing';
import { ReplayedProblem } from './idempotent-replayed';
import { IdempotencyService, requestHash } from './idempotency.service';
import { useIdempotencyDatabase } from './testing/idempotency-database';
import { PostgresEventStore } from '@app/event-store';

const hash = requestHash({ old: true });
const nothingRuns = async (): Promise<never> => {
  throw new Error('a stored answer is replayed, not run again');
};

/**
 * Migration 1764890000000: the stored answer becomes text (kept as written, replayed byte for byte). Answers stored
 * before (jsonb) stay readable and replay as they did; down and up again keep them.
 */
describe('migration 1764890000000: Idempotency-Key answers as text (real PostgreSQL)', () => {
  // The migrations before it: the answers' column still jsonb.
  const db = useIdempotencyDatabase({
    migrations: MIGRATIONS.filter((m) => m.name.slice(-13) < '1764890000000'),
  });

  const columnType = async () =>
    (
      await db.dataSource.query<{ t: string }[]>(
        `SELECT data_type AS t FROM information_schema.columns
          WHERE table_name = 'idempotency_keys' AND column_name = 'response'`,
      )
    )[0]?.t;
  const stored = async (key: string) =>
    (
      await db.dataSource.query<{ r: string }[]>(
        `SELECT response::text AS r FROM idempotency_keys WHERE key = $1`,
        [key],
      )
    )[0]?.r;

  it('keeps the answers stored as jsonb, replayed as before; stores new ones as written', async () => {
    // Two answers stored before: a success and a refusal (its ErrorInit), as the jsonb column kept them.
    await db.dataSource.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, status, response, completed_at)
       VALUES ('old', 'ok', $1, 200, '{"milestoneId": "m-1", "version": 3, "position": 7}'::jsonb, now()),
              ('old', 'refused', $1, 409, $2::jsonb, now())`,
      [
        hash,
        JSON.stringify({
          kind: 'conflict',
          code: 'WRONG_EXPECTED_VERSION',
          message: 'Stream m-1 is at version 3, not 999',
          messageZh: '数据已被他人修改',
          details: { streamId: 'm-1', expectedVersion: 999, currentVersion: 3, position: 7 },
        }),
      ],
    );
    const jsonbText = await stored('ok');
    const Migration = migrationNamed('IdempotencyResponseText1764890000000');
    const migration = new Migration();
    const q = db.dataSource.createQueryRunner();
    try {
      await migration.up(q);
      expect(await columnType()).toBe('text');
      expect(await stored('ok')).toBe(jsonbText); // jsonb's own text of it, as it replayed

      const service = new IdempotencyService(
        db.dataSource,
        db.owner,
        new PostgresEventStore(db.dataSource),
        new PlanCatalogQueries(db.dataSource),
      );
      await expect(service.run('old', 'ok', hash, nothingRuns)).resolves.toEqual({
        status: 200,
        body: { milestoneId: 'm-1', version: 3, position: 7 },
        replayed: true,
      });
      const refusal = await service.run('old', 'refused', hash, nothingRuns).catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(ReplayedProblem);
      expect(refusal).toMatchObject({
        code: 'WRONG_EXPECTED_VERSION',
        details: { streamId: 'm-1', expectedVersion: 999, currentVersion: 3, position: 7 },
      });

      // A new answer: its text as written, keys in their order (jsonb would put `b` before `aa`).
      const body = { zz: 1, aa: [1.5, 'x'], b: { y: true, x: null } };
      await service.run('new', 'k', hash, async () => ({ status: 201, body }));
      await service.answersStored();
      expect(await stored('k')).toBe(JSON.stringify(body));
      const again = await service.run('new', 'k', hash, nothingRuns);
      expect(JSON.stringify(again.body)).toBe(JSON.stringify(body));

      // Down (jsonb again) and up keep every answer readable.
      await migration.down(q);
      expect(await columnType()).toBe('jsonb');
      await migration.up(q);
      await expect(service.run('old', 'ok', hash, nothingRuns)).resolves.toMatchObject({ status: 200 });
      await expect(service.run('new', 'k', hash, nothingRuns)).resolves.toMatchObject({ body });
    } finally {
      await q.release();
    }
  });
});
