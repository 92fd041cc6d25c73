import * as ExcelJS from 'exceljs';
import { EventStore, newEventId } from '@app/event-store';
import { FixedClock } from '@app/platform';
import type { DatabaseClock } from '@app/reports/testing';
import { createToken, startSeededAppAt } from './support/seeded-app';
import type { TestApp } from './support/test-app';

const EVIDENCE = [{ name: '佐证材料.pdf', sha256: 'c'.repeat(64) }];
const M = (id: string) => `sanqu-2020.${id}`;
const NR = 'dept-natural-resources';
const ECO = 'dept-ecology-environment';
const DEFINITION = '年度按期完成率 = 按期完成数 ÷（年度到期数 − 取消 − 未到期）';

/**
 * Issue #14 in the year-end review, on the seed plan over HTTP: T13-2021 (红树林造林, 拟规划任务量 5.63 公顷) is led
 * separately (分别牵头) by 市自然资源局 and 市生态环境局. 自然资源局 completes its share on time (2021-11-30, 6 公顷,
 * accepted 2021-12-05); 生态环境局 reports a delay and completes only on 2022-01-20. The standing item T13-S1 gets
 * reports from both units; T01-2022 is moved to 2023-03-31. Nothing else is reported, so every figure below is
 * hand-computed from the seed plan and these few events.
 */
