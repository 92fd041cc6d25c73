import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createTestDataSource } from '@app/platform/testing';
import { testEvent } from '../testing/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';

/** The SQL functions themselves, as a caller outside the store (a script, the CLI, a test) calls them. */
describe('pm_append and pm_append_batch (real PostgreSQL)', () => {
  let ds: DataSource;
  let url: string;
  let close: () => Promise<void>;
  let store: PostgresEventStore;

  beforeEach(async () => {
    const t = await createTestDataSource();
    [ds, url, close] = [t.dataSource, t.db.url, t.close];
    store = new PostgresEventStore(ds);
  });
  afterEach(async () => close());

  const events = (...e: ReturnType<typeof testEvent>[]) => JSON.stringify(e);
  const pmAppend = (stream: string, kind: string, expected: number | null, json: string) =>
    ds.query<{ out_version: number; out_position: string }[]>(
      'SELECT out_version, out_position FROM pm_append($1, $2, $3, $4::jsonb)',
      [stream, kind, expected, json],
    );
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: { code?: string; detail?: string; message: string }) => ({
        code: e.code,
        detail: e.detail,
        message: e.message,
      }),
    );

  it('pm_append returns the version and position, and raises the refusals with their code and DETAIL', async () => {
    const first = testEvent('A');
    expect(await pmAppend('s', 'no_stream', 0, events(first))).toEqual([
      { out_version: 1, out_position: '1' },
    ]);
    expect(await pmAppend('s', 'exact', 1, events(testEvent('B'), testEvent('C')))).toEqual([
      { out_version: 3, out_position: '3' },
    ]);
    expect(await pmAppend('s', 'exact', 0, events(first))).toEqual([{ out_version: 1, out_position: '1' }]); // stored
    expect(await refusal(pmAppend('s', 'exact', 2, events(testEvent())))).toEqual({
      code: 'PM001',
      detail: '3',
      message: 'wrong expected version for stream s',
    });
    expect(await refusal(pmAppend('t', 'any', null, events({ ...first, data: { other: true } })))).toEqual({
      code: 'PM002',
      detail: first.eventId,
      message: 'an event id was already used with other content',
    });
    expect(
      await refusal(pmAppend('t', 'any', null, events({ ...first, eventId: 'not-a-uuid' }))),
    ).toMatchObject({
      code: '22P02',
      detail: undefined,
    });
    expect(await store.verifyChain()).toMatchObject({ ok: true, checked: 3 });
  });

  it("pm_append raises PostgreSQL's own error with every field: a duplicate id in one call names the constraint", async () => {
    const twice = testEvent('A');
    const error = await pmAppend('s', 'any', null, events(twice, twice)).then(
      () => undefined,
      (e: Record<string, unknown>) => e,
    );
    const fields = [
      'code',
      'message',
      'detail',
      'hint',
      'schema',
      'table',
      'column',
      'dataType',
      'constraint',
    ];
    expect(Object.fromEntries(fields.map((f) => [f, error?.[f]]))).toEqual({
      code: '23505',
      message: 'duplicate key value violates unique constraint "events_event_id_uq"',
      detail: `Key (event_id)=(${twice.eventId}) already exists.`,
      hint: undefined,
      schema: 'public',
      table: 'events',
      column: undefined,
      dataType: undefined,
      constraint: 'events_event_id_uq',
    });
    expect(await store.verifyChain()).toMatchObject({ ok: true, checked: 0 });
  });

  it('a batch whose units all failed or only found their events stored wakes no consumer', async () => {
    const kept = testEvent('K');
    await store.append('k', [kept], 'no_stream');
    const listener = new Client({ connectionString: url });
    await listener.connect();
    try {
      let wakes = 0;
      listener.on('notification', () => void (wakes += 1));
      await listener.query('LISTEN pm_events');
      const unit = (...requests: object[]) => JSON.stringify(requests);
      const rows = await ds.query<{ results: unknown; err_state: string | null }[]>(
        'SELECT results, err_state FROM pm_append_batch($1::text[])',
        [
          [
            unit({ streamId: 'k', kind: 'no_stream', expected: 0, events: [kept] }), // stored: its first result
            unit(
              { streamId: 'n', kind: 'no_stream', expected: 0, events: [testEvent()] }, // appended, then undone
              { streamId: 'k', kind: 'exact', expected: 5, events: [testEvent()] },
            ),
          ],
        ],
      );
      expect(rows).toEqual([
        { results: [[1, 1, true]], err_state: null },
        { results: null, err_state: 'PM001' },
      ]);
      await listener.query('SELECT 1'); // (what was notified is delivered by the end of this)
      expect(wakes).toBe(0);
      await store.append('n', [testEvent()], 'no_stream');
      await listener.query('SELECT 1');
      expect(wakes).toBe(1);
      expect(await store.verifyChain()).toMatchObject({ ok: true, checked: 2 });
    } finally {
      await listener.end();
    }
  });

  it('a NULL unit appends nothing and a request without events returns the stream head, as before 1764889941000', async () => {
    await store.append('s', [testEvent(), testEvent()], 'no_stream');
    const rows = await ds.query<{ unit_no: number; results: unknown; err_state: string | null }[]>(
      'SELECT unit_no, results, err_state FROM pm_append_batch($1::text[])',
      [
        [
          null,
          JSON.stringify([{ streamId: 's', kind: 'exact', expected: 2 }]),
          JSON.stringify([{ streamId: 'n', kind: 'any' }]),
        ],
      ],
    );
    expect(rows).toEqual([
      { unit_no: 1, results: [], err_state: null },
      { unit_no: 2, results: [[2, 2, false]], err_state: null },
      { unit_no: 3, results: [[0, 2, false]], err_state: null },
    ]);
    expect(await store.verifyChain()).toMatchObject({ ok: true, checked: 2 });
  });
});
