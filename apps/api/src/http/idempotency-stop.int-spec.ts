import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { PlanCatalogQueries } from '@app/plans';
import { boundStatementsByDefault, withQueryTimeout } from '@app/platform';
import { IdempotencyService, requestHash } from './idempotency.service';
import { useIdempotencyDatabase } from './testing/idempotency-database';
import { PostgresEventStore } from '@app/event-store';

/** A linger no run outlasts: a held success answer goes only with a claim, or when the stop sends it. */
const TEN_MINUTES = 600_000;
/** DATABASE_QUERY_TIMEOUT_MS of these services (small: a frozen database is told within the test). */
const BOUND_MS = 300;
const hash = requestHash({ stop: true });

/** The stop (beforeApplicationShutdown → answersStored) sends the held answers at once, bounded as requests are. */
describe('IdempotencyService: the stop stores the held answers', () => {
  const db = useIdempotencyDatabase();
  let holder: Client;
  let service: IdempotencyService;

  beforeAll(async () => {
    boundStatementsByDefault(BOUND_MS); // as createApiApp: every statement outside a background scope (requests')
    holder = await db.session();
    const catalog = new PlanCatalogQueries(db.dataSource);
    service = new IdempotencyService(
      db.dataSource,
      db.owner,
      new PostgresEventStore(db.dataSource),
      catalog,
      TEN_MINUTES,
    );
  });

  afterAll(() => boundStatementsByDefault(0));

  const row = async (key: string) => {
    const [r] = await db.dataSource.query<{ status: number | null; response: string | null }[]>(
      `SELECT status, response FROM idempotency_keys WHERE scope = 'stop' AND key = $1`,
      [key],
    );
    return r;
  };
  /** A request: its statements under the requests' default bound, as in the API process. */
  const request = (key: string) =>
    service.run('stop', key, hash, async () => ({ status: 201, body: { key } }));
  /** The stop's `answersStored`, in the unbounded scope the application's close runs in (closeApiApp). */
  const stopping = () => withQueryTimeout(0, () => service.answersStored());
  /** How long `answersStored` took, or 'hung' past 5 s. */
  const stop = async (): Promise<number | 'hung'> => {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<'hung'>((r) => (timer = setTimeout(() => r('hung'), 5_000)));
    const outcome = await Promise.race([stopping().then(() => Date.now() - started), hung]);
    clearTimeout(timer);
    return outcome;
  };

  it('sends a held answer at once, without waiting for its linger', async () => {
    expect(await request('at-once')).toMatchObject({ status: 201, replayed: false });
    expect((await row('at-once'))?.status).toBeNull(); // held for a claim

    expect(await stop()).not.toBe('hung');
    expect(await row('at-once')).toEqual({ status: 201, response: '{"key":"at-once"}' });
  });

  it('gives up a held answer whose row another session holds after DATABASE_QUERY_TIMEOUT_MS, logged', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      expect(await request('locked')).toMatchObject({ status: 201 });
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM idempotency_keys WHERE scope = 'stop' AND key = 'locked' FOR UPDATE`);

      const took = await stop();
      await holder.query('ROLLBACK');
      expect(took).not.toBe('hung');
      expect(took).toBeGreaterThanOrEqual(BOUND_MS - 1);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('Query read timeout'));
      expect((await row('locked'))?.status).toBeNull(); // not stored: its retry runs the command again
    } finally {
      warn.mockRestore();
      await holder.query('ROLLBACK').catch(() => undefined);
    }
  });
});
