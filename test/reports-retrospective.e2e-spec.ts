import type { FixedClock } from '@app/platform';
import {
  M,
  reportScenario,
  type RetrospectiveApp,
  startRetrospectiveApp,
} from './support/retrospective-scenario';

/** The year-end review of the seed plan over HTTP, before and after the scenario (`support/retrospective-scenario.ts`). */
describe('year-end retrospective over HTTP (scenario on the seed plan)', () => {
  let s: RetrospectiveApp;
  let clock: FixedClock;
  let viewer: string;
  let reporter: RetrospectiveApp['reporter'];
  const get = (p: string, token?: string) => s.get(p, token);

  beforeAll(async () => {
    s = await startRetrospectiveApp();
    ({ clock, viewer, reporter } = s);
  }, 60_000);
  afterAll(async () => {
    await s?.close();
  });

  it('the seed plan with no reports: every 2020 milestone is missed, not an error', async () => {
    clock.set('2026-01-01T00:00:00Z');
    const r = await get('/api/v1/reports/retrospective/2020', viewer);
    expect(r.status).toBe(200);
    expect(r.body.totals).toMatchObject({ total: 34, judged: 34, metOnTimeRate: 0, meanDaysLate: null });
    expect(r.body.totals.counts.missed).toBe(34);
    expect(new Set(r.body.milestones.map((m: { outcome: string }) => m.outcome))).toEqual(
      new Set(['missed']),
    );
    // The 2020–2022 ranges show their progress instead (they count in 2022).
    expect(r.body.inProgress.map((p: { milestoneId: string }) => p.milestoneId)).toEqual([
      M('T04-2020-2022'),
      M('T12-2020-2022'),
      M('T13-2020-2022'),
      M('T19-2020-2022'),
      M('T28-2020-2022'),
    ]);
    expect(r.body).toMatchObject({ year: 2020, asOf: '2020-12-31', provisional: false, closing: null });
  });

  it('bad input → problem+json 400 naming the field', async () => {
    const cases: [string, string, string][] = [
      ['/api/v1/reports/retrospective/abc', 'year', 'INVALID_YEAR'],
      ['/api/v1/reports/retrospective/2019', 'year', 'YEAR_OUT_OF_RANGE'],
      ['/api/v1/reports/retrospective/2023', 'year', 'YEAR_OUT_OF_RANGE'],
      ['/api/v1/reports/retrospective/2021?format=pdf', 'format', 'INVALID_FORMAT'],
      ['/api/v1/reports/retrospective/2021?knownAt=last-week', 'knownAt', 'INVALID_KNOWN_AT'],
      ['/api/v1/reports/retrospective/2021?position=x', 'position', 'INVALID_POSITION'],
      ['/api/v1/reports/retrospective/2021?position=999999', 'position', 'POSITION_BEYOND_HEAD'],
      ['/api/v1/reports/retrospective/2021?colour=red', 'colour', 'VALIDATION_FAILED'],
    ];
    for (const [url, field, code] of cases) {
      const r = await get(url, viewer);
      expect({ url, status: r.status, field: r.body?.field, code: r.body?.code }).toEqual({
        url,
        status: 400,
        field,
        code,
      });
      expect(r.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await get('/api/v1/reports/retrospective/2021', null as unknown as string)).status).toBe(401);
  });

  it('scenario: reports of 2020–2022 through the HTTP commands, at the dates they happened', async () => {
    await reportScenario(s);
  });

  it('2021: hand-computed outcomes of each category, with reasons quoted with dates and units', async () => {
    const r = await get('/api/v1/reports/retrospective/2021?format=json', reporter.agri);
    expect(r.status).toBe(200);
    expect(r.headers.get('x-event-position')).toBe(String(r.body.position));
    const by = new Map<string, Record<string, unknown>>(
      r.body.milestones.map((m: { milestoneId: string }) => [m.milestoneId, m]),
    );
    expect(by.get(M('T06-2021'))).toMatchObject({
      outcome: 'met_on_time',
      completedOn: '2021-12-20',
      acceptedOn: '2021-12-30',
      indicatorAttainment: 1,
      indicatorsMet: 2,
    });
    expect(by.get(M('T01-2020'))).toMatchObject({
      outcome: 'met_late',
      carriedOver: true,
      daysLate: 20,
      daysLateVsBaseline: 110,
      rebaselines: [
        {
          from: '2020-12-31',
          to: '2021-03-31',
          reason: '受疫情影响，推迟至2021年一季度',
          on: '2020-11-15',
          unit: '督查室',
        },
      ],
    });
    expect(by.get(M('T07-2021'))).toMatchObject({
      outcome: 'partly_met',
      percent: 60,
      indicatorAttainment: 0.7,
    });
    expect(by.get(M('T08-2021'))).toMatchObject({ outcome: 'missed', lifecycle: 'returned' });
    expect(by.get(M('T10-2021'))).toMatchObject({
      outcome: 'cancelled',
      cancellation: { reason: '项目调整，纳入省重点项目统筹', on: '2021-09-01', unit: '督查室' },
    });
    expect(by.get(M('T11-2021'))).toMatchObject({ outcome: 'rebaselined', dueDate: '2022-06-30' });
    expect(by.get(M('T15-2021'))).toMatchObject({
      outcome: 'met_on_time',
      yearEndOutcome: 'awaiting_verification',
    });
    expect(by.get(M('T16-2021'))).toMatchObject({ outcome: 'met_on_time', yearEndOutcome: 'partly_met' });
    expect(by.get(M('T29-2021'))).toMatchObject({
      outcome: 'missed',
      laterCompletion: { completedOn: '2022-02-15', accepted: true, daysLate: 46 },
    });
    expect(by.get(M('T07-2021'))!.reasons).toEqual([
      expect.objectContaining({
        kindLabel: '报告延期',
        text: '芯片短缺导致技改项目推迟',
        detail: '预计完成 2022-03-31',
        occurredOn: '2021-10-15',
        unit: '市工业和信息化局',
        reportedBy: '工信局填报员',
      }),
    ]);
    expect(by.get(M('T08-2021'))!.reasons).toEqual([
      expect.objectContaining({
        kind: 'return',
        text: '佐证材料不全',
        occurredOn: '2021-12-20',
        unit: '督查室',
      }),
    ]);
    expect(by.get(M('T07-2021'))!.indicators).toEqual([
      expect.objectContaining({
        metric: '推动都市核心区工业技改投资增速',
        target: 5,
        actual: 3.5,
        attainment: 0.7,
      }),
      ...Array(3).fill(expect.objectContaining({ actual: null, attainment: null })),
    ]);
    // 31 milestones due in 2021 by the plan, plus T01-2020 carried over.
    expect(r.body.totals).toEqual({
      key: 'all',
      label: '全部里程碑',
      counted: 'milestones',
      total: 32,
      counts: {
        met_on_time: 3,
        met_late: 1,
        awaiting_verification: 0,
        partly_met: 1,
        missed: 25,
        rebaselined: 1,
        cancelled: 1,
        not_due: 0,
      },
      judged: 31,
      metOnTimeRate: 0.0968,
      meanDaysLate: 20,
      maxDaysLate: 20,
    });
    // The ranges due in 2022 show their 2021 progress instead.
    expect(r.body.inProgress).toHaveLength(8);
  });
});
