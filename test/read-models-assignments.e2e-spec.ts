import {
  counts,
  NONE,
  PENGJIANG,
  startSeparatelyScenario,
  TAISHAN,
  TRANSPORT,
  type SeparatelyScenario,
} from './support/assignments-scenario';

/**
 * Issue #14 with hand-computed expectations: a 分别牵头 milestone (T24-2021 in small, city-wide), two lead units,
 * through the real command path (each unit reports on its own share; the office's 销号 goes to the one claim).
 *
 *   sa-t24 全市, due 2021-06-30, 蓬江区政府 and 台山市政府 lead separately, 市交通运输局 cooperates
 *     蓬江区政府: 50 % (03-15), completion claimed 06-20, accepted 06-25 → completed on time
 *     台山市政府: 40 % (04-01), 80 % (06-28), nothing more → overdue from 07-01
 *   sa-bay 大广海湾区 (台山市), due 2021-12-31, 台山市政府 alone: 70 % (07-20)
 *
 * On 2021-07-31 ("today"): 蓬江's share accepted, on time, green; 台山's in progress, overdue by 31 days, red
 * (overdue, and 80 % is behind 85 % of the expected 100 %). The milestone: in progress (one share accepted, one
 * not), its worst share's schedule and health (overdue, red), 31 days late, percent (100 + 80) / 2 = 90 with the
 * spread 80–100. sa-bay: 70 % of an expected 211 / 364 = 58.0 % — on track (green), not due.
 * On 2021-06-22: 蓬江's share submitted in time (not due, green: awaiting acceptance); 台山's at 40 %, due within
 * 30 days (due soon), silent since 04-01 (82 days > 31: grey); the milestone in progress, due soon, grey, 70 %
 * (40–100). sa-bay planned, silent since the period began: grey.
 */

