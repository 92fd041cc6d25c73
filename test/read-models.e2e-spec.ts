import { EventStore, newEventId } from '@app/event-store';
import { milestoneStreamId, type MilestonePlannedData } from '@app/milestones';
import { FixedClock } from '@app/platform';
import { PLAN_IMPORTED, planStreamId, type ParsedPlan, type PlanImportedData } from '@app/plans';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The scenario of the read-models issue, with hand-computed expectations. Four milestones of 2021, all due
 * 2021-06-30 in the plan, in two zones:
 *   M1 都市核心区  on time: 50 % (03-15), 85 % (06-01), submitted 06-20, accepted 06-25
 *   M2 都市核心区  10 days late: 60 % (04-01), 90 % (06-05), submitted 07-10, accepted 07-15
 *   M3 大广海湾区  overdue: 30 % (03-01); 80 % dated 06-10 but recorded last (backdated)
 *   M4 大广海湾区  re-baselined on 05-10 to 2021-12-31: 60 % (06-15), 70 % (07-20)
 * Defaults: cadence 31 days, red < 85 % and amber < 95 % of expected, amber within 10 working days, due soon
 * within 30 days. "Today" (the clock) is 2021-07-31.
 *
 * Expected progress on 06-15 for a milestone due 06-30: 165 / 180 days = 91.67 %, so red below 77.92 %,
 * amber below 87.08 %; June 16–30 holds 11 working days (not yet "due within 10").
 *   on 2021-06-15: M1 amber (85 %: slightly behind; never red: silent, hence grey, from 04-16, before its
 *     50 % fell below 85 % of the expectation on 04-17) · M2 green (90 %; 60 % on 04-01 was ahead, and it was
 *     grey from 05-03 before it could turn red on 05-08) · M4 green (60 % of 45.3 % expected,
 *     due 12-31) · M3 amber (80 % on 06-10: slightly behind, and recovering: it was red from 03-06, when 30 %
 *     fell below 85 % of the expectation) — but as known before the backdated report, M3 is grey (no report
 *     since 03-01, 106 days). Schedules: M1, M2, M3 due soon (15 days), M4 not due.
 *   on 2021-07-31: M1 completed on time, M2 completed 10 days late, M3 overdue by 31 days (red, and behind:
 *     80 % of an expected 100 %), M4 not due
 *     (green: 70 % of 58.0 % expected), 31 days behind its baseline.
 */

const PLAN_START = '2019-12-31T16:00:00.000Z'; // 2020-01-01 00:00 in Asia/Shanghai, as the plan import states it
const at = (day: string) => `${day}T02:00:00.000Z`; // 10:00 in Asia/Shanghai

interface Spec {
  readonly id: string;
  readonly zones: string[];
  readonly districts: string[];
  readonly lead: string[];
  readonly cooperating: string[];
  readonly section: number;
}

const M: Record<'M1' | 'M2' | 'M3' | 'M4', Spec> = {
  M1: {
    id: 'sc-m1',
    zones: ['都市核心区'],
    districts: ['蓬江区'],
    lead: ['dept-transport'],
    cooperating: ['dept-commerce'],
    section: 1,
  },
  M2: {
    id: 'sc-m2',
    zones: ['都市核心区'],
    districts: ['江海区'],
    lead: ['dept-commerce'],
    cooperating: [],
    section: 1,
  },
  M3: {
    id: 'sc-m3',
    zones: ['大广海湾区'],
    districts: ['台山市'],
    lead: ['gov-taishan'],
    cooperating: ['dept-transport'],
    section: 2,
  },
  M4: {
    id: 'sc-m4',
    zones: ['大广海湾区'],
    districts: ['台山市', '恩平市'],
    lead: ['gov-taishan'],
    cooperating: [],
    section: 4,
  },
};

const PLAN_KEY = 'sc-2021';

