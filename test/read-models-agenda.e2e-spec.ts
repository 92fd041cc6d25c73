import * as path from 'node:path';
import { EventStore, newEventId } from '@app/event-store';
import { milestoneStreamId } from '@app/milestones';
import { FixedClock } from '@app/platform';
import { createTestDatabase, type TestDatabase } from '@app/platform/testing';
import { PLAN_IMPORTED, planStreamId } from '@app/plans';
import { PLAN_KEY, PLAN_START, at, EVIDENCE, plan, planned } from './support/agenda-scenario';
import { ROOT, runCli } from './support/run-cli';
import { startTestApp, type TestApp } from './support/test-app';

describe('read models: health history, agenda, read-your-writes, rebuild (real HTTP, CLI)', () => {
  let t: TestApp;
  let store: EventStore;
  let position = 0;

  const append = async (id: string, events: { type: string; data: unknown; day: string }[]) => {
    const stream = milestoneStreamId(id);
    const version = (await store.readStream(stream)).length;
    const r = await store.append(
      stream,
      events.map((e) => ({
        eventId: newEventId(),
        type: e.type,
        data: e.data,
        metadata: { occurredAt: e.day === 'plan' ? PLAN_START : at(e.day), actor: { system: 'e2e' } },
      })),
      version === 0 ? 'no_stream' : version,
    );
    position = r.position;
    return r.position;
  };
  const progress = (percent: number, day: string, extra: Record<string, unknown> = {}) => ({
    type: 'ProgressReported',
    data: { percent, narrative: `进度${percent}%`, ...extra },
    day,
  });
  const get = async (p: string, token?: string) => {
    const r = await t.request('GET', p, {
      headers: { 'X-Min-Position': String(position) },
      ...(token ? { token } : {}),
    });
    expect(r.headers.get('x-position-reached')).toBe('true');
    return r;
  };

  beforeAll(async () => {
    t = await startTestApp(
      { READ_YOUR_WRITES_TIMEOUT_MS: '3000' },
      { clock: new FixedClock('2021-07-31T04:00:00Z') },
    );
    store = t.app.get(EventStore);
    await store.append(
      planStreamId(PLAN_KEY),
      [
        {
          eventId: newEventId(),
          type: PLAN_IMPORTED,
          data: {
            planKey: PLAN_KEY,
            title: plan().title,
            documentSha256: 'b'.repeat(64),
            sourceName: null,
            model: plan(),
            milestoneCount: 7,
          },
          metadata: { occurredAt: new Date().toISOString() },
        },
      ],
      'no_stream',
    );
  }, 60_000);
  afterAll(async () => t.close());

  it('keeps the health history of one milestone through green → amber → red → green, with reasons and dates', async () => {
    // 上半年 milestone due Wednesday 2021-06-30; the unit reports every four weeks, ahead of the expectation.
    await append('hh-1', [
      { type: 'MilestonePlanned', data: planned('hh-1', '2021-06-30', 'gov-taishan'), day: 'plan' },
    ]);
    await append('hh-1', [
      progress(30, '2021-01-29'),
      progress(50, '2021-02-26'),
      progress(70, '2021-03-26'),
      progress(90, '2021-04-23'),
      progress(95, '2021-05-21', { forecastDate: '2021-06-25' }),
      progress(98, '2021-06-18', { forecastDate: '2021-06-30' }),
    ]);
    const beforeCompletion = (await store.readAll(position - 1, 1))[0]!.recordedAt.toISOString();
    await new Promise((r) => setTimeout(r, 20));
    await append('hh-1', [
      {
        type: 'CompletionSubmitted',
        data: { completedOn: '2021-07-05', narrative: '已完成', evidence: EVIDENCE },
        day: '2021-07-05',
      },
      { type: 'CompletionAccepted', data: {}, day: '2021-07-12' },
    ]);

    const r = await get('/api/v1/milestones/hh-1/health-history');
    expect(r.status).toBe(200);
    const summary = (
      changes: {
        effectiveOn: string;
        previousColour: string | null;
        colour: string;
        reasons: { code: string }[];
      }[],
    ) =>
      changes.map((c) => [c.effectiveOn, c.previousColour, c.colour, c.reasons.map((x) => x.code).join(',')]);
    expect(r.body.asOf).toBe('2021-07-31');
    expect(summary(r.body.changes)).toEqual([
      ['2020-01-01', null, 'green', 'not_started_yet'],
      ['2021-01-01', 'green', 'green', 'on_track'],
      // Ten working days before the due date.
      ['2021-06-16', 'green', 'amber', 'due_soon'],
      // The day after the due date; the late submission on 07-05 keeps it red until accepted.
      ['2021-07-01', 'amber', 'red', 'overdue'],
      ['2021-07-12', 'red', 'green', 'accepted'],
    ]);
    expect(r.body.changes[2].reasons[0].zh).toBe('10个工作日内到期（截止日期2021-06-30），尚未提交完成');
    expect(r.body.changes[3].reasons[0].zh).toBe('已逾期1天（截止日期2021-06-30）');
    expect(r.body.current).toMatchObject({
      colour: 'green',
      since: '2021-07-12',
      reasons: [{ code: 'accepted', zh: '已于2021-07-12销号（逾期5天完成）' }],
    });

    // Why was it red on 07-08, since when?
    const july8 = await get('/api/v1/milestones/hh-1/health-history?asOf=2021-07-08');
    expect(july8.body.current).toMatchObject({ colour: 'red', colourZh: '红', since: '2021-07-01' });
    expect(july8.body.current.reasons[0].zh).toBe(
      '已逾期8天（截止日期2021-06-30）；已于2021-07-05提交完成，待核验销号',
    );

    // As known before the completion was recorded: red from 07-01 on, still today.
    const known = await get(
      `/api/v1/milestones/hh-1/health-history?knownAt=${encodeURIComponent(beforeCompletion)}&asOf=2021-07-31`,
    );
    expect(summary(known.body.changes)).toEqual(summary(r.body.changes).slice(0, 4));
    expect(known.body.current).toMatchObject({
      colour: 'red',
      since: '2021-07-01',
      reasons: [{ code: 'overdue' }],
    });
    expect(known.body.current.reasons[0].zh).toBe('已逾期31天（截止日期2021-06-30）');
    // The stored history and the history recomputed from the versions agree.
    const recomputed = await get(
      `/api/v1/milestones/hh-1/health-history?knownAt=${encodeURIComponent(new Date().toISOString())}&asOf=2021-07-31`,
    );
    expect(recomputed.body.changes).toEqual(r.body.changes);
  });

  describe('agenda', () => {
    let reporter: string;
    let otherReporter: string;
    let supervisor: string;

    beforeAll(async () => {
      const token = async (body: object) =>
        (await t.request('POST', '/api/v1/tokens', { body })).body.token as string;
      reporter = await token({ role: 'reporter', unit: 'dept-transport', name: '交通局填报员' });
      otherReporter = await token({ role: 'reporter', unit: 'gov-taishan', name: '台山填报员' });
      supervisor = await token({ role: 'supervisor', name: '督查室' });
      const plan = (id: string, due: string, lead = 'dept-transport', coop: string[] = []) =>
        append(id, [{ type: 'MilestonePlanned', data: planned(id, due, lead, coop), day: 'plan' }]);
      await plan('ag-overdue', '2021-05-31');
      await append('ag-overdue', [progress(50, '2021-05-15')]);
      await plan('ag-due-soon', '2021-07-10');
      await append('ag-due-soon', [progress(90, '2021-06-10')]);
      await plan('ag-report', '2021-12-31');
      await append('ag-report', [progress(40, '2021-05-25')]);
      await plan('ag-returned', '2021-12-31');
      await append('ag-returned', [
        progress(60, '2021-05-30'),
        {
          type: 'CompletionSubmitted',
          data: { completedOn: '2021-06-01', narrative: '已完成', evidence: EVIDENCE },
          day: '2021-06-01',
        },
        { type: 'CompletionReturned', data: { reason: '佐证材料不全' }, day: '2021-06-05' },
      ]);
      await plan('ag-submitted', '2021-12-31');
      await append('ag-submitted', [
        progress(80, '2021-06-01'),
        {
          type: 'CompletionSubmitted',
          data: { completedOn: '2021-06-18', narrative: '已完成', evidence: EVIDENCE },
          day: '2021-06-18',
        },
      ]);
      await plan('ag-cooperating', '2021-06-10', 'gov-taishan', ['dept-transport']);
      await append('ag-cooperating', [progress(70, '2021-06-12')]);
    });

    const ids = (items: { milestone: { id: string } }[]) => items.map((i) => i.milestone.id);

    it('lists what needs the unit on a date: overdue, due soon, a report due, returned, awaiting acceptance', async () => {
      const r = await get('/api/v1/units/dept-transport/agenda?asOf=2021-06-20', reporter);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        asOf: '2021-06-20',
        unit: { id: 'dept-transport', name: '市交通运输局' },
      });
      // Overdue, most days late first: ag-overdue (20 days) and ag-cooperating (10 days, as cooperating unit).
      expect(ids(r.body.overdue)).toEqual(['ag-overdue', 'ag-cooperating']);
      expect(r.body.overdue.map((i: { role: string }) => i.role)).toEqual(['lead', 'cooperating']);
      expect(r.body.overdue[0].milestone.schedule).toMatchObject({ state: 'overdue', daysOverdue: 20 });
      expect(ids(r.body.dueSoon)).toEqual(['ag-due-soon']);
      // Reports due by 06-27 (within 7 days) or already overdue: 31 days after the last report.
      expect(
        r.body.awaitingReport.map((i: { milestone: { id: string }; reportDueBy: string }) => [
          i.milestone.id,
          i.reportDueBy,
        ]),
      ).toEqual([
        ['ag-overdue', '2021-06-15'],
        ['ag-report', '2021-06-25'],
      ]);
      expect(ids(r.body.returned)).toEqual(['ag-returned']);
      expect(r.body.returned[0].milestone).toMatchObject({
        lifecycle: 'returned',
        lastReturnReason: '佐证材料不全',
        percent: 60,
      });
      expect(ids(r.body.awaitingAcceptance)).toEqual(['ag-submitted']);
      expect(r.body.totals).toEqual({
        overdue: 2,
        dueSoon: 1,
        awaitingReport: 2,
        returned: 1,
        awaitingAcceptance: 1,
      });
    });

    it('lets a reporter see only its own unit (403), supervisors any; an unknown unit is 404', async () => {
      const other = await t.request('GET', '/api/v1/units/gov-taishan/agenda', { token: reporter });
      expect(other.status).toBe(403);
      expect(other.body).toMatchObject({ code: 'FORBIDDEN_OTHER_UNIT', field: 'id' });
      expect(
        (await t.request('GET', '/api/v1/units/gov-taishan/agenda', { token: otherReporter })).status,
      ).toBe(200);
      const sup = await get('/api/v1/units/gov-taishan/agenda?asOf=2021-06-20', supervisor);
      expect(sup.status).toBe(200);
      expect(ids(sup.body.overdue)).toEqual(['ag-cooperating']);
      expect((await t.request('GET', '/api/v1/units/nobody/agenda', { token: supervisor })).status).toBe(404);
    });
  });

  it('waits for the projections to reach X-Min-Position (read-your-writes), or says it did not', async () => {
    await append('ryw-1', [
      { type: 'MilestonePlanned', data: planned('ryw-1', '2021-12-31', 'gov-taishan'), day: 'plan' },
    ]);
    const p = await append('ryw-1', [progress(45, '2021-07-20')]);
    const r = await t.request('GET', '/api/v1/milestones/ryw-1/board', {
      headers: { 'X-Min-Position': String(p) },
    });
    expect(r.headers.get('x-position-reached')).toBe('true');
    expect(r.body).toMatchObject({ percent: 45, lastReportOn: '2021-07-20', lifecycle: 'in_progress' });
    expect(r.body.position).toBeGreaterThanOrEqual(p);
    const ahead = await t.request('GET', '/api/v1/stats/zones', {
      headers: { 'X-Min-Position': String(p + 1000) },
    });
    expect(ahead.status).toBe(200);
    expect(ahead.headers.get('x-position-reached')).toBe('false');
    expect(
      (await t.request('GET', '/api/v1/stats/zones', { headers: { 'X-Min-Position': 'soon' } })).status,
    ).toBe(400);
  }, 30_000);
});

