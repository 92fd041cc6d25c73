import { type AppendClaim, deterministicUuid, type NewEvent, PostgresEventStore } from '@app/event-store';
import { PlanCatalogQueries } from '@app/plans';
import { AppError } from '@app/platform';
import { IdempotencyService, requestHash } from './idempotency.service';
import { ReplayedProblem } from './idempotent-replayed';
import { useIdempotencyDatabase } from './testing/idempotency-database';

/**
 * A keyed command whose append claims the key (`run`'s claimWithAppend, PostgreSQL's appends): no statement of its
 * own for the claim nor for its success, and every request still gets what a claim beforehand gave it: its own
 * execution, the first answer replayed, a stored refusal replayed, 422 for another request, the running request's
 * answer.
 */
describe('IdempotencyService: the append claims the key', () => {
  const db = useIdempotencyDatabase();
  let service: IdempotencyService;
  let store: PostgresEventStore;

  beforeAll(() => {
    store = new PostgresEventStore(db.dataSource);
    service = new IdempotencyService(db.dataSource, db.owner, store, new PlanCatalogQueries(db.dataSource));
  });

  const conflict = () =>
    new AppError({ kind: 'conflict', code: 'ALREADY_DONE', message: 'done already', messageZh: '已办结' });
  /** Its id derives from the stream, as a keyed command's event ids derive from its key: a rerun finds it stored. */
  const testEvent = (stream: string, type: string, data: unknown = {}): NewEvent => ({
    eventId: deterministicUuid(`idempotency-append-claims/${stream}`),
    type,
    data,
    metadata: { occurredAt: '2021-03-01T00:00:00.000Z', actor: { system: 'test' } },
  });
  /**
   * A command appending one event to `stream` with the claim it is given, answering the stream's version (replayed:
   * its event found stored), as a milestone command does.
   */
  const appending = (stream: string, runs: string[]) => async (claim: AppendClaim | undefined) => {
    runs.push(claim ? 'claimed by its append' : 'taken over');
    const r = await store.append(stream, [testEvent(stream, 'Done', { stream })], 'any', claim);
    return { status: 200, body: { version: r.version }, replayed: r.alreadyStored };
  };
  const record = async (key: string) => {
    await service.answersStored();
    const rows = await db.dataSource.query<{ status: number | null; response: string | null }[]>(
      `SELECT status, response FROM idempotency_keys WHERE scope = 'ac' AND key = $1`,
      [key],
    );
    return rows[0];
  };
  const events = async (stream: string) =>
    Number(
      (
        await db.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM events WHERE stream_id = $1', [
          stream,
        ])
      )[0]!.n,
    );

  it('runs the first request without a statement of its own; a retry gets its answer and appends nothing', async () => {
    const before = service.writeStats();
    const runs: string[] = [];
    const hash = requestHash({ first: true });
    await expect(service.run('ac', 'first', hash, appending('s-first', runs), true)).resolves.toEqual({
      status: 200,
      body: { version: 1 },
      replayed: false,
    });
    // The record its append wrote: the key's request, no owner, no answer (a recorded command, not a running one).
    expect(await record('first')).toEqual({ status: null, response: null });
    expect(service.writeStats().batches - before.batches).toBe(0);

    // The retry runs its command (it reads nothing first); its append finds the key claimed and appends nothing;
    // the record unanswered and ownerless, the retry takes it over and runs again: its event found, the first
    // answer, which is stored now.
    await expect(service.run('ac', 'first', hash, appending('s-first', runs), true)).resolves.toEqual({
      status: 200,
      body: { version: 1 },
      replayed: true,
    });
    expect(runs).toEqual(['claimed by its append', 'claimed by its append', 'taken over']);
    expect(await events('s-first')).toBe(1);
    expect(await record('first')).toEqual({ status: 200, response: '{"version":1}' });
    // Another request under the key: 422, nothing appended.
    await expect(
      service.run('ac', 'first', requestHash({ other: true }), appending('s-other', runs), true),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await events('s-other')).toBe(0);
  });

  it('stores a refusal decided before the append, and replays it to a retry that would now succeed', async () => {
    const hash = requestHash({ refused: true });
    await expect(
      service.run('ac', 'refused', hash, () => Promise.reject(conflict()), true),
    ).rejects.toMatchObject({ code: 'ALREADY_DONE' });
    expect(await record('refused')).toMatchObject({ status: 409 });

    const runs: string[] = [];
    const retry = service.run('ac', 'refused', hash, appending('s-refused', runs), true);
    await expect(retry).rejects.toBeInstanceOf(ReplayedProblem);
    await expect(retry).rejects.toMatchObject({ code: 'ALREADY_DONE' });
    expect(await events('s-refused')).toBe(0);
    // A refusal under a key recorded by another request: 422, and the record stays as it was.
    await service.run('ac', 'ok', requestHash({ ok: 1 }), appending('s-ok', []), true);
    await expect(
      service.run('ac', 'ok', requestHash({ ok: 2 }), () => Promise.reject(conflict()), true),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await record('ok')).toEqual({ status: null, response: null });
  });

  it('a concurrent duplicate waits for the running request and gets its answer', async () => {
    const hash = requestHash({ concurrent: true });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = service.run(
      'ac',
      'concurrent',
      hash,
      async (claim) => {
        const r = await store.append(
          's-concurrent',
          [testEvent('s-concurrent', 'Done', { stream: 's-concurrent' })],
          'any',
          claim,
        );
        await gate; // appended and claimed; its answer not given yet
        return { status: 200, body: { version: r.version } };
      },
      true,
    );
    await new Promise((r) => setTimeout(r, 100));
    const runs: string[] = [];
    const duplicate = service.run('ac', 'concurrent', hash, appending('s-concurrent', runs), true);
    await new Promise((r) => setTimeout(r, 100));
    release();
    await expect(first).resolves.toMatchObject({ body: { version: 1 }, replayed: false });
    await expect(duplicate).resolves.toEqual({ status: 200, body: { version: 1 }, replayed: true });
    expect(await events('s-concurrent')).toBe(1);
  });

  it('a server error of the command leaves the key free: the retry runs it', async () => {
    const hash = requestHash({ failing: true });
    await expect(
      service.run('ac', 'failing', hash, () => Promise.reject(new Error('boom')), true),
    ).rejects.toThrow('boom');
    expect(await record('failing')).toBeUndefined();
    await expect(service.run('ac', 'failing', hash, appending('s-failing', []), true)).resolves.toMatchObject(
      {
        replayed: false,
      },
    );
  });
});