/** A small plan of its own (zones, sections, units) for the four milestones, as a plan import states it. */
function planImported(): PlanImportedData {
  const model: ParsedPlan = {
    planKey: PLAN_KEY,
    title: '读模型验收场景',
    source: { name: null, sha256: 'a'.repeat(64), lineCount: 0 },
    zones: [
      {
        name: '都市核心区',
        districts: [
          { name: '蓬江区', towns: [] },
          { name: '江海区', towns: [] },
          { name: '台山市', towns: [] },
        ],
        policyExtensionTowns: [],
      },
      {
        name: '大广海湾区',
        districts: [
          { name: '台山市', towns: [] },
          { name: '恩平市', towns: [] },
        ],
        policyExtensionTowns: [],
      },
      { name: '生态发展区', districts: [{ name: '恩平市', towns: [] }], policyExtensionTowns: [] },
    ],
    sections: [
      { no: 1, numeral: '一', title: '强化都市核心区引领带动能力', zone: '都市核心区' },
      { no: 2, numeral: '二', title: '提升大广海湾区蓝色发展动力', zone: '大广海湾区' },
      { no: 3, numeral: '三', title: '激活生态发展区绿色发展潜力', zone: '生态发展区' },
      { no: 4, numeral: '四', title: '加快区域交通基础设施互联互通', zone: null },
    ],
    units: [
      { id: 'dept-transport', name: '市交通运输局', kind: 'city-department', aliases: [] },
      { id: 'dept-commerce', name: '市商务局', kind: 'city-department', aliases: [] },
      { id: 'gov-taishan', name: '台山市政府', kind: 'district-government', district: '台山市', aliases: [] },
      { id: 'gov-enping', name: '恩平市政府', kind: 'district-government', district: '恩平市', aliases: [] },
    ],
    tasks: [],
    findings: [],
  };
  return {
    planKey: PLAN_KEY,
    title: model.title,
    documentSha256: model.source.sha256,
    sourceName: null,
    model,
    milestoneCount: 4,
  };
}

function planned(s: Spec): MilestonePlannedData {
  return {
    milestoneId: s.id,
    planKey: PLAN_KEY,
    taskNo: s.section * 3,
    section: s.section,
    taskTitle: `重点事项 ${s.id}`,
    period: { from: 2021, to: 2021 },
    dueDate: '2021-06-30',
    text: `2021年上半年，完成 ${s.id} 的建设任务。`,
    indicators: [],
    leadUnits: s.lead,
    cooperatingUnits: s.cooperating,
    zones: s.zones,
    districts: s.districts,
  };
}

const zeros = <K extends string>(keys: readonly K[], set: Partial<Record<K, number>> = {}) =>
  Object.fromEntries(keys.map((k) => [k, set[k] ?? 0]));
const LIFECYCLES = [
  'planned',
  'in_progress',
  'submitted',
  'accepted',
  'returned',
  'cancelled',
  'withdrawn',
] as const;
const SCHEDULES = [
  'not_due',
  'due_soon',
  'overdue',
  'completed_on_time',
  'completed_late',
  'cancelled',
] as const;
const COLOURS = ['red', 'amber', 'green', 'grey'] as const;

/** A group's statistics, from the counts that are not zero. */
function stats(o: {
  total: number;
  lifecycle: Partial<Record<(typeof LIFECYCLES)[number], number>>;
  schedule: Partial<Record<(typeof SCHEDULES)[number], number>>;
  health: Partial<Record<(typeof COLOURS)[number], number>>;
  noRecentReport?: number;
  completionRate: number | null;
  onTimeRate: number | null;
  late?: number;
  meanDaysLate?: number | null;
  maxDaysLate?: number | null;
}) {
  return {
    total: o.total,
    lifecycle: zeros(LIFECYCLES, o.lifecycle),
    schedule: zeros(SCHEDULES, o.schedule),
    health: zeros(COLOURS, o.health),
    noRecentReport: o.noRecentReport ?? 0,
    completed: o.lifecycle.accepted ?? 0,
    completionRate: o.completionRate,
    onTimeRate: o.onTimeRate,
    overdue: o.schedule.overdue ?? 0,
    late: o.late ?? 0,
    meanDaysLate: o.meanDaysLate ?? null,
    maxDaysLate: o.maxDaysLate ?? null,
  };
}

const EMPTY = stats({
  total: 0,
  lifecycle: {},
  schedule: {},
  health: {},
  completionRate: null,
  onTimeRate: null,
});