describe('read models: a 分别牵头 milestone, one lead unit on time and one late (real HTTP)', () => {
  let scenario: SeparatelyScenario;
  const get = (path: string, as?: string) => scenario.get(path, as);

  beforeAll(async () => {
    scenario = await startSeparatelyScenario();
  }, 60_000);
  afterAll(async () => scenario.t.close());

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever came back
  const byKey = (groups: { key: unknown; name?: string }[]): Record<string, any> =>
    Object.fromEntries(groups.map(({ key, name: _name, ...rest }) => [String(key), rest]));

  it('credits each unit with its own share: the on-time unit 1 completed on time, the late unit 1 overdue', async () => {
    const r = (await get('/api/v1/stats/units')).body;
    expect(r.asOf).toBe('2021-07-31');
    expect(byKey(r.groups)).toEqual({
      [TRANSPORT]: {
        lead: NONE,
        // It cooperates on the milestone: counted once, by the milestone's state.
        cooperating: counts({
          total: 1,
          lifecycle: { in_progress: 1 },
          schedule: { overdue: 1 },
          health: { red: 1 },
          completionRate: 0,
          punctualityRate: 0,
          daysLate: 31,
        }),
      },
      [PENGJIANG]: {
        lead: counts({
          total: 1,
          lifecycle: { accepted: 1 },
          schedule: { completed_on_time: 1 },
          health: { green: 1 },
          completionRate: 1,
          punctualityRate: 1,
        }),
        cooperating: NONE,
      },
      [TAISHAN]: {
        // Its share of sa-t24 (overdue, red) and sa-bay (not due, green); nothing of 蓬江's completion.
        lead: counts({
          total: 2,
          lifecycle: { in_progress: 2 },
          schedule: { overdue: 1, not_due: 1 },
          health: { red: 1, green: 1 },
          completionRate: 0,
          punctualityRate: 0,
          daysLate: 31,
        }),
        cooperating: NONE,
      },
    });
    expect(r.definitions.punctualityRate.zh).toContain('按期完成率（已到期）');
    expect(r.definitions.completionRate.en).toContain('accepted');
  });

  it('counts the milestone once per zone as overdue and red, under 全市, and says how many the zones leave out', async () => {
    const r = (await get('/api/v1/stats/zones')).body;
    const bay = counts({
      total: 1,
      lifecycle: { in_progress: 1 },
      schedule: { not_due: 1 },
      health: { green: 1 },
      completionRate: 0,
      punctualityRate: null,
    });
    const cityWide = counts({
      total: 1,
      lifecycle: { in_progress: 1 },
      schedule: { overdue: 1 },
      health: { red: 1 },
      completionRate: 0,
      punctualityRate: 0,
      daysLate: 31,
    });
    expect(r.groups.map((g: { key: string; name: string }) => [g.key, g.name])).toEqual([
      ['大广海湾区', '大广海湾区'],
      ['全市', '全市'],
    ]);
    expect(byKey(r.groups)).toEqual({
      大广海湾区: { ...bay, cityWideExcluded: 1 },
      全市: { ...cityWide, cityWideExcluded: 0 },
    });
    expect(r.cityWideExcluded).toBe(1);
    expect(r.overall).toEqual(
      counts({
        total: 2,
        lifecycle: { in_progress: 2 },
        schedule: { overdue: 1, not_due: 1 },
        health: { red: 1, green: 1 },
        completionRate: 0,
        punctualityRate: 0,
        daysLate: 31,
      }),
    );
    const ids = async (q: string) =>
      (await get(`/api/v1/milestones?zone=${encodeURIComponent(q)}`)).body.items.map(
        (i: { id: string }) => i.id,
      );
    expect(await ids('全市')).toEqual(['sa-t24']);
    expect(await ids('大广海湾区')).toEqual(['sa-bay']);
  });

  it('shows both shares on the board, with the spread', async () => {
    const r = (await get('/api/v1/milestones/sa-t24/board')).body;
    expect(r).toMatchObject({
      id: 'sa-t24',
      cityWide: true,
      zones: [],
      lifecycle: 'in_progress',
      percent: 90,
      percentRange: { min: 80, max: 100 },
      dueDate: '2021-06-30',
      acceptedOn: null,
      schedule: { state: 'overdue', daysOverdue: 31, daysLate: 31 },
      health: { colour: 'red' },
    });
    expect(r.health.reasons.map((x: { assignment: string; code: string }) => [x.assignment, x.code])).toEqual(
      [
        [TAISHAN, 'overdue'],
        [TAISHAN, 'behind_schedule'],
      ],
    );
    expect(r.assignments).toEqual([
      expect.objectContaining({
        key: PENGJIANG,
        leadUnits: [{ id: PENGJIANG, name: '蓬江区政府' }],
        lifecycle: 'accepted',
        percent: 100,
        submittedOn: '2021-06-20',
        acceptedOn: '2021-06-25',
        daysLate: null,
        schedule: expect.objectContaining({ state: 'completed_on_time' }),
        health: expect.objectContaining({ colour: 'green' }),
      }),
      expect.objectContaining({
        key: TAISHAN,
        leadUnits: [{ id: TAISHAN, name: '台山市政府' }],
        lifecycle: 'in_progress',
        percent: 80,
        daysLate: 31,
        schedule: expect.objectContaining({ state: 'overdue', daysOverdue: 31 }),
        health: expect.objectContaining({ colour: 'red' }),
      }),
    ]);
    const list = (await get('/api/v1/milestones?sort=id')).body.items;
    expect(list.map((i: { id: string; percentRange: unknown }) => [i.id, i.percentRange])).toEqual([
      ['sa-bay', null],
      ['sa-t24', { min: 80, max: 100 }],
    ]);
    expect(list[0].assignments).toBeUndefined();
    expect(list[1].assignments.map((a: { key: string }) => a.key)).toEqual([PENGJIANG, TAISHAN]);
  });

  it('puts it on the late unit’s agenda (its own share), not on the on-time unit’s', async () => {
    const taishan = (await get(`/api/v1/units/${TAISHAN}/agenda`, scenario.token[TAISHAN])).body;
    expect(taishan.overdue).toEqual([
      expect.objectContaining({
        role: 'lead',
        assignment: TAISHAN,
        milestone: expect.objectContaining({ id: 'sa-t24' }),
      }),
    ]);
    expect(taishan.totals).toMatchObject({ overdue: 1, awaitingAcceptance: 0 });
    const pengjiang = (await get(`/api/v1/units/${PENGJIANG}/agenda`, scenario.token[PENGJIANG])).body;
    expect(pengjiang.totals).toEqual({
      overdue: 0,
      dueSoon: 0,
      awaitingReport: 0,
      returned: 0,
      awaitingAcceptance: 0,
    });
    const transport = (await get(`/api/v1/units/${TRANSPORT}/agenda`, scenario.token.office)).body;
    expect(
      transport.overdue.map((i: { role: string; milestone: { id: string } }) => [i.role, i.milestone.id]),
    ).toEqual([['cooperating', 'sa-t24']]);
  });

  it('answers for an earlier date: one share submitted in time, the other due soon and silent', async () => {
    const units = (await get('/api/v1/stats/units?asOf=2021-06-22')).body;
    expect(byKey(units.groups)[PENGJIANG].lead).toEqual(
      counts({
        total: 1,
        lifecycle: { submitted: 1 },
        schedule: { not_due: 1 },
        health: { green: 1 },
        completionRate: 0,
        punctualityRate: null,
      }),
    );
    expect(byKey(units.groups)[TAISHAN].lead).toEqual(
      counts({
        total: 2,
        lifecycle: { in_progress: 1, planned: 1 },
        schedule: { due_soon: 1, not_due: 1 },
        health: { grey: 2 },
        noRecentReport: 2,
        completionRate: 0,
        punctualityRate: null,
      }),
    );
    const board = (await get('/api/v1/milestones/sa-t24/board?asOf=2021-06-22')).body;
    expect(board).toMatchObject({
      lifecycle: 'in_progress',
      percent: 70,
      percentRange: { min: 40, max: 100 },
      schedule: { state: 'due_soon', daysToDue: 8 },
      health: { colour: 'grey' },
    });
  });

  it('keeps a health history per share: ?assignment= names it, and a milestone of several asks for it', async () => {
    const missing = await get('/api/v1/milestones/sa-t24/health-history');
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'ASSIGNMENT_REQUIRED', field: 'assignment' });
    const unknown = await get('/api/v1/milestones/sa-t24/health-history?assignment=gov-nobody');
    expect(unknown.body).toMatchObject({ code: 'ASSIGNMENT_UNKNOWN', field: 'assignment' });
    const late = (await get(`/api/v1/milestones/sa-t24/health-history?assignment=${TAISHAN}`)).body;
    expect(late.assignment).toEqual({ key: TAISHAN, leadUnits: [TAISHAN] });
    expect(late.assignments.map((a: { key: string }) => a.key)).toEqual([PENGJIANG, TAISHAN]);
    // Red from 06-28 (80 % is behind 85 % of the expected 98.9 %), and overdue from 07-01.
    expect(late.current).toMatchObject({ colour: 'red', since: '2021-06-28' });
    expect(late.changes.slice(-2).map((c: { effectiveOn: string }) => c.effectiveOn)).toEqual([
      '2021-06-28',
      '2021-07-01',
    ]);
    const onTime = (await get(`/api/v1/milestones/sa-t24/health-history?assignment=${PENGJIANG}`)).body;
    expect(onTime.current).toMatchObject({ colour: 'green', since: '2021-06-20' });
    expect(onTime.changes.at(-1)).toMatchObject({
      effectiveOn: '2021-06-25',
      reasons: [{ code: 'accepted' }],
    });
    const single = (await get('/api/v1/milestones/sa-bay/health-history')).body;
    expect(single.assignment.key).toBe(TAISHAN);
  });
});
