import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ExcelJS from 'exceljs';
import { EventStore, newEventId } from '@app/event-store';
import { FixedClock } from '@app/platform';
import type { DatabaseClock } from '@app/reports/testing';
import { launchChromium } from './support/browser';
import { runCli } from './support/run-cli';
import { createToken, startSeededAppAt } from './support/seeded-app';
import type { TestApp } from './support/test-app';

const EVIDENCE = [{ name: '佐证材料.pdf', sha256: 'b'.repeat(64) }];
const M = (id: string) => `sanqu-2020.${id}`;

/**
 * The 2021 review of the seed plan after a scenario with one milestone of each outcome, reported through the
 * HTTP commands at the dates they happened: the app clock and the database clock (recorded_at) move together,
 * so "recorded in January about December" is real. Every expected figure below is hand-computed from the seed
 * plan (zones, districts, lead units and sections of each task) and the scenario.
 */
describe('year-end retrospective over HTTP (scenario on the seed plan)', () => {
  let t: TestApp;
  let dbClock: DatabaseClock;
  const clock = new FixedClock('2020-01-05T02:00:00Z');
  let supervisor: string;
  let viewer: string;
  const reporter: Record<string, string> = {};
  let tmp: string;

  /** Both clocks: the service's and the database's (recorded_at). */
  async function at(instant: string): Promise<void> {
    clock.set(instant);
    await dbClock.set(instant);
  }
  async function post(token: string, p: string, body: object, status = 200): Promise<void> {
    const r = await t.request('POST', p, { token, body });
    expect({ p, status: r.status, body: r.status === status ? undefined : r.body }).toEqual({
      p,
      status,
      body: undefined,
    });
  }
  const get = (p: string, token?: string) => t.request('GET', p, token === undefined ? {} : { token });

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-reports-'));
    ({ t, dbClock } = await startSeededAppAt(clock));
    const token = (role: string, name: string, unit?: string) => createToken(t, role, name, unit);
    supervisor = await token('supervisor', '督查室王五');
    viewer = await token('viewer', '审计');
    reporter.dpc = await token('reporter', '发改局填报员', 'dept-development-reform');
    reporter.it = await token('reporter', '工信局填报员', 'dept-industry-it');
    reporter.agri = await token('reporter', '农业农村局填报员', 'dept-agriculture-rural');
    reporter.finance = await token('reporter', '财政局填报员', 'dept-finance');
  });
  afterAll(async () => {
    await dbClock?.close();
    await t?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
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
    const ms = (id: string, action: string) => `/api/v1/milestones/${M(id)}/${action}`;
    // 2020: T01-2020 moved into 2021 (carried over), then done late.
    await at('2020-11-15T02:00:00Z');
    await post(supervisor, ms('T01-2020', 'rebaseline'), {
      newDueDate: '2021-03-31',
      reason: '受疫情影响，推迟至2021年一季度',
    });
    await at('2021-04-21T02:00:00Z');
    await post(reporter.dpc!, ms('T01-2020', 'completion'), {
      completedOn: '2021-04-20',
      narrative: '已完成',
      evidence: EVIDENCE,
    });
    await at('2021-04-25T02:00:00Z');
    await post(supervisor, ms('T01-2020', 'acceptance'), {});
    await at('2021-04-30T02:00:00Z');
    await post(reporter.it!, ms('T06-2021', 'progress'), { percent: 30, narrative: '已举办推介会 1 场' });
    await at('2021-09-01T02:00:00Z');
    await post(supervisor, ms('T10-2021', 'cancellation'), { reason: '项目调整，纳入省重点项目统筹' });
    await at('2021-10-15T02:00:00Z');
    await post(reporter.it!, ms('T07-2021', 'delays'), {
      reason: '芯片短缺导致技改项目推迟',
      forecastDate: '2022-03-31',
    });
    await post(reporter.it!, ms('T07-2021', 'progress'), {
      percent: 60,
      narrative: '技改投资增速 3.5%',
      indicatorActuals: [{ metric: '推动都市核心区工业技改投资增速', actual: 3.5 }],
    });
    await at('2021-11-20T02:00:00Z');
    await post(supervisor, ms('T11-2021', 'rebaseline'), {
      newDueDate: '2022-06-30',
      reason: '受疫情影响，景区建设延期',
    });
    await at('2021-11-30T02:00:00Z');
    await post(reporter.agri!, ms('T16-2021', 'progress'), { percent: 80, narrative: '已培育 2 家' });
    await at('2021-12-15T02:00:00Z');
    await post(reporter.dpc!, ms('T08-2021', 'completion'), {
      completedOn: '2021-12-15',
      narrative: '已完成',
      evidence: EVIDENCE,
    });
    await at('2021-12-20T02:00:00Z');
    await post(supervisor, ms('T08-2021', 'return'), { reason: '佐证材料不全' });
    await at('2021-12-28T02:00:00Z');
    await post(reporter.it!, ms('T06-2021', 'completion'), {
      completedOn: '2021-12-20',
      narrative: '全年引进项目 52 个',
      evidence: EVIDENCE,
      indicatorActuals: [
        { metric: '策划举办投资推介活动', actual: 2 },
        { metric: '引进投资超亿元的产业项目', actual: 52 },
      ],
    });
    await at('2021-12-29T02:00:00Z');
    await post(reporter.agri!, ms('T15-2021', 'completion'), {
      completedOn: '2021-12-25',
      narrative: '信誉农场 10 个',
      evidence: EVIDENCE,
    });
    await at('2021-12-30T02:00:00Z');
    await post(supervisor, ms('T06-2021', 'acceptance'), { note: '材料齐全' });

    // Alerts of 2021 (written here as the alerts capability writes them).
    const store = t.app.get(EventStore);
    const raise = async (n: number, raisedAt: string) =>
      store.append(
        `alert-overdue:${M('T07-2021')}:e2e${n}`,
        [
          {
            eventId: newEventId(),
            type: 'AlertRaised',
            data: {
              alertId: `overdue:${M('T07-2021')}:e2e${n}:1`,
              key: `overdue:${M('T07-2021')}:e2e${n}`,
              episode: 1,
              rule: 'overdue',
              level: 'warning',
              asOf: raisedAt.slice(0, 10),
              reasons: [],
              milestone: {
                milestoneId: M('T07-2021'),
                taskNo: 7,
                taskTitle: '推动产业转型升级',
                text: '2021年',
                dueDate: '2021-12-31',
                baselineDueDate: '2021-12-31',
                leadUnits: ['dept-industry-it'],
                cooperatingUnits: [],
              },
              facts: {},
            },
            metadata: { occurredAt: raisedAt, actor: { system: 'monitor' } },
          },
        ],
        'any',
      );
    await raise(1, '2021-12-30T02:00:00Z');
    await raise(2, '2021-12-30T03:00:00Z');
    await store.append(
      `alert-overdue:${M('T07-2021')}:e2e1`,
      [
        {
          eventId: newEventId(),
          type: 'AlertAcknowledged',
          data: {
            alertId: `overdue:${M('T07-2021')}:e2e1:1`,
            episode: 1,
            by: { tokenId: 'e2e', tokenName: '督查室王五', role: 'supervisor' },
          },
          metadata: { occurredAt: '2021-12-30T08:00:00Z' },
        },
      ],
      'any',
    );

    // 2022: closing the books of 2021, then reports about December recorded in January.
    await at('2022-01-03T02:00:00Z');
    const viewerClose = await t.request('POST', '/api/v1/years/2021:close', { token: viewer, body: {} });
    expect(viewerClose.status).toBe(403);
    const closed = await t.request('POST', '/api/v1/years/2021:close', {
      token: supervisor,
      body: { note: '2021 年度结账' },
    });
    expect(closed.status).toBe(201);
    expect(closed.body).toMatchObject({
      planKey: 'sanqu-2020',
      year: 2021,
      streamId: 'year-sanqu-2020-2021',
    });
    const again = await t.request('POST', '/api/v1/years/2021:close', { token: supervisor, body: {} });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'YEAR_ALREADY_CLOSED', field: 'year' });
    const early = await t.request('POST', '/api/v1/years/2022:close', { token: supervisor, body: {} });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('YEAR_NOT_ENDED');

    await at('2022-01-06T02:00:00Z');
    await post(reporter.agri!, ms('T16-2021', 'completion'), {
      completedOn: '2021-12-28',
      narrative: '培育市级以上重点龙头企业 3 家',
      evidence: EVIDENCE,
    });
    await at('2022-01-08T02:00:00Z');
    await post(supervisor, ms('T15-2021', 'acceptance'), {});
    await at('2022-01-10T02:00:00Z');
    await post(supervisor, ms('T16-2021', 'acceptance'), {});
    await at('2022-02-20T02:00:00Z');
    await post(reporter.finance!, ms('T29-2021', 'completion'), {
      completedOn: '2022-02-15',
      narrative: '已完成',
      evidence: EVIDENCE,
    });
    await at('2022-02-25T02:00:00Z');
    await post(supervisor, ms('T29-2021', 'acceptance'), {});
    clock.set('2026-01-01T00:00:00Z');
    await dbClock.set(null);
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

  it('the same position gives the same content in every format', async () => {
    const first = await get('/api/v1/reports/retrospective/2021?format=md', viewer);
    const position = first.headers.get('x-event-position')!;
    for (const format of ['md', 'html', 'json', 'csv']) {
      const a = await get(`/api/v1/reports/retrospective/2021?format=${format}&position=${position}`, viewer);
      const b = await get(`/api/v1/reports/retrospective/2021?format=${format}&position=${position}`, viewer);
      expect(a.status).toBe(200);
      expect(a.bytes.equals(b.bytes)).toBe(true);
    }
    expect(first.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(first.text).toContain(`事件位置（position）：${position}`);
    expect(first.text).toContain('截至日期（as of）：2021-12-31');
    expect(first.text).toContain('已知截至（knownAt）：最新');
    const csv = await get(
      `/api/v1/reports/retrospective/2021?format=csv&table=zones&position=${position}`,
      viewer,
    );
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    // The reviewed year in Chinese (RFC 5987, what browsers save it as), an ASCII fallback for old clients.
    expect(csv.headers.get('content-disposition')).toBe(
      `attachment; filename="sanqu-2020-retrospective-2021-zones.csv"; filename*=UTF-8''${encodeURIComponent(
        '2021年度回顾-按功能区.csv',
      )}`,
    );
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.text).toContain(
      `"都市核心区","9","1","1","0","1","6","0","0","11.1%","20","20","sanqu-2020","2021","2021-12-31","最新","${position}"`,
    );
  });

  it('xlsx: read back with exceljs, sheets and key cells', async () => {
    const x = await get('/api/v1/reports/retrospective/2021?format=xlsx', viewer);
    expect(x.status).toBe(200);
    expect(x.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.bytes as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name).slice(0, 10)).toEqual([
      '总览',
      '按功能区',
      '按市区',
      '按牵头单位',
      '按板块',
      '里程碑明细',
      '承办事项明细',
      '滞后原因',
      '指标完成',
      '预警',
    ]);
    const position = x.headers.get('x-event-position');
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
      expect(ws.getCell('A1').value).toEqual(expect.stringContaining(`事件位置 ${position}`));
    }
    const overview = wb.getWorksheet('总览')!;
    const rows = new Map<string, unknown[]>();
    overview.eachRow((row) => {
      const v = (row.values as unknown[]).slice(1);
      rows.set(String(v[0]), v.slice(1));
    });
    expect(rows.get('里程碑数')).toEqual([32, 32, 32]);
    expect(rows.get('按期完成')).toEqual([3, 1, 1]);
    expect(rows.get('待核验')).toEqual([0, 1, 1]);
    expect(rows.get('截至日期')![0]).toEqual(new Date('2021-12-31T00:00:00Z'));
    const zones = wb.getWorksheet('按功能区')!;
    expect(zones.getCell('A3').value).toBe('都市核心区');
    expect(zones.getCell('B3').value).toBe(9);
    expect(zones.getRow(3).getCell(10).value).toBe(0.1111);
    expect(zones.getRow(3).getCell(10).numFmt).toBe('0.0%');
    const detail = wb.getWorksheet('里程碑明细')!;
    const headers = (detail.getRow(2).values as unknown[]).slice(1);
    const col = (h: string) => headers.indexOf(h) + 1;
    let t06: ExcelJS.Row | undefined;
    detail.eachRow((row) => {
      if (row.getCell(col('里程碑编号')).value === M('T06-2021')) t06 = row;
    });
    expect(t06!.getCell(col('结果')).value).toBe('按期完成');
    expect(t06!.getCell(col('牵头单位')).value).toBe('市工业和信息化局');
    expect(t06!.getCell(col('完成日期')).value).toEqual(new Date('2021-12-20T00:00:00Z'));
    expect(t06!.getCell(col('完成日期')).numFmt).toBe('yyyy-mm-dd');
    expect(t06!.getCell(col('指标完成率')).value).toBe(1);
    expect(t06!.getCell(col('指标完成率')).numFmt).toBe('0.0%');
    // One row per assignment: 61 in 2021 (a 分别牵头 milestone has one per lead unit), then an empty row and the note.
    expect(wb.getWorksheet('承办事项明细')!.rowCount).toBe(2 + 61 + 2);
    const reasons = wb.getWorksheet('滞后原因')!;
    const texts: unknown[] = [];
    reasons.eachRow((row) => texts.push(row.getCell(5).value));
    expect(texts).toEqual(expect.arrayContaining(['芯片短缺导致技改项目推迟', '佐证材料不全']));
  });

  it('html renders to a PDF in a real browser (Chromium), with no request leaving the page', async () => {
    const html = await get('/api/v1/reports/retrospective/2021?format=html', viewer);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (req) => requests.push(req.url()));
      await page.setContent(html.text, { waitUntil: 'load' });
      expect(await page.title()).toBe('江门市加快构建“三区并进”区域发展新格局 2021 年度回顾');
      const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(20_000);
      expect(requests).toEqual([]);
      fs.writeFileSync(path.join(tmp, 'review-2021.pdf'), pdf);
    } finally {
      await browser.close();
    }
  });

  it('CLI: report retrospective 2021 --format xlsx --out review-2021.xlsx', async () => {
    const out = path.join(tmp, 'review-2021.xlsx');
    const r = await runCli(['report', 'retrospective', '2021', '--format', 'xlsx', '--out', out], {
      DATABASE_URL: t.db.url,
    });
    expect(r.stderr).toMatch(
      /^wrote .*review-2021\.xlsx: 2021 年度回顾 \(xlsx\), 32 milestones, as of 2021-12-31/m,
    );
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.getWorksheet('总览')).toBeTruthy();
    const bad = await runCli(['report', 'retrospective', '2019'], { DATABASE_URL: t.db.url });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('2020–2022');
    const md = await runCli(['report', 'retrospective', '2021', '--format', 'md'], {
      DATABASE_URL: t.db.url,
    });
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('# 江门市加快构建“三区并进”区域发展新格局 2021 年度回顾');
  });
});