// ---- hand-computed groups, 2021-07-31 (everything known; the backdated report changes no count then)
const M1_JUL = stats({
  total: 1,
  lifecycle: { accepted: 1 },
  schedule: { completed_on_time: 1 },
  health: { green: 1 },
  completionRate: 1,
  onTimeRate: 1,
});
const M2_JUL = stats({
  total: 1,
  lifecycle: { accepted: 1 },
  schedule: { completed_late: 1 },
  health: { green: 1 },
  completionRate: 1,
  onTimeRate: 0,
  late: 1,
  meanDaysLate: 10,
  maxDaysLate: 10,
});
const M3_JUL = stats({
  total: 1,
  lifecycle: { in_progress: 1 },
  schedule: { overdue: 1 },
  health: { red: 1 },
  completionRate: 0,
  onTimeRate: 0,
  late: 1,
  meanDaysLate: 31,
  maxDaysLate: 31,
});
const M4_JUL = stats({
  total: 1,
  lifecycle: { in_progress: 1 },
  schedule: { not_due: 1 },
  health: { green: 1 },
  completionRate: 0,
  onTimeRate: null,
});
const CORE_JUL = stats({
  total: 2,
  lifecycle: { accepted: 2 },
  schedule: { completed_on_time: 1, completed_late: 1 },
  health: { green: 2 },
  completionRate: 1,
  onTimeRate: 0.5,
  late: 1,
  meanDaysLate: 10,
  maxDaysLate: 10,
});
const BAY_JUL = stats({
  total: 2,
  lifecycle: { in_progress: 2 },
  schedule: { overdue: 1, not_due: 1 },
  health: { red: 1, green: 1 },
  completionRate: 0,
  onTimeRate: 0,
  late: 1,
  meanDaysLate: 31,
  maxDaysLate: 31,
});
const ALL_JUL = stats({
  total: 4,
  lifecycle: { accepted: 2, in_progress: 2 },
  schedule: { completed_on_time: 1, completed_late: 1, overdue: 1, not_due: 1 },
  health: { green: 3, red: 1 },
  completionRate: 0.5,
  onTimeRate: 0.3333,
  late: 2,
  meanDaysLate: 20.5,
  maxDaysLate: 31,
});

// ---- 2021-06-15, everything known
const CORE_JUN = stats({
  total: 2,
  lifecycle: { in_progress: 2 },
  schedule: { due_soon: 2 },
  health: { amber: 1, green: 1 },
  completionRate: 0,
  onTimeRate: null,
});
const BAY_JUN = stats({
  total: 2,
  lifecycle: { in_progress: 2 },
  schedule: { due_soon: 1, not_due: 1 },
  health: { amber: 1, green: 1 },
  completionRate: 0,
  onTimeRate: null,
});
const ALL_JUN = stats({
  total: 4,
  lifecycle: { in_progress: 4 },
  schedule: { due_soon: 3, not_due: 1 },
  health: { amber: 2, green: 2 },
  completionRate: 0,
  onTimeRate: null,
});
// ---- 2021-06-15 as known before the backdated report was recorded: M3 grey (silent since 03-01)
const BAY_JUN_BEFORE = stats({
  total: 2,
  lifecycle: { in_progress: 2 },
  schedule: { due_soon: 1, not_due: 1 },
  health: { grey: 1, green: 1 },
  noRecentReport: 1,
  completionRate: 0,
  onTimeRate: null,
});
const ALL_JUN_BEFORE = stats({
  total: 4,
  lifecycle: { in_progress: 4 },
  schedule: { due_soon: 3, not_due: 1 },
  health: { amber: 1, green: 2, grey: 1 },
  noRecentReport: 1,
  completionRate: 0,
  onTimeRate: null,
});

