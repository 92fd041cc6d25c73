import { startSeededService } from './support/seeded-service';
import { type TestApp } from './support/test-app';
import { createToken } from './support/seeded-app';

const M = 'sanqu-2020.T06-2021'; // period 2021, indicator 引进投资超亿元的产业项目
const T24 = 'sanqu-2020.T24-2021'; // led separately (分别牵头) by the district governments
const METRIC = '引进投资超亿元的产业项目';

interface Problem {
  status: number;
  code: string;
  field?: string;
  detail: string;
  detailZh: string;
  known?: string;
}

/**
 * Impossible values and misleading refusals found by an audit of the API on the seed plan, over real HTTP: each is
 * refused with problem+json naming the field, in words a person reads (local times, unit names, 事项 for a standing
 * item, what was sent), and nothing is written.
 */
describe('input limits and refusal messages (real HTTP, seed plan)', () => {
  let t: TestApp;
  let unitName: Map<string, string>;
  const version = async (id: string): Promise<number> =>
    ((await t.request('GET', `/api/v1/milestones/${id}/history`)).body as unknown[]).length;
  const post = async (id: string, segment: string, body: object) =>
    t.request('POST', `/api/v1/milestones/${id}/${segment}`, { body });

  beforeAll(async () => {
    t = await startSeededService();
    const units = (await t.request('GET', '/api/v1/units')).body as { id: string; name: string }[];
    unitName = new Map(units.map((u) => [u.id, u.name]));
  }, 90_000);
  afterAll(async () => t?.close());

  it('a due date in 2999 is refused (422, field newDueDate, the last date allowed), nothing recorded', async () => {
    const before = await version(M);
    const r = await post(M, 'rebaseline', { newDueDate: '2999-12-31', reason: '测试' });
    expect(r.status).toBe(422);
    // The horizon follows today (the service's clock, in the plan's zone): 2 years after this year's end.
    const thisYear = Number(
      new Date().toLocaleString('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }),
    );
    const latest = `${thisYear + 2}-12-31`;
    expect(r.body as Problem).toMatchObject({ code: 'DATE_AFTER_PLAN_HORIZON', field: 'newDueDate', latest });
    expect((r.body as Problem).detailZh).toMatch(
      new RegExp(`^新的完成时限（2999-12-31）过远：日期最晚为${latest}（`),
    );
    expect(await version(M)).toBe(before);
  });

  it('a negative indicator target is refused (400, field newTarget), nothing recorded', async () => {
    const before = await version(M);
    const r = await post(M, 'indicator-target', { metric: METRIC, newTarget: -5, reason: '测试' });
    expect(r.status).toBe(400);
    expect((r.body as Problem).field).toBe('newTarget');
    expect((r.body as Problem).detailZh).toContain('「新目标值」');
    expect((r.body as Problem).detailZh).toContain('-5');
    expect(await version(M)).toBe(before);
  });

  it('a time in the future is shown in Beijing time, as sent', async () => {
    const r = await post(M, 'progress', {
      percent: 10,
      narrative: 'x',
      occurredAt: '2099-01-01T00:00+08:00',
    });
    expect(r.status).toBe(422);
    expect((r.body as Problem).detailZh).toMatch(/^发生时间（北京时间2099-01-01 00:00）晚于当前时间（\d{4}-/);
    expect((r.body as Problem).detailZh).not.toContain('Z');
  });

  it('a date that does not exist says the format and that the day does not exist', async () => {
    const r = await post(M, 'progress', { percent: 10, narrative: 'x', occurredAt: '2021-02-30' });
    expect(r.status).toBe(400);
    expect(r.body as Problem).toMatchObject({ field: 'occurredAt', code: 'VALIDATION_FAILED' });
    expect((r.body as Problem).detailZh).toBe(
      '「发生时间」须为带时区的时间（例如 2021-06-30T09:00:00+08:00），收到 “2021-02-30”（日期不存在：2021年2月只有28天）',
    );
  });

  it('ASSIGNMENT_REQUIRED names the units by name, once; their ids stay in `known`', async () => {
    const r = await post(T24, 'progress', { percent: 10, narrative: 'x' });
    expect(r.status).toBe(400);
    const p = r.body as Problem;
    expect(p).toMatchObject({ code: 'ASSIGNMENT_REQUIRED', field: 'assignment' });
    const ids = p.known!.split(', ');
    expect(ids.length).toBeGreaterThan(1);
    expect(p.detailZh).toBe(
      `该里程碑由多个单位分别牵头，请指明承办单位，可选：${ids.map((id) => unitName.get(id)).join('、')}。`,
    );
  });

  it("a lead unit acting on another's share is told so by name, in English too (403)", async () => {
    const [own, other] = (
      (await post(T24, 'progress', { percent: 10, narrative: 'x' })).body as Problem
    ).known!.split(', ');
    const token = await createToken(t, 'reporter', '分别牵头填报员', own);
    const r = await t.request('POST', `/api/v1/milestones/${T24}/progress`, {
      token,
      body: { percent: 10, narrative: 'x', assignment: other },
    });
    expect(r.status).toBe(403);
    const p = r.body as Problem;
    expect(p.code).toBe('FORBIDDEN_OTHER_ASSIGNMENT');
    expect(p.detail).toContain(`unit "${unitName.get(own!)}"`);
    expect(p.detail).toContain(`not for "${unitName.get(other!)}"`);
  });

  it('a standing item is 该事项 in its refusals, with unit names', async () => {
    const items = (await t.request('GET', '/api/v1/standing-items')).body.items as { itemId: string }[];
    const r = await t.request(
      'POST',
      `/api/v1/standing-items/${encodeURIComponent(items[0]!.itemId)}/reports`,
      {
        body: { narrative: '巡查 3 次' },
      },
    );
    expect(r.status).toBe(400);
    const p = r.body as Problem;
    expect(p.code).toBe('ASSIGNMENT_REQUIRED');
    expect(p.detailZh).toMatch(/^请指明为哪个单位填报该事项，可选：/);
    expect(p.detailZh).toContain(unitName.get(p.known!.split(', ')[0]!));
    expect(p.detailZh).not.toContain('里程碑');
  });

  it('a task number that is not one names the path parameter and what was sent', async () => {
    const r = await t.request('GET', '/api/v1/tasks/abc');
    expect(r.status).toBe(400);
    expect(r.body as Problem).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'no',
      detailZh: '路径中的「任务序号」须为整数（例如 6），收到 “abc”',
    });
    expect((await t.request('GET', '/api/v1/tasks/6')).status).toBe(200);
  });

  it('a paging offset that is not a number is quoted as sent, not as null', async () => {
    const r = await t.request('GET', '/api/v1/alerts?offset=abc');
    expect(r.status).toBe(400);
    expect(r.body as Problem).toMatchObject({
      field: 'offset',
      detailZh: '「起始位置」须为 0 到 10^7 之间的整数，收到 “abc”',
    });
  });
});
