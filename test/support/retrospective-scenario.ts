import { EventStore } from '@app/event-store';
import { FixedClock } from '@app/platform';
import type { DatabaseClock } from '@app/reports/testing';
import { writeAlertsOf2021 } from './retrospective-alerts';
import { EVIDENCE, scenarioSteps } from './retrospective-steps';
import { createToken, startSeededAppAt } from './seeded-app';
import type { TestApp, TestResponse } from './test-app';

export { M } from './retrospective-steps';

export interface RetrospectiveApp {
  readonly t: TestApp;
  /** The service's clock and the database's (recorded_at): the scenario moves both. */
  readonly clock: FixedClock;
  readonly dbClock: DatabaseClock;
  readonly supervisor: string;
  readonly viewer: string;
  /** Reporters of 发改局 (dpc), 工信局 (it), 农业农村局 (agri), 财政局 (finance). */
  readonly reporter: Readonly<Record<'dpc' | 'it' | 'agri' | 'finance', string>>;
  /** GET as this token (the admin's without one). */
  get(p: string, token?: string): Promise<TestResponse>;
  close(): Promise<void>;
}

/** The seed plan served with both clocks at 2020-01-05 (`startSeededAppAt`), and the scenario's tokens. */
export async function startRetrospectiveApp(): Promise<RetrospectiveApp> {
  const clock = new FixedClock('2020-01-05T02:00:00Z');
  const { t, dbClock } = await startSeededAppAt(clock);
  const close = async () => {
    await dbClock.close();
    await t.close();
  };
  try {
    const token = (role: string, name: string, unit?: string) => createToken(t, role, name, unit);
    return {
      t,
      clock,
      dbClock,
      supervisor: await token('supervisor', '督查室王五'),
      viewer: await token('viewer', '审计'),
      reporter: {
        dpc: await token('reporter', '发改局填报员', 'dept-development-reform'),
        it: await token('reporter', '工信局填报员', 'dept-industry-it'),
        agri: await token('reporter', '农业农村局填报员', 'dept-agriculture-rural'),
        finance: await token('reporter', '财政局填报员', 'dept-finance'),
      },
      get: (p, token) => t.request('GET', p, token === undefined ? {} : { token }),
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * The 2021 review of the seed plan after a scenario with one milestone of each outcome, reported through the
 * HTTP commands at the dates they happened: the app clock and the database clock (recorded_at) move together,
 * so "recorded in January about December" is real. Every expected figure below is hand-computed from the seed
 * plan (zones, districts, lead units and sections of each task) and the scenario.
 */
export async function reportScenario(s: RetrospectiveApp): Promise<void> {
  const { t, clock, dbClock, supervisor, viewer, reporter } = s;
  const { at, post, ms } = scenarioSteps(t, clock, dbClock);
  // 2020: T01-2020 moved into 2021 (carried over), then done late.
  await at('2020-11-15T02:00:00Z');
  await post(supervisor, ms('T01-2020', 'rebaseline'), {
    newDueDate: '2021-03-31',
    reason: '受疫情影响，推迟至2021年一季度',
  });
  await at('2021-04-21T02:00:00Z');
  await post(reporter.dpc, ms('T01-2020', 'completion'), {
    completedOn: '2021-04-20',
    narrative: '已完成',
    evidence: EVIDENCE,
  });
  await at('2021-04-25T02:00:00Z');
  await post(supervisor, ms('T01-2020', 'acceptance'), {});
  await at('2021-04-30T02:00:00Z');
  await post(reporter.it, ms('T06-2021', 'progress'), { percent: 30, narrative: '已举办推介会 1 场' });
  await at('2021-09-01T02:00:00Z');
  await post(supervisor, ms('T10-2021', 'cancellation'), { reason: '项目调整，纳入省重点项目统筹' });
  await at('2021-10-15T02:00:00Z');
  await post(reporter.it, ms('T07-2021', 'delays'), {
    reason: '芯片短缺导致技改项目推迟',
    forecastDate: '2022-03-31',
  });
  await post(reporter.it, ms('T07-2021', 'progress'), {
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
  await post(reporter.agri, ms('T16-2021', 'progress'), { percent: 80, narrative: '已培育 2 家' });
  await at('2021-12-15T02:00:00Z');
  await post(reporter.dpc, ms('T08-2021', 'completion'), {
    completedOn: '2021-12-15',
    narrative: '已完成',
    evidence: EVIDENCE,
  });
  await at('2021-12-20T02:00:00Z');
  await post(supervisor, ms('T08-2021', 'return'), { reason: '佐证材料不全' });
  await at('2021-12-28T02:00:00Z');
  await post(reporter.it, ms('T06-2021', 'completion'), {
    completedOn: '2021-12-20',
    narrative: '全年引进项目 52 个',
    evidence: EVIDENCE,
    indicatorActuals: [
      { metric: '策划举办投资推介活动', actual: 2 },
      { metric: '引进投资超亿元的产业项目', actual: 52 },
    ],
  });
  await at('2021-12-29T02:00:00Z');
  await post(reporter.agri, ms('T15-2021', 'completion'), {
    completedOn: '2021-12-25',
    narrative: '信誉农场 10 个',
    evidence: EVIDENCE,
  });
  await at('2021-12-30T02:00:00Z');
  await post(supervisor, ms('T06-2021', 'acceptance'), { note: '材料齐全' });

  // Alerts of 2021, written as the alerts capability writes them (see retrospective-alerts.ts).
  await writeAlertsOf2021(t.app.get(EventStore));

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
  await post(reporter.agri, ms('T16-2021', 'completion'), {
    completedOn: '2021-12-28',
    narrative: '培育市级以上重点龙头企业 3 家',
    evidence: EVIDENCE,
  });
  await at('2022-01-08T02:00:00Z');
  await post(supervisor, ms('T15-2021', 'acceptance'), {});
  await at('2022-01-10T02:00:00Z');
  await post(supervisor, ms('T16-2021', 'acceptance'), {});
  await at('2022-02-20T02:00:00Z');
  await post(reporter.finance, ms('T29-2021', 'completion'), {
    completedOn: '2022-02-15',
    narrative: '已完成',
    evidence: EVIDENCE,
  });
  await at('2022-02-25T02:00:00Z');
  await post(supervisor, ms('T29-2021', 'acceptance'), {});
  clock.set('2026-01-01T00:00:00Z');
  await dbClock.set(null);
}