describe('read models: completion and lateness per zone, district, unit, section and year (real HTTP)', () => {
  let t: TestApp;
  let beforeBackdated: string;
  let lastPosition: number;

  beforeAll(async () => {
    t = await startTestApp({}, { clock: new FixedClock('2021-07-31T04:00:00Z') });
    const store = t.app.get(EventStore);
    const append = async (
      s: Spec,
      events: { type: string; data: unknown; day: string; backdated?: boolean }[],
    ) => {
      const stream = milestoneStreamId(s.id);
      const version = (await store.readStream(stream)).length;
      const r = await store.append(
        stream,
        events.map((e) => ({
          eventId: newEventId(),
          type: e.type,
          data: e.data,
          metadata: {
            occurredAt: e.day === 'plan' ? PLAN_START : at(e.day),
            ...(e.backdated ? { backdated: true } : {}),
          },
        })),
        version === 0 ? 'no_stream' : version,
      );
      lastPosition = r.position;
    };
    await store.append(
      planStreamId(PLAN_KEY),
      [
        {
          eventId: newEventId(),
          type: PLAN_IMPORTED,
          data: planImported(),
          metadata: { occurredAt: new Date().toISOString() },
        },
      ],
      'no_stream',
    );
    for (const s of Object.values(M))
      await append(s, [{ type: 'MilestonePlanned', data: planned(s), day: 'plan' }]);
    const evidence = [
      { name: '验收报告.pdf', sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    ];
    await append(M.M1, [
      { type: 'ProgressReported', data: { percent: 50, narrative: '过半' }, day: '2021-03-15' },
      { type: 'ProgressReported', data: { percent: 85, narrative: '主体完工' }, day: '2021-06-01' },
      {
        type: 'CompletionSubmitted',
        data: { completedOn: '2021-06-20', narrative: '已完成', evidence },
        day: '2021-06-20',
      },
      { type: 'CompletionAccepted', data: {}, day: '2021-06-25' },
    ]);
    await append(M.M2, [
      { type: 'ProgressReported', data: { percent: 60, narrative: '推进中' }, day: '2021-04-01' },
      { type: 'ProgressReported', data: { percent: 90, narrative: '收尾' }, day: '2021-06-05' },
      {
        type: 'CompletionSubmitted',
        data: { completedOn: '2021-07-10', narrative: '已完成', evidence },
        day: '2021-07-10',
      },
      { type: 'CompletionAccepted', data: {}, day: '2021-07-15' },
    ]);
    await append(M.M3, [
      { type: 'ProgressReported', data: { percent: 30, narrative: '征地中' }, day: '2021-03-01' },
    ]);
    await append(M.M4, [
      {
        type: 'DueDateRebaselined',
        data: { newDueDate: '2021-12-31', previousDueDate: '2021-06-30', reason: '经市政府同意调整' },
        day: '2021-05-10',
      },
      { type: 'ProgressReported', data: { percent: 60, narrative: '六成' }, day: '2021-06-15' },
      { type: 'ProgressReported', data: { percent: 70, narrative: '七成' }, day: '2021-07-20' },
    ]);
    // Wait for the projection, then note the instant: everything so far is known, the backdated report not yet.
    expect(
      (
        await t.request('GET', '/api/v1/stats/years', { headers: { 'X-Min-Position': String(lastPosition) } })
      ).headers.get('x-position-reached'),
    ).toBe('true');
    beforeBackdated = (await store.readAll(lastPosition - 1, 1))[0]!.recordedAt.toISOString();
    await new Promise((r) => setTimeout(r, 20));
    await append(M.M3, [
      {
        type: 'ProgressReported',
        data: { percent: 80, narrative: '补报：六月初已完成八成' },
        day: '2021-06-10',
        backdated: true,
      },
    ]);
  }, 60_000);

  afterAll(async () => t.close());

  const get = async (path: string) => {
    const r = await t.request('GET', path, { headers: { 'X-Min-Position': String(lastPosition) } });
    expect(r.headers.get('x-position-reached')).toBe('true');
    expect(r.status).toBe(200);
    return r.body;
  };
  const byKey = (groups: { key: unknown }[]) =>
    Object.fromEntries(
      groups.map(({ key, name: _name, ...rest }: { key: unknown; name?: string }) => [String(key), rest]),
    );

  describe('after the due dates (2021-07-31, also "now")', () => {
    it('per zone', async () => {
      const now = await get('/api/v1/stats/zones');
      expect(now).toMatchObject({ asOf: '2021-07-31', knownAt: null, position: expect.any(Number) });
      expect(now.position).toBeGreaterThanOrEqual(lastPosition);
      expect(byKey(now.groups)).toEqual({ 都市核心区: CORE_JUL, 大广海湾区: BAY_JUL });
      expect(now.overall).toEqual(ALL_JUL);
      expect((await get('/api/v1/stats/zones?asOf=2021-07-31')).groups).toEqual(now.groups);
    });

    it('per district: a milestone of two districts counts in both', async () => {
      const r = await get('/api/v1/stats/districts?asOf=2021-07-31');
      expect(byKey(r.groups)).toEqual({ 蓬江区: M1_JUL, 江海区: M2_JUL, 台山市: BAY_JUL, 恩平市: M4_JUL });
      expect(r.overall).toEqual(ALL_JUL);
    });

    it('per unit, lead and cooperating apart', async () => {
      const r = await get('/api/v1/stats/units?asOf=2021-07-31');
      expect(byKey(r.groups)).toEqual({
        'dept-commerce': { lead: M2_JUL, cooperating: M1_JUL },
        'dept-transport': { lead: M1_JUL, cooperating: M3_JUL },
        'gov-taishan': { lead: BAY_JUL, cooperating: EMPTY },
      });
      expect(r.groups.map((g: { name: string }) => g.name)).toEqual([
        '市商务局',
        '市交通运输局',
        '台山市政府',
      ]);
    });

    it('per section and per year', async () => {
      const sections = await get('/api/v1/stats/sections?asOf=2021-07-31');
      expect(byKey(sections.groups)).toEqual({ 1: CORE_JUL, 2: M3_JUL, 4: M4_JUL });
      const years = await get('/api/v1/stats/years?asOf=2021-07-31');
      expect(byKey(years.groups)).toEqual({ 2021: ALL_JUL });
      expect(years.groups[0].name).toBe('2021年');
    });

    it('as known before the backdated report: the same counts (overdue wins), another percent', async () => {
      const r = await get(
        `/api/v1/stats/zones?asOf=2021-07-31&knownAt=${encodeURIComponent(beforeBackdated)}`,
      );
      expect(r.knownAt).toBe(beforeBackdated);
      expect(byKey(r.groups)).toEqual({ 都市核心区: CORE_JUL, 大广海湾区: BAY_JUL });
      const m3 = await get(
        `/api/v1/milestones/sc-m3/board?knownAt=${encodeURIComponent(beforeBackdated)}&asOf=2021-07-31`,
      );
      expect(m3).toMatchObject({ percent: 30, lastReportOn: '2021-03-01', backdatedEvents: 0 });
    });

    it('lists the board rows with the three axes and the days', async () => {
      const r = await get('/api/v1/milestones?sort=-daysLate');
      expect(r).toMatchObject({ asOf: '2021-07-31', total: 4, page: 1, pageSize: 50 });
      expect(r.items.map((i: { id: string }) => i.id)).toEqual(['sc-m3', 'sc-m2', 'sc-m1', 'sc-m4']);
      const [m3, m2, m1, m4] = r.items;
      expect(m3).toMatchObject({
        lifecycle: 'in_progress',
        lifecycleZh: '推进中',
        percent: 80,
        lastReportOn: '2021-06-10',
        backdatedEvents: 1,
        schedule: { state: 'overdue', zh: '已逾期', daysOverdue: 31, daysLate: 31, daysLateVsBaseline: 31 },
        health: {
          colour: 'red',
          zh: '红',
          reasons: [
            { code: 'overdue', zh: '已逾期31天（截止日期2021-06-30）' },
            { code: 'behind_schedule', zh: '进度80%，低于预期进度100%的85%' },
          ],
        },
        leadUnits: [{ id: 'gov-taishan' }],
        cooperatingUnits: [{ id: 'dept-transport' }],
      });
      expect(m2).toMatchObject({
        lifecycle: 'accepted',
        submittedOn: '2021-07-10',
        acceptedOn: '2021-07-15',
        schedule: { state: 'completed_late', daysLate: 10 },
        health: {
          colour: 'green',
          reasons: [{ code: 'accepted', zh: '已于2021-07-15销号（逾期10天完成）' }],
        },
      });
      expect(m1).toMatchObject({ schedule: { state: 'completed_on_time' }, submittedOn: '2021-06-20' });
      expect(m4).toMatchObject({
        baselineDueDate: '2021-06-30',
        dueDate: '2021-12-31',
        percent: 70,
        schedule: { state: 'not_due', rebaselined: true, daysToDue: 153, daysLateVsBaseline: 31 },
        health: { colour: 'green' },
      });
    });

    it('filters by zone, unit and role, schedule, health, year and text', async () => {
      const ids = async (query: string) =>
        (await get(`/api/v1/milestones?${query}`)).items.map((i: { id: string }) => i.id);
      expect(await ids(`zone=${encodeURIComponent('大广海湾区')}`)).toEqual(['sc-m3', 'sc-m4']);
      expect(await ids('unit=dept-transport')).toEqual(['sc-m1', 'sc-m3']);
      expect(await ids('unit=dept-transport&role=lead')).toEqual(['sc-m1']);
      expect(await ids('schedule=overdue,completed_late')).toEqual(['sc-m2', 'sc-m3']);
      expect(await ids('health=red')).toEqual(['sc-m3']);
      expect(await ids('year=2021&lifecycle=accepted&sort=id')).toEqual(['sc-m1', 'sc-m2']);
      expect(await ids(`q=${encodeURIComponent('sc-m4')}`)).toEqual(['sc-m4']);
      expect(await ids(`district=${encodeURIComponent('恩平市')}`)).toEqual(['sc-m4']);
      expect(await ids('section=2')).toEqual(['sc-m3']);
      const page = await get('/api/v1/milestones?pageSize=3&page=2&sort=id');
      expect(page).toMatchObject({ total: 4, page: 2, pageSize: 3, items: [{ id: 'sc-m4' }] });
    });
  });

  describe('before the due dates (2021-06-15)', () => {
    it('per zone, as known now and as known before the backdated report was recorded', async () => {
      const now = await get('/api/v1/stats/zones?asOf=2021-06-15');
      expect(byKey(now.groups)).toEqual({ 都市核心区: CORE_JUN, 大广海湾区: BAY_JUN });
      expect(now.overall).toEqual(ALL_JUN);
      const before = await get(
        `/api/v1/stats/zones?asOf=2021-06-15&knownAt=${encodeURIComponent(beforeBackdated)}`,
      );
      expect(byKey(before.groups)).toEqual({ 都市核心区: CORE_JUN, 大广海湾区: BAY_JUN_BEFORE });
      expect(before.overall).toEqual(ALL_JUN_BEFORE);
    });

    it('per district, unit, section and year', async () => {
      const amberM1 = stats({
        total: 1,
        lifecycle: { in_progress: 1 },
        schedule: { due_soon: 1 },
        health: { amber: 1 },
        completionRate: 0,
        onTimeRate: null,
      });
      const greenM2 = stats({
        total: 1,
        lifecycle: { in_progress: 1 },
        schedule: { due_soon: 1 },
        health: { green: 1 },
        completionRate: 0,
        onTimeRate: null,
      });
      const amberM3 = amberM1;
      const greenM4 = stats({
        total: 1,
        lifecycle: { in_progress: 1 },
        schedule: { not_due: 1 },
        health: { green: 1 },
        completionRate: 0,
        onTimeRate: null,
      });
      expect(byKey((await get('/api/v1/stats/districts?asOf=2021-06-15')).groups)).toEqual({
        蓬江区: amberM1,
        江海区: greenM2,
        台山市: BAY_JUN,
        恩平市: greenM4,
      });
      expect(byKey((await get('/api/v1/stats/units?asOf=2021-06-15')).groups)).toEqual({
        'dept-commerce': { lead: greenM2, cooperating: amberM1 },
        'dept-transport': { lead: amberM1, cooperating: amberM3 },
        'gov-taishan': { lead: BAY_JUN, cooperating: EMPTY },
      });
      expect(byKey((await get('/api/v1/stats/sections?asOf=2021-06-15')).groups)).toEqual({
        1: CORE_JUN,
        2: amberM3,
        4: greenM4,
      });
      expect(byKey((await get('/api/v1/stats/years?asOf=2021-06-15')).groups)).toEqual({ 2021: ALL_JUN });
    });

    it('shows why, for the rows: slightly behind, recovering, and grey as known before the backdated report', async () => {
      const r = await get('/api/v1/milestones?asOf=2021-06-15&sort=id');
      const [m1, m2, m3, m4] = r.items;
      expect(m1).toMatchObject({ percent: 85, schedule: { state: 'due_soon', daysToDue: 15 } });
      expect(m1.health.reasons.map((x: { code: string }) => x.code)).toEqual(['slightly_behind']);
      expect(m1.health.reasons[0].zh).toBe('进度85%，低于预期进度91.7%的95%');
      expect(m2.health).toMatchObject({ colour: 'green', reasons: [{ code: 'on_track' }] });
      expect(m3).toMatchObject({ percent: 80, lastReportOn: '2021-06-10' });
      expect(m3.health.reasons.map((x: { code: string }) => x.code)).toEqual([
        'slightly_behind',
        'recovering_from_red',
      ]);
      expect(m3.health.reasons[1].zh).toBe('自2021-03-06起曾为红色，现已好转但尚未销号');
      expect(m4).toMatchObject({
        percent: 60,
        schedule: { state: 'not_due', daysToDue: 199 },
        health: { colour: 'green' },
      });

      const before = await get(
        `/api/v1/milestones/sc-m3/board?asOf=2021-06-15&knownAt=${encodeURIComponent(beforeBackdated)}`,
      );
      expect(before).toMatchObject({
        percent: 30,
        lastReportOn: '2021-03-01',
        health: { colour: 'grey', reasons: [{ code: 'no_recent_report', detail: { daysSinceReport: 106 } }] },
      });
    });

    it('does not know a milestone before its plan was in force', async () => {
      expect((await get('/api/v1/stats/zones?asOf=2019-12-31')).overall.total).toBe(0);
      const r = await t.request('GET', '/api/v1/milestones/sc-m1/board?asOf=2019-12-31');
      expect(r.status).toBe(404);
      expect(r.body).toMatchObject({ code: 'MILESTONE_NOT_FOUND', field: 'id' });
    });
  });

  it('refuses bad parameters with problem+json naming the field', async () => {
    const cases: [string, string, string][] = [
      ['/api/v1/stats/zones?asOf=2021-02-30', 'asOf', 'AS_OF_INVALID'],
      ['/api/v1/milestones?knownAt=yesterday', 'knownAt', 'KNOWN_AT_INVALID'],
      [`/api/v1/stats/units?zone=${encodeURIComponent('不存在区')}`, 'zone', 'UNKNOWN_ZONE'],
      ['/api/v1/milestones?unit=no-such-unit', 'unit', 'UNKNOWN_UNIT'],
      ['/api/v1/milestones?pageSize=500', 'pageSize', 'PAGE_SIZE_TOO_LARGE'],
      ['/api/v1/milestones?sort=colour', 'sort', 'SORT_INVALID'],
      ['/api/v1/milestones?health=purple', 'health', 'HEALTH_INVALID'],
      ['/api/v1/milestones?role=lead', 'role', 'ROLE_WITHOUT_UNIT'],
      ['/api/v1/stats/years?section=9', 'section', 'UNKNOWN_SECTION'],
      ['/api/v1/milestones?colour=red', 'colour', 'VALIDATION_FAILED'],
    ];
    for (const [path, field, code] of cases) {
      const r = await t.request('GET', path);
      expect({
        path,
        status: r.status,
        type: r.headers.get('content-type'),
        field: r.body.field,
        code: r.body.code,
      }).toEqual({
        path,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
        field,
        code,
      });
      expect(r.body.detailZh).toEqual(expect.any(String));
    }
    expect((await t.request('GET', '/api/v1/milestones/nope/health-history')).status).toBe(404);
  });
});
