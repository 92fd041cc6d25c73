import { FixedClock } from '@app/platform';
import {
  ALL_JUL,
  ALL_JUN,
  ALL_JUN_BEFORE,
  BAY_JUL,
  BAY_JUN,
  BAY_JUN_BEFORE,
  CORE_JUL,
  CORE_JUN,
  EMPTY,
  M1_JUL,
  M2_JUL,
  M3_JUL,
  M4_JUL,
  stats,
  zone,
} from './support/read-models-expected';
import { seedScenario } from './support/read-models-scenario';
import { startTestApp, type TestApp } from './support/test-app';

/** The scenario of the read-models issue, with hand-computed expectations: see `support/read-models-expected.ts`. */
describe('read models: completion and lateness per zone, district, unit, section and year (real HTTP)', () => {
  let t: TestApp;
  let beforeBackdated: string;
  let lastPosition: number;

  beforeAll(async () => {
    t = await startTestApp({}, { clock: new FixedClock('2021-07-31T04:00:00Z') });
    ({ beforeBackdated, lastPosition } = await seedScenario(t));
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
      expect(byKey(now.groups)).toEqual({ 都市核心区: zone(CORE_JUL), 大广海湾区: zone(BAY_JUL) });
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
      expect(byKey(r.groups)).toEqual({ 都市核心区: zone(CORE_JUL), 大广海湾区: zone(BAY_JUL) });
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
      expect(byKey(now.groups)).toEqual({ 都市核心区: zone(CORE_JUN), 大广海湾区: zone(BAY_JUN) });
      expect(now.overall).toEqual(ALL_JUN);
      const before = await get(
        `/api/v1/stats/zones?asOf=2021-06-15&knownAt=${encodeURIComponent(beforeBackdated)}`,
      );
      expect(byKey(before.groups)).toEqual({ 都市核心区: zone(CORE_JUN), 大广海湾区: zone(BAY_JUN_BEFORE) });
      expect(before.overall).toEqual(ALL_JUN_BEFORE);
    });

    it('per district, unit, section and year', async () => {
      const amberM1 = stats({
        total: 1,
        lifecycle: { in_progress: 1 },
        schedule: { due_soon: 1 },
        health: { amber: 1 },
        completionRate: 0,
        punctualityRate: null,
      });
      const greenM2 = stats({
        total: 1,
        lifecycle: { in_progress: 1 },
        schedule: { due_soon: 1 },
        health: { green: 1 },
        completionRate: 0,
        punctualityRate: null,
      });
      const amberM3 = amberM1;
      const greenM4 = stats({
        total: 1,
        lifecycle: { in_progress: 1 },
        schedule: { not_due: 1 },
        health: { green: 1 },
        completionRate: 0,
        punctualityRate: null,
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
