import { EventStore, newEventId } from '@app/event-store';
import { milestoneStreamId, type MilestonePlannedData } from '@app/milestones';
import { FixedClock } from '@app/platform';
import { PLAN_IMPORTED, planStreamId, type ParsedPlan } from '@app/plans';
import { startTestApp, type TestApp, type TestResponse } from './test-app';

/*
 * The 分别牵头 scenario of `read-models-assignments.e2e-spec.ts` (T24-2021 in small), played through the real
 * command path: each unit reports on its own share, the office's 销号 goes to the one claim awaiting it.
 */

const PLAN_KEY = 'sa-2021';
export const PENGJIANG = 'gov-pengjiang';
export const TAISHAN = 'gov-taishan';
export const TRANSPORT = 'dept-transport';
const EVIDENCE = [
  { name: '验收报告.pdf', sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
];

function plan(): ParsedPlan {
  return {
    planKey: PLAN_KEY,
    title: '分别牵头场景',
    source: { name: null, sha256: 'c'.repeat(64), lineCount: 0 },
    zones: [{ name: '大广海湾区', districts: [{ name: '台山市', towns: [] }], policyExtensionTowns: [] }],
    sections: [
      { no: 2, numeral: '二', title: '提升大广海湾区蓝色发展动力', zone: '大广海湾区' },
      { no: 5, numeral: '五', title: '完善区域协调发展体制机制', zone: null },
    ],
    units: [
      { id: PENGJIANG, name: '蓬江区政府', kind: 'district-government', district: '蓬江区', aliases: [] },
      { id: TAISHAN, name: '台山市政府', kind: 'district-government', district: '台山市', aliases: [] },
      { id: TRANSPORT, name: '市交通运输局', kind: 'city-department', aliases: [] },
    ],
    tasks: [],
    findings: [],
  };
}

function planned(
  id: string,
  o: Pick<
    MilestonePlannedData,
    'dueDate' | 'leadUnits' | 'cooperatingUnits' | 'zones' | 'districts' | 'section'
  >,
): MilestonePlannedData {
  return {
    milestoneId: id,
    planKey: PLAN_KEY,
    taskNo: o.section === 5 ? 24 : 7,
    taskTitle: `重点事项 ${id}`,
    period: { from: 2021, to: 2021 },
    text: `2021年，${id}。`,
    indicators: [],
    leadMode: o.leadUnits.length > 1 ? 'separately' : 'single',
    cityWide: o.zones.length === 0,
    ...o,
  };
}

const ZERO = {
  planned: 0,
  in_progress: 0,
  submitted: 0,
  accepted: 0,
  returned: 0,
  cancelled: 0,
  withdrawn: 0,
};
const NO_SCHEDULE = {
  not_due: 0,
  due_soon: 0,
  overdue: 0,
  completed_on_time: 0,
  completed_late: 0,
  cancelled: 0,
};
const NO_HEALTH = { red: 0, amber: 0, green: 0, grey: 0 };

/** A group's counts from the ones that are not zero. */
export function counts(o: {
  total: number;
  lifecycle?: Partial<typeof ZERO>;
  schedule?: Partial<typeof NO_SCHEDULE>;
  health?: Partial<typeof NO_HEALTH>;
  noRecentReport?: number;
  completionRate: number | null;
  punctualityRate: number | null;
  /** Days late of the one late milestone or share, if any. */
  daysLate?: number;
}) {
  const days = o.daysLate ?? null;
  return {
    total: o.total,
    lifecycle: { ...ZERO, ...o.lifecycle },
    schedule: { ...NO_SCHEDULE, ...o.schedule },
    health: { ...NO_HEALTH, ...o.health },
    noRecentReport: o.noRecentReport ?? 0,
    completed: o.lifecycle?.accepted ?? 0,
    completionRate: o.completionRate,
    punctualityRate: o.punctualityRate,
    overdue: o.schedule?.overdue ?? 0,
    late: days === null ? 0 : 1,
    meanDaysLate: days,
    maxDaysLate: days,
  };
}
export const NONE = counts({ total: 0, completionRate: null, punctualityRate: null });

export interface SeparatelyScenario {
  readonly t: TestApp;
  /** Reporter tokens of 蓬江 and 台山 (by unit id), and the supervising office's (`office`). */
  readonly token: Readonly<Record<string, string>>;
  /** GET once the projections reached every command's position (as the admin unless a token is given). */
  get(path: string, as?: string): Promise<TestResponse>;
}

/** A running app with the scenario played; its clock on 2021-07-31. */
export async function startSeparatelyScenario(): Promise<SeparatelyScenario> {
  let position = 0;
  const clock = new FixedClock('2021-01-01T02:00:00Z');
  const token: Record<string, string> = {};
  const t = await startTestApp({}, { clock });
  const get = async (path: string, as?: string) => {
    const r = await t.request('GET', path, {
      headers: { 'X-Min-Position': String(position) },
      ...(as ? { token: as } : {}),
    });
    expect(r.headers.get('x-position-reached')).toBe('true');
    return r;
  };
  /** A command on a day (10:00 in Asia/Shanghai): the clock is set to it, so nothing is backdated. */
  const command = async (day: string, path: string, body: object, as?: string) => {
    clock.set(`${day}T02:00:00Z`);
    const r = await t.request('POST', path, { body, ...(as ? { token: as } : {}) });
    expect({ path, status: r.status, body: r.status === 200 ? 'ok' : r.body }).toEqual({
      path,
      status: 200,
      body: 'ok',
    });
    position = Math.max(position, r.body.position as number);
  };

  const store = t.app.get(EventStore);
  const append = async (stream: string, type: string, data: unknown, occurredAt: string) => {
    const r = await store.append(
      stream,
      [{ eventId: newEventId(), type, data, metadata: { occurredAt, actor: { system: 'plan-import' } } }],
      'no_stream',
    );
    position = r.position;
  };
  const p = plan();
  await append(
    planStreamId(PLAN_KEY),
    PLAN_IMPORTED,
    {
      planKey: PLAN_KEY,
      title: p.title,
      documentSha256: p.source.sha256,
      sourceName: null,
      model: p,
      milestoneCount: 2,
    },
    new Date().toISOString(),
  );
  const planStart = '2019-12-31T16:00:00.000Z';
  await append(
    milestoneStreamId('sa-t24'),
    'MilestonePlanned',
    planned('sa-t24', {
      dueDate: '2021-06-30',
      leadUnits: [PENGJIANG, TAISHAN],
      cooperatingUnits: [TRANSPORT],
      zones: [],
      districts: [],
      section: 5,
    }),
    planStart,
  );
  await append(
    milestoneStreamId('sa-bay'),
    'MilestonePlanned',
    planned('sa-bay', {
      dueDate: '2021-12-31',
      leadUnits: [TAISHAN],
      cooperatingUnits: [],
      zones: ['大广海湾区'],
      districts: ['台山市'],
      section: 2,
    }),
    planStart,
  );
  expect((await get('/api/v1/plans')).status).toBe(200); // the catalogue knows the units now
  for (const [unit, name] of [
    [PENGJIANG, '蓬江填报员'],
    [TAISHAN, '台山填报员'],
  ] as const) {
    token[unit] = (await t.request('POST', '/api/v1/tokens', { body: { role: 'reporter', unit, name } })).body
      .token as string;
  }
  token.office = (await t.request('POST', '/api/v1/tokens', { body: { role: 'supervisor', name: '督查室' } }))
    .body.token as string;

  const progress = (percent: number) => ({ percent, narrative: `进度${percent}%` });
  await command('2021-03-15', '/api/v1/milestones/sa-t24/progress', progress(50), token[PENGJIANG]);
  await command('2021-04-01', '/api/v1/milestones/sa-t24/progress', progress(40), token[TAISHAN]);
  await command(
    '2021-06-20',
    '/api/v1/milestones/sa-t24/completion',
    { completedOn: '2021-06-20', narrative: '蓬江段已完成', evidence: EVIDENCE },
    token[PENGJIANG],
  );
  // The office's 销号 names no share: the one claim awaiting it is 蓬江's.
  await command('2021-06-25', '/api/v1/milestones/sa-t24/acceptance', {}, token.office);
  await command('2021-06-28', '/api/v1/milestones/sa-t24/progress', progress(80), token[TAISHAN]);
  await command('2021-07-20', '/api/v1/milestones/sa-bay/progress', progress(70), token[TAISHAN]);
  clock.set('2021-07-31T04:00:00Z');
  return { t, token, get };
}