describe('CLI: projections rebuild / status', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db.drop());

  it('rebuilds a projection from the events with a final count, and shows checkpoints and lag', async () => {
    const env = { DATABASE_URL: db.url, LOG_LEVEL: 'error' };
    const imported = await runCli(
      ['plan', 'import', path.join(ROOT, 'seeds/jiangmen-sanqu-2020-2022.txt')],
      env,
    );
    expect(imported.code).toBe(0);

    const rebuilt = await runCli(['projections', 'rebuild', 'milestone-board'], env);
    expect(rebuilt.stderr).toBe('');
    expect(rebuilt.code).toBe(0);
    // 1 PlanImported + 101 MilestonePlanned + 5 StandingItemPlanned: the board replays the 101 milestone streams,
    // up to the head.
    expect(rebuilt.stdout).toMatch(
      /^rebuilt milestone-board: 101 events replayed in [\d.]+ s \([\d,]+ events\/s\), checkpoint 107\n已重建 milestone-board/,
    );

    const status = await runCli(['projections', 'status', '--json'], env);
    expect(status.code).toBe(0);
    const rows = JSON.parse(status.stdout) as { name: string; position: number; head: number; lag: number }[];
    expect(rows.find((r) => r.name === 'milestone-board')).toMatchObject({
      position: 107,
      head: 107,
      lag: 0,
    });

    const unknown = await runCli(['projections', 'rebuild', 'no-such-projection'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown projection "no-such-projection"');
  }, 120_000);
});
