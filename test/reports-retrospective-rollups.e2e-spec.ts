import {
  M,
  reportScenario,
  type RetrospectiveApp,
  startRetrospectiveApp,
} from './support/retrospective-scenario';

/** The 2021 review after the scenario (`support/retrospective-scenario.ts`): as of a day, roll-ups, known at, closing, alerts. */
describe('year-end retrospective over HTTP: as of a day, roll-ups, known at, closing, alerts', () => {
  let s: RetrospectiveApp;
  let viewer: string;
  const get = (p: string, token?: string) => s.get(p, token);

  beforeAll(async () => {
    s = await startRetrospectiveApp();
    ({ viewer } = s);
    await reportScenario(s);
  }, 180_000);
  afterAll(async () => {
    await s?.close();
  });

  it('as of a day (the dashboard picker): nothing that happened later counts; a year not over is provisional', async () => {
    const r = await get('/api/v1/reports/retrospective/2021?format=json&asOf=2021-11-30', viewer);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ asOf: '2021-11-30', provisional: true, closing: null });
    const by = new Map<string, Record<string, unknown>>(
      r.body.milestones.map((m: { milestoneId: string }) => [m.milestoneId, m]),
    );
    // T06 was completed on 2021-12-20 and accepted on 12-30: not yet on 11-30, and not yet due.
    expect(by.get(M('T06-2021'))).toMatchObject({ outcome: 'not_due', completedOn: null, acceptedOn: null });
    expect(by.get(M('T29-2021'))).toMatchObject({ laterCompletion: null });
    for (const m of r.body.milestones as { reasons: { occurredOn: string }[] }[]) {
      for (const reason of m.reasons) expect(reason.occurredOn <= '2021-11-30').toBe(true);
    }
    // After the year end, on a day before the January reports: what the year end knew, and no closing yet.
    const jan = (await get('/api/v1/reports/retrospective/2021?format=json&asOf=2022-01-01', viewer)).body;
    expect(jan).toMatchObject({ asOf: '2021-12-31', provisional: false, closing: null });
    const bad = await get('/api/v1/reports/retrospective/2021?asOf=2021-13-01', viewer);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_AS_OF', field: 'asOf' });
  });

  it('2021: hand-computed roll-ups per zone, district, lead unit and section', async () => {
    const r = (await get('/api/v1/reports/retrospective/2021', viewer)).body;
    const pick = (
      rows: {
        label: string;
        total: number;
        counts: Record<string, number>;
        metOnTimeRate: number | null;
      }[],
    ) =>
      rows.map((x) => [
        x.label,
        x.total,
        x.counts.met_on_time,
        x.counts.met_late,
        x.counts.partly_met,
        x.counts.missed,
        x.counts.rebaselined,
        x.counts.cancelled,
        x.metOnTimeRate,
      ]);
    expect(pick(r.rollups.zone)).toEqual([
      ['都市核心区', 9, 1, 1, 1, 6, 0, 0, 0.1111],
      // T24-2021 is in 大广海湾区 too now (双水段): 8, not 7.
      ['大广海湾区', 8, 0, 0, 0, 6, 1, 1, 0],
      ['生态发展区', 9, 2, 0, 0, 7, 0, 0, 0.2222],
      // City-wide (T23, T25–T27, T29, T31–T35): one key and one name, 全市.
      ['全市', 10, 0, 0, 0, 10, 0, 0, 0],
    ]);
    expect(r.rollups.zone.at(-1)).toMatchObject({ key: '全市', label: '全市' });
    expect(pick(r.rollups.section)).toEqual([
      ['一、强化都市核心区引领带动能力', 7, 1, 1, 1, 4, 0, 0, 0.1429],
      ['二、提升大广海湾区蓝色发展动力', 6, 0, 0, 0, 4, 1, 1, 0],
      ['三、激活生态发展区绿色发展潜力', 7, 2, 0, 0, 5, 0, 0, 0.2857],
      ['四、加快区域交通基础设施互联互通', 4, 0, 0, 0, 4, 0, 0, 0],
      ['五、创新区域协调发展体制机制', 8, 0, 0, 0, 8, 0, 0, 0],
    ]);
    const lead = new Map(pick(r.rollups.leadUnit).map((x) => [x[0], x]));
    expect(lead.get('市工业和信息化局')).toEqual(['市工业和信息化局', 4, 1, 0, 1, 2, 0, 0, 0.25]);
    expect(lead.get('市发展改革局')).toEqual(['市发展改革局', 5, 0, 1, 0, 4, 0, 0, 0]);
    expect(lead.get('市农业农村局')).toEqual(['市农业农村局', 6, 2, 0, 0, 4, 0, 0, 0.3333]);
    expect(lead.get('台山市政府')).toEqual(['台山市政府', 4, 0, 0, 0, 3, 0, 1, 0]);
    // Per lead unit, the unit's own assignments (the same counts here: these units' milestones are single-led,
    // and their shares of 分别牵头 ones were not reported).
    expect(r.rollups.leadUnit.every((x: { counted: string }) => x.counted === 'assignments')).toBe(true);
    const dpc = r.rollups.leadUnit.find((x: { label: string }) => x.label === '市发展改革局');
    expect(dpc).toMatchObject({ meanDaysLate: 20, maxDaysLate: 20 });
    const enping = r.rollups.district.find((x: { label: string }) => x.label === '恩平市');
    expect(pick([enping])).toEqual([['恩平市', 23, 2, 0, 0, 20, 1, 0, 0.087]]);
  });

  it('known at year end vs known now: the January completion about December and the outcomes it changed', async () => {
    const r = (await get('/api/v1/reports/retrospective/2021', viewer)).body;
    expect(r.yearEnd.cutoff).toBe('2021-12-31T16:00:00.000Z');
    expect(r.yearEnd.counts).toMatchObject({
      met_on_time: 1,
      met_late: 1,
      awaiting_verification: 1,
      partly_met: 2,
      missed: 25,
      rebaselined: 1,
      cancelled: 1,
    });
    expect(r.yearEnd.lateReports.map((l: Record<string, string>) => [l.milestoneId, l.type, l.unit])).toEqual(
      [
        [M('T15-2021'), 'CompletionAccepted', '督查室'],
        [M('T16-2021'), 'CompletionSubmitted', '市农业农村局'],
        [M('T16-2021'), 'CompletionAccepted', '督查室'],
      ],
    );
    expect(r.yearEnd.lateReports[1].summary).toBe('完成日期 2021-12-28：培育市级以上重点龙头企业 3 家');
    expect(
      r.yearEnd.changes.map((c: Record<string, string>) => [c.milestoneId, c.fromLabel, c.toLabel]),
    ).toEqual([
      [M('T15-2021'), '待核验', '按期完成'],
      [M('T16-2021'), '部分完成', '按期完成'],
    ]);
    // The same review asked "as known at 31 December" has the year-end outcomes.
    const then = (await get('/api/v1/reports/retrospective/2021?knownAt=2021-12-31', viewer)).body;
    expect(then.knownAt).toBe('2021-12-31T15:59:59.999Z');
    expect(then.totals.counts).toEqual(r.yearEnd.counts);
    expect(then.closing).toBeNull();
    expect(then.knownAtPosition).toBe(r.yearEnd.position);
  });

  it('closed books: the closed figures and every change since', async () => {
    const r = (await get('/api/v1/reports/retrospective/2021', viewer)).body;
    expect(r.closing).toMatchObject({
      closedAt: '2022-01-03T02:00:00.000Z',
      closedBy: '督查室王五（督查室）',
      note: '2021 年度结账',
      totals: {
        total: 32,
        // 1 ÷ (32 − 1 cancelled).
        metOnTimeRate: 0.0323,
        counts: { met_on_time: 1, awaiting_verification: 1, partly_met: 2 },
      },
    });
    expect(r.closing.changes.map((c: Record<string, string>) => [c.milestoneId, c.from, c.to])).toEqual([
      [M('T15-2021'), 'awaiting_verification', 'met_on_time'],
      [M('T16-2021'), 'partly_met', 'met_on_time'],
    ]);
  });

  it('alerts of the year: raised per rule, acknowledged, median time to acknowledgement', async () => {
    const r = (await get('/api/v1/reports/retrospective/2021', viewer)).body;
    const overdue = r.alerts.byRule.find((x: { rule: string }) => x.rule === 'overdue');
    // Other rules may add alerts of their own; the two written above are there.
    expect(overdue).toMatchObject({ label: '已逾期' });
    expect(overdue.raised).toBeGreaterThanOrEqual(2);
    expect(overdue.acknowledged).toBeGreaterThanOrEqual(1);
    const t07 = r.milestones.find((m: { milestoneId: string }) => m.milestoneId === M('T07-2021'));
    expect(t07.alertsRaised).toBeGreaterThanOrEqual(2);
  });
});