describe('year-end retrospective per assignment, standing items and valid years (seed plan, HTTP)', () => {
  let t: TestApp;
  let dbClock: DatabaseClock;
  const clock = new FixedClock('2020-01-05T02:00:00Z');
  let supervisor: string;
  let viewer: string;
  const reporter: Record<string, string> = {};

  async function at(instant: string): Promise<void> {
    clock.set(instant);
    await dbClock.set(instant);
  }
  async function post(token: string, p: string, body: object): Promise<void> {
    const r = await t.request('POST', p, { token, body });
    expect({ p, status: r.status, body: r.status === 200 ? undefined : r.body }).toEqual({
      p,
      status: 200,
      body: undefined,
    });
  }
  const get = (p: string) => t.request('GET', p, { token: viewer });
  const ms = (id: string, action: string) => `/api/v1/milestones/${M(id)}/${action}`;

  /** A report on the standing item T13-S1, as the standing-item command writes it, recorded when it happened. */
  async function standingReport(unit: string, narrative: string, when: string): Promise<void> {
    await at(when);
    await t.app.get(EventStore).append(
      `standing-${M('T13-S1')}`,
      [
        {
          eventId: newEventId(),
          type: 'StandingItemReported',
          data: { unit, narrative },
          metadata: { occurredAt: when, actor: { role: 'reporter', unit, tokenName: `${unit}填报员` } },
        },
      ],
      'any',
    );
  }

  beforeAll(async () => {
    ({ t, dbClock } = await startSeededAppAt(clock));
    const token = (role: string, name: string, unit?: string) => createToken(t, role, name, unit);
    supervisor = await token('supervisor', '督查室');
    viewer = await token('viewer', '审计');
    reporter.nr = await token('reporter', '自然资源局填报员', NR);
    reporter.eco = await token('reporter', '生态环境局填报员', ECO);

    await standingReport(NR, '2020 年入海排污口备案 12 个', '2020-11-20T02:00:00Z');
    await standingReport(ECO, '一季度海洋工程环评审批 3 件', '2021-02-01T02:00:00Z');
    await standingReport(NR, '一季度入海排污口备案 4 个', '2021-03-15T02:00:00Z');
    await standingReport(NR, '二季度入海排污口备案 5 个', '2021-06-15T02:00:00Z');
    await at('2021-10-10T02:00:00Z');
    await post(reporter.eco, ms('T13-2021', 'delays'), {
      reason: '红树林造林方案待省林业局审批',
      forecastDate: '2022-01-31',
    });
    await at('2021-12-01T02:00:00Z');
    await post(reporter.nr, ms('T13-2021', 'completion'), {
      completedOn: '2021-11-30',
      narrative: '恩平横陂镇红树林造林 6 公顷',
      evidence: EVIDENCE,
      indicatorActuals: [{ metric: '拟规划任务量', actual: 6 }],
    });
    // Only 自然资源局's share awaits verification: the office need not name it.
    await at('2021-12-05T02:00:00Z');
    await post(supervisor, ms('T13-2021', 'acceptance'), {});
    await standingReport(NR, '四季度入海排污口备案 3 个', '2021-12-20T02:00:00Z');
    await at('2022-01-20T02:00:00Z');
    await post(reporter.eco, ms('T13-2021', 'completion'), {
      completedOn: '2022-01-20',
      narrative: '红树林造林完成',
      evidence: EVIDENCE,
    });
    await at('2022-01-25T02:00:00Z');
    await post(supervisor, ms('T13-2021', 'acceptance'), {});
    await at('2022-11-20T02:00:00Z');
    await post(supervisor, ms('T01-2022', 'rebaseline'), {
      newDueDate: '2023-03-31',
      reason: '待国土空间总体规划批复后完成',
    });
    clock.set('2026-01-01T00:00:00Z');
    await dbClock.set(null);
  });
  afterAll(async () => {
    await dbClock?.close();
    await t?.close();
  });

  it('T13-2021: each lead unit judged on its own share, the milestone as its worst, with the counts', async () => {
    const r = (await get('/api/v1/reports/retrospective/2021')).body;
    const t13 = r.milestones.find((m: { milestoneId: string }) => m.milestoneId === M('T13-2021'));
    expect(t13).toMatchObject({
      leadMode: 'separately',
      outcome: 'missed',
      assignmentCounts: { met_on_time: 1, missed: 1, met_late: 0, partly_met: 0 },
      completedOn: null,
      // 100 (自然资源局, completed) and 0 (生态环境局, never reported a percent): mean 50, spread 0–100.
      percent: 50,
      percentRange: { min: 0, max: 100 },
    });
    expect(
      t13.assignments.map((a: Record<string, unknown>) => [
        a.key,
        a.leadUnits,
        a.outcome,
        a.completedOn,
        a.acceptedOn,
        a.indicatorAttainment,
      ]),
    ).toEqual([
      [NR, ['市自然资源局'], 'met_on_time', '2021-11-30', '2021-12-05', 1],
      [ECO, ['市生态环境局'], 'missed', null, null, null],
    ]);
    const [nr, eco] = t13.assignments;
    // 6 of 5.63 公顷 = 1.0657 (capped at 1 in the assignment's attainment); 生态环境局 reported no value.
    expect(nr.indicators).toEqual([
      expect.objectContaining({
        assignment: NR,
        metric: '拟规划任务量',
        actual: 6,
        attainment: 1.0657,
        met: true,
      }),
    ]);
    expect(eco.indicators).toEqual([
      expect.objectContaining({ assignment: ECO, actual: null, attainment: null }),
    ]);
    expect(nr.reasons).toEqual([]);
    expect(eco.reasons).toEqual([
      expect.objectContaining({
        kind: 'delay',
        text: '红树林造林方案待省林业局审批',
        unit: '市生态环境局',
        occurredOn: '2021-10-10',
        assignments: [ECO],
      }),
    ]);
    expect(eco.laterCompletion).toEqual({ completedOn: '2022-01-20', accepted: true, daysLate: 20 });
  });

  it('credits each lead unit with its own assignments; metOnTimeRate by hand', async () => {
    const r = (await get('/api/v1/reports/retrospective/2021')).body;
    const row = (label: string) => r.rollups.leadUnit.find((x: { label: string }) => x.label === label);
    // 自然资源局 leads T12, T13, T19, T31, T32 in 2021 (T36's line runs to 2022): its T13 share on time, 1 ÷ 5.
    expect(row('市自然资源局')).toMatchObject({
      counted: 'assignments',
      total: 5,
      counts: { met_on_time: 1, missed: 4 },
      judged: 5,
      metOnTimeRate: 0.2,
    });
    // 生态环境局 leads T13 and T19: its T13 share missed, no credit for 自然资源局's completion.
    expect(row('市生态环境局')).toMatchObject({
      total: 2,
      counts: { met_on_time: 0, missed: 2 },
      metOnTimeRate: 0,
    });
    // 31 milestones due in 2021, none met on time as a whole (T13 is missed): 0 ÷ 31.
    expect(r.totals).toMatchObject({ counted: 'milestones', total: 31, judged: 31, metOnTimeRate: 0 });
    // 60 assignments (one per lead unit of a 分别牵头 milestone), one met on time: 1 ÷ 60 = 0.0167.
    expect(r.assignmentTotals).toMatchObject({
      counted: 'assignments',
      total: 60,
      counts: { met_on_time: 1, missed: 59 },
      judged: 60,
      metOnTimeRate: 0.0167,
    });
    expect(r.definitions).toEqual({
      metOnTimeRate: {
        zh: DEFINITION,
        en: 'Met-on-time rate of the year = met on time ÷ (due in the year − cancelled − not yet due)',
      },
    });
  });

  it('every format carries the assignments and states the definition where the rate appears', async () => {
    const x = await get('/api/v1/reports/retrospective/2021?format=xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.bytes as unknown as ExcelJS.Buffer);
    const shares = wb.getWorksheet('承办事项明细')!;
    const headers = (shares.getRow(2).values as unknown[]).slice(1);
    const col = (h: string) => headers.indexOf(h) + 1;
    const t13: unknown[][] = [];
    shares.eachRow((r) => {
      if (r.getCell(col('里程碑编号')).value === M('T13-2021')) {
        t13.push(['牵头方式', '牵头单位', '里程碑结果', '结果'].map((h) => r.getCell(col(h)).value));
      }
    });
    expect(t13).toEqual([
      ['分别牵头', '市自然资源局', '未完成', '按期完成'],
      ['分别牵头', '市生态环境局', '未完成', '未完成'],
    ]);
    // Unit names, never their ids (dept-natural-resources, gov-taishan…), in any cell of the workbook.
    const ids: string[] = [];
    wb.eachSheet((ws) =>
      ws.eachRow((r) => r.eachCell((c) => void (/\b(dept|gov)-[a-z-]+/.test(c.text) && ids.push(c.text)))),
    );
    expect(ids).toEqual([]);
    const notes: unknown[] = [];
    wb.getWorksheet('按牵头单位')!.eachRow((r) => notes.push(r.getCell(1).value));
    expect(notes).toContain(`注：${DEFINITION}。`);

    const csv = (await get('/api/v1/reports/retrospective/2021?format=csv&table=assignments')).text;
    expect(csv.split('\r\n').filter((l) => l.includes(`"${M('T13-2021')}"`))).toHaveLength(2);
    const milestones = (await get('/api/v1/reports/retrospective/2021?format=csv')).text;
    expect(milestones).toContain('"按期完成 1、未完成 1"');
    const zones = (await get('/api/v1/reports/retrospective/2021?format=csv&table=zones')).text;
    expect(zones).toContain('"年度按期完成率（按期完成数 ÷（年度到期数 − 取消 − 未到期））"');
    for (const format of ['md', 'html']) {
      const doc = (await get(`/api/v1/reports/retrospective/2021?format=${format}`)).text;
      expect(doc).toContain(`注：${DEFINITION}。`);
      expect(doc).toContain('分别牵头里程碑的承办事项');
      expect(doc).toContain('市生态环境局');
    }
  });

  it('standing items: the 2021 statement per unit, reports counted by hand, silence vs the 31-day cadence', async () => {
    const r = (await get('/api/v1/reports/retrospective/2021')).body;
    expect(r.standing).toMatchObject({ asOf: '2021-12-31', cadenceDays: 31 });
    expect(r.standing.items.map((i: { itemId: string }) => i.itemId)).toEqual(
      ['T01-S1', 'T13-S1', 'T31-S1', 'T32-S1', 'T36-S1'].map(M),
    );
    const item = (id: string) => r.standing.items.find((i: { itemId: string }) => i.itemId === M(id));
    expect(
      item('T13-S1').units.map((u: Record<string, unknown>) => [
        u.unit,
        u.role,
        u.reportsInYear,
        u.lastReportOn,
        u.daysSilent,
        u.withinCadence,
      ]),
    ).toEqual([
      // 03-15, 06-15, 12-20 (the 2020 report is another year's); 12-20 → 12-31: 11 days.
      ['市自然资源局', 'lead', 3, '2021-12-20', 11, true],
      // 02-01 only; 02-01 → 12-31: 333 days.
      ['市生态环境局', 'lead', 1, '2021-02-01', 333, false],
    ]);
    // Never reported: silent since 2020-01-01, 730 days at 2021-12-31.
    expect(item('T01-S1').units).toEqual([
      expect.objectContaining({
        unit: '市发展改革局',
        reportsInYear: 0,
        lastReportOn: null,
        daysSilent: 730,
      }),
    ]);
    const xlsx = await get('/api/v1/reports/retrospective/2021?format=xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.bytes as unknown as ExcelJS.Buffer);
    const rows: unknown[][] = [];
    wb.getWorksheet('常态化事项')!.eachRow((row) => {
      if (row.getCell(1).value === M('T13-S1')) rows.push((row.values as unknown[]).slice(5, 10));
    });
    expect(rows).toEqual([
      ['市自然资源局', '牵头', 3, new Date('2021-12-20T00:00:00Z'), 11],
      ['市生态环境局', '牵头', 1, new Date('2021-02-01T00:00:00Z'), 333],
    ]);
  });

  it('2023 is valid once a milestone is due in it (T01-2022 moved to 2023-03-31); 2031 names the valid years', async () => {
    const y2022 = (await get('/api/v1/reports/retrospective/2022')).body;
    const t01 = y2022.milestones.find((m: { milestoneId: string }) => m.milestoneId === M('T01-2022'));
    expect(t01).toMatchObject({ outcome: 'rebaselined', dueDate: '2023-03-31' });
    const r = await get('/api/v1/reports/retrospective/2023');
    expect(r.status).toBe(200);
    expect(
      r.body.milestones.map((m: Record<string, unknown>) => [
        m.milestoneId,
        m.carriedOver,
        m.dueDate,
        m.outcome,
      ]),
    ).toEqual([[M('T01-2022'), true, '2023-03-31', 'missed']]);
    expect(r.body.totals).toMatchObject({ total: 1, judged: 1, metOnTimeRate: 0 });
    const bad = await get('/api/v1/reports/retrospective/2031');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body).toMatchObject({
      code: 'YEAR_OUT_OF_RANGE',
      field: 'year',
      validYears: [2020, 2021, 2022, 2023],
    });
    expect(bad.body.detail).toContain('2020–2023');
    expect(bad.body.detailZh).toBe('2031 年没有到期的里程碑，可回顾的年度：2020–2023');
  });
});
