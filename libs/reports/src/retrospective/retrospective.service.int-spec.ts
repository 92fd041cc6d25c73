import type { DataSource } from 'typeorm';
import { newEventId, PostgresEventStore } from '@app/event-store';
import { milestoneStreamId, standingStreamId } from '@app/milestones';
import { FixedClock } from '@app/platform';
import { createTestDataSource } from '@app/platform/testing';
import { planStreamId } from '@app/plans';
import {
  installDatabaseClock,
  SAMPLE_PLAN,
  sampleAlerts,
  sampleClosingV1,
  sampleReview,
  sampleStanding,
  sampleStreams,
  type DatabaseClock,
} from '@app/reports/testing';
import { CloseYearService } from '../close-year/close-year.service';
import { RetrospectiveService } from './retrospective.service';

const HEALTH = { redBelow: 0.85, amberBelow: 0.95, amberDueWithinWorkingDays: 10, reportCadenceDays: 31 };

describe('RetrospectiveService on PostgreSQL', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let store: PostgresEventStore;
  let dbClock: DatabaseClock;
  const clock = new FixedClock('2026-03-01T00:00:00Z');
  let service: RetrospectiveService;

  beforeAll(async () => {
    const t = await createTestDataSource();
    ds = t.dataSource;
    close = t.close;
    store = new PostgresEventStore(ds);
    dbClock = await installDatabaseClock(t.db.url);
    service = new RetrospectiveService(store, clock, { health: HEALTH });
  });
  afterAll(async () => {
    await dbClock.close();
    await close();
  });

  it('no plan imported → 404 NO_PLAN_IMPORTED, not an empty review', async () => {
    await expect(service.build({ year: 2021 })).rejects.toMatchObject({
      kind: 'not_found',
      code: 'NO_PLAN_IMPORTED',
    });
  });

  it('computes from the event log what the pure builder computes, whatever the page size', async () => {
    await dbClock.set('2020-01-02T00:00:00Z');
    const model = {
      zones: [
        {
          name: '都市核心区',
          districts: [
            { name: '蓬江区', towns: [] },
            { name: '新会区', towns: [] },
          ],
          policyExtensionTowns: [],
        },
        {
          name: '大广海湾区',
          districts: [
            { name: '新会区', towns: [] },
            { name: '台山市', towns: [] },
          ],
          policyExtensionTowns: [],
        },
      ],
      units: SAMPLE_PLAN.units.map((u) => ({ ...u, kind: 'city-department', aliases: [] })),
      sections: SAMPLE_PLAN.sections.map((s) => ({ ...s, zone: null })),
      tasks: [{ no: 1, milestones: [{ period: { from: 2020, to: 2022 } }] }],
    };
    await store.append(
      planStreamId('sample'),
      [
        {
          eventId: newEventId(),
          type: 'PlanImported',
          data: { planKey: 'sample', title: '示例计划', model },
          metadata: { occurredAt: '2020-01-02T00:00:00Z' },
        },
      ],
      'no_stream',
    );
    // Alerts first (in time order), then the milestone streams, each event recorded when it happened.
    for (const a of sampleAlerts()) {
      await dbClock.set(new Date(a.occurredMs));
      await store.append(
        a.streamId,
        [
          {
            eventId: newEventId(),
            type: a.type,
            data: a.data,
            metadata: { occurredAt: new Date(a.occurredMs).toISOString() },
          },
        ],
        'any',
      );
    }
    for (const stream of sampleStreams()) {
      const first = stream[0]!.event;
      const id = first.type === 'MilestonePlanned' ? first.data.milestoneId : '';
      for (const e of stream) {
        await dbClock.set(new Date(e.recordedMs));
        await store.append(
          milestoneStreamId(id),
          [
            {
              eventId: newEventId(),
              type: e.event.type,
              data: e.event.data,
              metadata: { occurredAt: e.event.occurredAt, ...(e.actor ? { actor: e.actor } : {}) },
            },
          ],
          'any',
        );
      }
    }
    for (const e of sampleStanding()) {
      await dbClock.set(e.occurredAt);
      await store.append(
        standingStreamId('sample.T01-S1'),
        [{ eventId: newEventId(), type: e.type, data: e.data, metadata: { occurredAt: e.occurredAt } }],
        'any',
      );
    }
    const head = await store.headPosition();
    const expected = sampleReview({ closed: false });
    service.pageSize = 5000;
    const big = await service.build({ year: 2021 });
    service.pageSize = 2;
    const small = await service.build({ year: 2021 });
    expect(JSON.stringify(small)).toBe(JSON.stringify(big));
    // Recorded before the 2021 year end: everything but the last event (甲局's standing report of 2022-02-01).
    expect(big).toEqual({
      ...expected,
      position: head,
      yearEnd: { ...expected.yearEnd, position: head - 1 },
    });
  });

  it('position: a later run at an earlier position gives exactly the earlier content', async () => {
    const before = await service.build({ year: 2021 });
    await dbClock.set('2021-12-20T02:00:00Z');
    await store.append(
      milestoneStreamId('sample.T05-2021'),
      [
        {
          eventId: newEventId(),
          type: 'ProgressReported',
          data: { percent: 20, narrative: '启动' },
          metadata: { occurredAt: '2021-12-20T02:00:00Z', actor: { unit: 'u-c', role: 'reporter' } },
        },
      ],
      'any',
    );
    const after = await service.build({ year: 2021 });
    expect(after.milestones[4]!.outcome).toBe('partly_met');
    const replay = await service.build({ year: 2021, position: before.position });
    expect(JSON.stringify(replay)).toBe(JSON.stringify(before));
    await expect(service.build({ year: 2021, position: after.position + 1 })).rejects.toMatchObject({
      code: 'POSITION_BEYOND_HEAD',
      field: 'position',
    });
  });

  it('knownAt: only reports recorded by then; the review says which position that was', async () => {
    const r = await service.build({ year: 2021, knownAt: new Date('2021-08-01T00:00:00Z') });
    expect(r.knownAt).toBe('2021-08-01T00:00:00.000Z');
    expect(r.milestones.map((m) => m.outcome)).toEqual([
      'not_due',
      'met_late',
      'not_due',
      'cancelled',
      'not_due',
    ]);
    expect(r.provisional).toBe(true);
    expect(r.asOf).toBe('2021-08-01');
    expect(r.alerts.raised).toBe(3);
    const rows = await ds.query<{ p: string }[]>(
      `SELECT max(global_position) AS p FROM events WHERE recorded_at <= '2021-08-01T00:00:00Z'`,
    );
    expect(r.knownAtPosition).toBe(Number(rows[0]!.p));
  });

  it('a year is valid while a milestone is due in it: 2023 after a re-baseline into it; 2031 names the valid years', async () => {
    await expect(service.build({ year: 2023 })).rejects.toMatchObject({
      code: 'YEAR_OUT_OF_RANGE',
      details: { validYears: [2020, 2021, 2022] },
    });
    await expect(service.build({ year: 2019 })).rejects.toMatchObject({
      kind: 'validation',
      code: 'YEAR_OUT_OF_RANGE',
      field: 'year',
      details: { from: 2020, to: 2022 },
    });
    // The 2020–2022 range (sample.T06) is moved to 2023-03-31 while still open.
    await dbClock.set('2022-12-20T02:00:00Z');
    await store.append(
      milestoneStreamId('sample.T06-2020-2022'),
      [
        {
          eventId: newEventId(),
          type: 'DueDateRebaselined',
          data: { newDueDate: '2023-03-31', previousDueDate: '2022-12-31', reason: '跨年完成' },
          metadata: { occurredAt: '2022-12-20T02:00:00Z', actor: { role: 'supervisor' } },
        },
      ],
      'any',
    );
    const y2023 = await service.build({ year: 2023 });
    expect(y2023.milestones.map((m) => [m.milestoneId, m.carriedOver, m.dueDate, m.outcome])).toEqual([
      ['sample.T06-2020-2022', true, '2023-03-31', 'partly_met'],
    ]);
    const error = await service.build({ year: 2031 }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'validation',
      code: 'YEAR_OUT_OF_RANGE',
      field: 'year',
      details: { validYears: [2020, 2021, 2022, 2023], from: 2020, to: 2023 },
      messageZh: '2031 年没有到期的里程碑，可回顾的年度：2020–2023',
    });
  });

  it('closing the books records YearClosed once; the review shows the closed figures and changes since', async () => {
    await dbClock.set('2022-01-03T02:00:00Z');
    const closing = new CloseYearService(store, service, clock);
    const closed = await closing.close({
      year: 2021,
      planKey: null,
      note: '年度结账',
      actor: { tokenName: '督查室', role: 'supervisor' },
    });
    expect(closed).toMatchObject({ planKey: 'sample', year: 2021, streamId: 'year-sample-2021' });
    await expect(
      closing.close({ year: 2021, planKey: null, note: null, actor: { role: 'supervisor' } }),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'YEAR_ALREADY_CLOSED' });
    const notOver = new CloseYearService(store, service, new FixedClock('2022-06-01T00:00:00Z'));
    await expect(
      notOver.close({ year: 2022, planKey: null, note: null, actor: { role: 'supervisor' } }),
    ).rejects.toMatchObject({ kind: 'unprocessable', code: 'YEAR_NOT_ENDED' });

    await dbClock.set('2022-01-05T02:00:00Z');
    await store.append(
      milestoneStreamId('sample.T05-2021'),
      [
        {
          eventId: newEventId(),
          type: 'CompletionSubmitted',
          data: { completedOn: '2021-12-30', narrative: '完成', evidence: [] },
          metadata: { occurredAt: '2022-01-05T02:00:00Z', actor: { unit: 'u-c', role: 'reporter' } },
        },
      ],
      'any',
    );
    const r = await service.build({ year: 2021 });
    expect(r.closing).toMatchObject({
      closedBy: '督查室（督查室）',
      note: '年度结账',
      position: closed.figuresPosition,
      eventPosition: closed.position,
      totals: { counts: { partly_met: 1 } },
    });
    expect(r.closing!.changes.map((c) => [c.milestoneId, c.from, c.to])).toEqual([
      ['sample.T05-2021', 'partly_met', 'awaiting_verification'],
    ]);
    expect(r.yearEnd.changes.map((c) => [c.milestoneId, c.from, c.to])).toEqual([
      ['sample.T05-2021', 'partly_met', 'awaiting_verification'],
    ]);
    expect(r.yearEnd.lateReports.map((l) => [l.milestoneId, l.type])).toEqual([
      ['sample.T05-2021', 'CompletionSubmitted'],
    ]);
    // As known before the closing, the year was not closed.
    expect(
      (await service.build({ year: 2021, knownAt: new Date('2022-01-02T00:00:00Z') })).closing,
    ).toBeNull();
  });

  it('reads a YearClosed recorded by the first version (onTimeRate, milestones, zone key ""), upcast', async () => {
    await dbClock.set('2022-02-01T02:00:00Z');
    await store.append(
      'year-sample-2020',
      [
        {
          eventId: newEventId(),
          type: 'YearClosed',
          data: { ...sampleClosingV1(), year: 2020 },
          metadata: {
            occurredAt: '2021-01-05T02:00:00Z',
            actor: { tokenName: '督查室', role: 'supervisor' },
          },
        },
      ],
      'no_stream',
    );
    const r = await service.build({ year: 2020 });
    expect(r.closing).toMatchObject({
      totals: { counted: 'milestones', total: 6, judged: 5, metOnTimeRate: 0 },
      assignmentTotals: null,
      rollups: { zone: [{ key: '全市', label: '全市', total: 6, metOnTimeRate: 0 }] },
    });
    expect(JSON.stringify(r.closing)).not.toContain('onTimeRate"');
  });
});
