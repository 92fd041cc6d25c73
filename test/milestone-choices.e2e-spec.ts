import { startSeededService } from './support/seeded-service';
import { type TestApp } from './support/test-app';

const M = 'sanqu-2020.T06-2021'; // lead 市工业和信息化局, cooperating 市商务局
const T24 = 'sanqu-2020.T24-2021'; // led separately (分别牵头) by the seven district governments
const PENGJIANG = 'gov-pengjiang';
const TAISHAN = 'gov-taishan';

interface Choice {
  command: string;
  allowed: boolean;
  reason?: string;
  reasonZh?: string;
}
interface Choices {
  lifecycle: string;
  lifecycleZh: string;
  dueDate: string;
  indicators: { metric: string; target: number; baselineTarget: number }[];
  commands: Choice[];
  assignments: { key: string; commands: Choice[] }[];
}
const allowed = (list: Choice[]) => list.filter((c) => c.allowed).map((c) => c.command);

/**
 * Issue #15 points 7 and 10 over real HTTP: `GET /milestones/{id}/commands` answers, for the caller's token, which
 * commands the domain allows now (the dashboard shows exactly those); bad input is answered in plain Chinese that
 * names the field and its limit.
 */
describe('the commands a caller may use, and specific Chinese messages (real HTTP)', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};

  async function token(role: string, name: string, unit?: string): Promise<string> {
    const r = await t.request('POST', '/api/v1/tokens', { body: { role, name, ...(unit ? { unit } : {}) } });
    expect(r.status).toBe(201);
    return r.body.token as string;
  }
  const choices = async (who: string, id = M): Promise<Choices> => {
    const r = await t.request('GET', `/api/v1/milestones/${id}/commands`, { token: tokens[who]! });
    expect(r.status).toBe(200);
    return r.body as Choices;
  };

  beforeAll(async () => {
    t = await startSeededService();
    const units: { id: string; name: string }[] = (await t.request('GET', '/api/v1/units')).body;
    const id = (name: string) => units.find((u) => u.name === name)!.id;
    tokens['lead'] = await token('reporter', '工信局填报员', id('市工业和信息化局'));
    tokens['coop'] = await token('reporter', '商务局填报员', id('市商务局'));
    tokens['other'] = await token('reporter', '水利局填报员', id('市水利局'));
    tokens['supervisor'] = await token('supervisor', '督查室');
    tokens['viewer'] = await token('viewer', '审计');
    tokens['pengjiang'] = await token('reporter', '蓬江区填报员', PENGJIANG);
  }, 90_000);
  afterAll(async () => t?.close());

  it('answers each role with the commands the domain allows it now', async () => {
    const office = await choices('supervisor');
    expect(office.lifecycle).toBe('planned');
    expect(allowed(office.commands)).toEqual([
      'ReportProgress',
      'ReportDelay',
      'RebaselineDueDate',
      'ReviseIndicatorTarget',
      'CancelMilestone',
    ]);
    expect(office.commands.find((c) => c.command === 'AcceptCompletion')).toMatchObject({
      allowed: false,
      reason: 'COMPLETION_NOT_SUBMITTED',
    });
    expect(office.indicators[0]).toMatchObject({ target: office.indicators[0]!.baselineTarget });
    expect(allowed((await choices('lead')).commands)).toEqual([
      'ReportProgress',
      'ReportDelay',
      'SubmitCompletion',
    ]);
    expect(allowed((await choices('coop')).commands)).toEqual(['ReportProgress', 'ReportDelay']);
    const other = await choices('other');
    expect(allowed(other.commands)).toEqual([]);
    expect(other.commands.find((c) => c.command === 'ReportProgress')).toMatchObject({
      reason: 'FORBIDDEN_NOT_RESPONSIBLE',
      reasonZh: '本单位不是该里程碑的牵头单位或配合单位，无权报告进展。',
    });
    expect(allowed((await choices('viewer')).commands)).toEqual([]);
  });

  it('follows the lifecycle: after the office cancels, nobody may do anything', async () => {
    const cancel = await t.request('POST', `/api/v1/milestones/${M}/cancellation`, {
      token: tokens['supervisor']!,
      body: { reason: '已并入其他任务' },
    });
    expect(cancel.status).toBe(200);
    const after = await choices('supervisor');
    expect([after.lifecycle, after.lifecycleZh, allowed(after.commands)]).toEqual([
      'cancelled',
      '已取消',
      [],
    ]);
    expect(after.commands[0]).toMatchObject({ reason: 'MILESTONE_CANCELLED' });
  });

  it('on a 分别牵头 milestone: a lead unit has its own assignment only; the office adjusts the whole', async () => {
    const own = await choices('pengjiang', T24);
    expect(allowed(own.commands)).toEqual(['ReportProgress', 'ReportDelay', 'SubmitCompletion']);
    const taishan = own.assignments.find((a) => a.key === TAISHAN)!;
    expect(taishan.commands.find((c) => c.command === 'ReportProgress')).toMatchObject({
      allowed: false,
      reason: 'FORBIDDEN_OTHER_ASSIGNMENT',
    });
    const office = await choices('supervisor', T24);
    expect(allowed(office.commands)).toEqual([
      'RebaselineDueDate',
      'ReviseIndicatorTarget',
      'CancelMilestone',
    ]);
    const required = office.commands.find((c) => c.command === 'ReportProgress')!;
    expect(required.reason).toBe('ASSIGNMENT_REQUIRED');
    // Units by name, as the command's own error names them (not by id).
    expect(required.reasonZh).toContain('可选：蓬江区政府、');
    expect(required.reasonZh).not.toMatch(/gov-/);
    expect(office.assignments).toHaveLength(7);
    expect(allowed(office.assignments.find((a) => a.key === TAISHAN)!.commands)).toContain('ReportProgress');
  });

  it('the batch answers each token exactly as the single route does; unknown ids apart, not a failure', async () => {
    const batch = (who: string | null, ids: string) =>
      t.request('GET', `/api/v1/milestones:commands?ids=${encodeURIComponent(ids)}`, { token: who });
    for (const who of Object.keys(tokens)) {
      const r = await batch(tokens[who]!, `${T24},nope,${M},${T24}`);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({
        milestones: [await choices(who, T24), await choices(who, M)],
        unknownIds: ['nope'],
      });
    }
    const many = Array.from({ length: 201 }, (_, i) => `m${i}`).join(',');
    for (const ids of [many, '', ',']) {
      const r = await batch(tokens['supervisor']!, ids);
      expect([r.status, r.headers.get('content-type'), r.body.field]).toEqual([
        400,
        expect.stringContaining('application/problem+json'),
        'ids',
      ]);
    }
    expect((await batch(tokens['supervisor']!, many)).body.detailZh).toBe(
      '「里程碑编号」最多 200 项，收到 201 项',
    );
    const none = await t.request('GET', '/api/v1/milestones:commands', { token: tokens['supervisor']! });
    expect([none.status, none.body.field]).toEqual([400, 'ids']);
    expect((await batch(null, M)).status).toBe(401);
  });

  it('404 for an unknown milestone; 401 without a token', async () => {
    const r = await t.request('GET', '/api/v1/milestones/nope/commands', { token: tokens['supervisor']! });
    expect([r.status, r.body.code]).toEqual([404, 'MILESTONE_NOT_FOUND']);
    expect((await t.request('GET', `/api/v1/milestones/${M}/commands`, { token: null })).status).toBe(401);
  });

  it('bad input is answered with one Chinese message per field that names the field and its limit', async () => {
    const post = (path: string, body: object) =>
      t.request('POST', `/api/v1/milestones/${T24}/${path}`, { token: tokens['pengjiang']!, body });
    const empty = await post('progress', {});
    expect(empty.status).toBe(400);
    expect(empty.body.detailZh).toBe('请填写「完成进度」（0 到 100 之间的整数）');
    expect(
      empty.body.errors.map((e: { field: string; messageZh: string }) => [e.field, e.messageZh]),
    ).toEqual([
      ['percent', '请填写「完成进度」（0 到 100 之间的整数）'],
      ['narrative', '请填写「情况说明」（不超过 5000 个字的文字）'],
    ]);
    const high = await post('progress', { percent: 150, narrative: '推进中' });
    expect(high.body.detailZh).toBe('「完成进度」须为 0 到 100 之间的整数，收到 150');
    const date = await post('delays', { reason: '征地滞后', forecastDate: '2021-02-30' });
    expect(date.body.detailZh).toBe(
      '「预计完成日期」须为有效日期（YYYY-MM-DD），收到 “2021-02-30”（日期不存在：2021年2月只有28天）',
    );
  });
});
