import * as fs from 'node:fs';
import * as path from 'node:path';
import { EventStore } from '@app/event-store';
import { ROOT } from './support/run-cli';
import { startTestApp, type TestApp } from './support/test-app';
import { waitFor } from './support/service-process';

const SEED = fs.readFileSync(path.join(ROOT, 'seeds/jiangmen-sanqu-2020-2022.txt'), 'utf8');

/** The seed with one milestone line changed and one line added (task 3 gains a 2021-2022 line). */
function revisedSeed(): string {
  const changed = SEED.replace(
    '2021年，围绕五大新兴产业，策划举办至少1场投资推介活动，引进至少50个投资超亿元的产业项目。',
    '2021年，围绕五大新兴产业，策划举办至少2场投资推介活动，引进至少60个投资超亿元的产业项目。',
  );
  expect(changed).not.toBe(SEED);
  const anchor =
    '2022年，初步建成以基础设施智能化、公共服务便捷化、城市管理精细化、决策支持科学化、产业经济高端化为支撑的智慧城市体系框架。';
  expect(changed).toContain(anchor);
  return changed.replace(anchor, `${anchor}\n2021-2022年，推进智慧城市运行管理平台（二期）建设。`);
}

describe('plan import and reference data (real HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // An empty database: the service imports the seed plan by itself on start.
    t = await startTestApp({ IMPORT_SEED_ON_START: 'true' });
    await waitFor(
      async () => (await t.request('GET', '/api/v1/plans')).body?.length === 1,
      20_000,
      'seed plan in catalogue',
    );
  });
  afterAll(async () => t.close());

  async function eventCount(): Promise<number> {
    const v = await t.request('GET', '/api/v1/audit/verification');
    return v.body.checked as number;
  }

  it('imports the seed on start: 3 zones, 7 districts, 73 towns, 5 sections, 36 tasks, 101 milestones', async () => {
    const [plan] = (await t.request('GET', '/api/v1/plans')).body;
    expect(plan).toMatchObject({
      planKey: 'sanqu-2020',
      counts: {
        zones: 3,
        districts: 7,
        towns: 73,
        policyExtensionTowns: 3,
        sections: 5,
        tasks: 36,
        milestones: 101,
      },
    });
    expect(plan.documentSha256).toBe('9b51371904af4c4aa8de21e386f39cd6a758973457e1224f3b9757eed047772a');
    const sections = (await t.request('GET', '/api/v1/sections')).body;
    expect(sections.map((s: { taskCount: number }) => s.taskCount)).toEqual([7, 6, 7, 6, 10]);
    const districts = (await t.request('GET', '/api/v1/districts')).body;
    expect(districts.map((d: { name: string }) => d.name).sort()).toEqual(
      ['台山市', '开平市', '恩平市', '新会区', '江海区', '蓬江区', '鹤山市'].sort(),
    );
    const zones = (await t.request('GET', '/api/v1/zones')).body;
    expect(zones.map((z: { name: string }) => z.name)).toEqual(['都市核心区', '大广海湾区', '生态发展区']);
    // The import writes 107 events: the plan's own event, 101 MilestonePlanned and 5 StandingItemPlanned (the
    // undated requirements of tasks 1, 13, 31, 32 and 36, tracked as standing items).
    expect(await eventCount()).toBe(107);
    const byType: Record<string, number> = {};
    for (const e of await t.app.get(EventStore).readAll(0, 1000)) byType[e.type] = (byType[e.type] ?? 0) + 1;
    expect(byType).toMatchObject({ MilestonePlanned: 101, StandingItemPlanned: 5 });
    expect(Object.values(byType).reduce((a, b) => a + b, 0)).toBe(107);
  });

  it('serves tasks and milestones with the Chinese text unchanged', async () => {
    const task = (await t.request('GET', '/api/v1/tasks/6')).body;
    expect(task.title).toBe('着力培育新兴产业集群');
    expect(task.milestones.map((m: { id: string }) => m.id)).toEqual([
      'sanqu-2020.T06-2020',
      'sanqu-2020.T06-2021',
      'sanqu-2020.T06-2022',
    ]);
    const m = (await t.request('GET', '/api/v1/milestones/sanqu-2020.T06-2021')).body;
    expect(m.text).toBe(
      '2021年，围绕五大新兴产业，策划举办至少1场投资推介活动，引进至少50个投资超亿元的产业项目。',
    );
    expect(m.dueDate).toBe('2021-12-31');
    expect(m.leadUnitNames).toEqual(['市工业和信息化局']);
    expect(m.indicators.map((i: { target: number }) => i.target)).toEqual([1, 50]);
    const units = (await t.request('GET', '/api/v1/units')).body;
    const gov = units.find((u: { name: string }) => u.name === '蓬江区政府');
    expect(gov).toMatchObject({ kind: 'district-government', district: '蓬江区' });
    const fixed = units.find((u: { name: string }) => u.name === '市政务服务数据管理局');
    expect(fixed.aliases).toContain('市政服务服数据管理局');
  });

  it('answers unknown ids with 404 problem+json', async () => {
    const r = await t.request('GET', '/api/v1/milestones/sanqu-2020.T99-2020');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ code: 'MILESTONE_NOT_FOUND', field: 'id' });
    expect((await t.request('GET', '/api/v1/tasks/99')).status).toBe(404);
    expect((await t.request('GET', '/api/v1/plans', { token: null })).status).toBe(401);
  });

  it('importing the same document again writes nothing', async () => {
    const before = await eventCount();
    const r = await t.request('POST', '/api/v1/plans:import', {
      body: { document: SEED, sourceName: 'again.txt' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'unchanged', eventsWritten: 0 });
    expect(await eventCount()).toBe(before);
  });

  it('a document of another shape is refused (422, field document) and nothing is written', async () => {
    const before = await eventCount();
    const r = await t.request('POST', '/api/v1/plans:import', {
      body: { document: '这不是一份计划文档。\n只是两行字。' },
    });
    expect(r.status).toBe(422);
    expect(r.body.field).toBe('document');
    expect(r.body.detailZh).toBeTruthy();
    expect(await eventCount()).toBe(before);
  });

  it('only an admin may import', async () => {
    const viewer = await t.request('POST', '/api/v1/tokens', { body: { role: 'viewer', name: 'v' } });
    const r = await t.request('POST', '/api/v1/plans:import', {
      token: viewer.body.token,
      body: { document: SEED },
    });
    expect(r.status).toBe(403);
  });

  it('a revised copy (one line changed, one added) appends exactly those two events; again, nothing', async () => {
    const before = await eventCount();
    const r = await t.request('POST', '/api/v1/plans:import', {
      body: { document: revisedSeed(), sourceName: 'revised.txt' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      status: 'revised',
      eventsWritten: 2,
      revised: ['sanqu-2020.T06-2021'],
      added: ['sanqu-2020.T03-2021-2022'],
      withdrawn: [],
    });
    expect(await eventCount()).toBe(before + 2);
    const tail = await t.request('GET', `/api/v1/milestones/sanqu-2020.T06-2021`, {
      headers: { 'x-min-position': String(r.body.position) },
    });
    expect(tail.headers.get('x-position-reached')).toBe('true');
    expect(tail.body.text).toContain('至少60个');
    const added = await t.request('GET', '/api/v1/milestones/sanqu-2020.T03-2021-2022');
    expect(added.body).toMatchObject({ dueDate: '2022-12-31', period: { from: 2021, to: 2022 } });
    const again = await t.request('POST', '/api/v1/plans:import', { body: { document: revisedSeed() } });
    expect(again.body).toMatchObject({ status: 'unchanged', eventsWritten: 0 });
    expect(await eventCount()).toBe(before + 2);
  });

  it('a milestone left out of a revised copy is withdrawn; back in the next copy, it is reinstated as it was', async () => {
    const m = 'sanqu-2020.T06-2021'; // lead: 市工业和信息化局
    const units: { id: string; name: string }[] = (await t.request('GET', '/api/v1/units')).body;
    const issued = await t.request('POST', '/api/v1/tokens', {
      body: {
        role: 'reporter',
        name: '工信局填报员',
        unit: units.find((u) => u.name === '市工业和信息化局')!.id,
      },
    });
    const lead = issued.body.token as string;
    const report = (percent: number) =>
      t.request('POST', `/api/v1/milestones/${m}/progress`, {
        token: lead,
        body: { percent, narrative: `进度${percent}%` },
      });
    const board = async (position: number) =>
      (
        await t.request('GET', `/api/v1/milestones/${m}/board`, {
          headers: { 'x-min-position': String(position) },
        })
      ).body;
    expect((await report(40)).status).toBe(200);

    const line =
      '2021年，围绕五大新兴产业，策划举办至少2场投资推介活动，引进至少60个投资超亿元的产业项目。\n';
    expect(revisedSeed()).toContain(line);
    const without = await t.request('POST', '/api/v1/plans:import', {
      body: { document: revisedSeed().replace(line, '') },
    });
    expect(without.body).toMatchObject({ status: 'revised', withdrawn: [m], revised: [], added: [] });
    expect(await board(without.body.position)).toMatchObject({ lifecycle: 'withdrawn', percent: 40 });
    const refused = await report(50);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'MILESTONE_WITHDRAWN' });

    const back = await t.request('POST', '/api/v1/plans:import', { body: { document: revisedSeed() } });
    expect(back.body).toMatchObject({ status: 'revised', revised: [m], withdrawn: [], added: [] });
    expect(await board(back.body.position)).toMatchObject({ lifecycle: 'in_progress', percent: 40 });
    const accepted = await report(50);
    expect(accepted.status).toBe(200);
    expect(await board(accepted.body.position)).toMatchObject({ lifecycle: 'in_progress', percent: 50 });
  });
});
