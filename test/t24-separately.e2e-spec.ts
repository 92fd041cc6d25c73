import { startSeededService } from './support/seeded-service';
import { type TestApp } from './support/test-app';

const T24 = 'sanqu-2020.T24-2021';
const PENGJIANG = 'gov-pengjiang';
const TAISHAN = 'gov-taishan';
const EVIDENCE = [{ name: '路段验收报告.pdf', sha256: 'd'.repeat(64) }];

interface Row {
  lifecycle: string;
  assignments: { key: string; lifecycle: string }[];
}

/**
 * Issue #14 point 1, its reproduction over real HTTP on the seed plan: T24-2021 (大江至那金 road) is led separately
 * (分别牵头) by all seven district governments. 蓬江区政府's completion accepted, then 台山市政府's own completion used
 * to answer 409 MILESTONE_ALREADY_ACCEPTED; now each lead unit answers for its own assignment (承办事项).
 */
describe('T24-2021 led separately by seven district governments (real HTTP)', () => {
  let t: TestApp;
  let keys: string[];
  let supervisor: string;
  const reporters = new Map<string, string>();
  let position = 0;

  const post = async (token: string, path: string, body: object) => {
    const r = await t.request('POST', `/api/v1/milestones/${T24}/${path}`, { token, body });
    if (r.status === 200) position = Math.max(position, r.body.position as number);
    return r;
  };
  const claim = (unit: string) =>
    post(reporters.get(unit)!, 'completion', {
      completedOn: '2021-12-20',
      narrative: '本辖区路段已建成通车',
      evidence: EVIDENCE,
    });
  const accept = (assignment?: string) =>
    post(supervisor, 'acceptance', { note: '核验通过', ...(assignment ? { assignment } : {}) });
  const row = async (): Promise<Row> => {
    const r = await t.request('GET', `/api/v1/milestones/${T24}/board`, {
      headers: { 'X-Min-Position': String(position) },
    });
    expect(r.status).toBe(200);
    return r.body as Row;
  };
  const lifecycleOf = (r: Row, key: string) => r.assignments.find((a) => a.key === key)!.lifecycle;

  beforeAll(async () => {
    t = await startSeededService();
    const m = (await t.request('GET', `/api/v1/milestones/${T24}`)).body as {
      leadMode: string;
      assignments: { key: string }[];
    };
    expect(m.leadMode).toBe('separately');
    keys = m.assignments.map((a) => a.key);
    for (const key of keys) {
      const r = await t.request('POST', '/api/v1/tokens', {
        body: { role: 'reporter', name: `${key}填报员`, unit: key },
      });
      reporters.set(key, r.body.token as string);
    }
    const s = await t.request('POST', '/api/v1/tokens', { body: { role: 'supervisor', name: '督查室' } });
    supervisor = s.body.token as string;
  }, 90_000);
  afterAll(async () => t?.close());

  it('has one assignment per district government: all seven lead', () => {
    expect(keys).toHaveLength(7);
    expect(keys).toEqual(expect.arrayContaining([PENGJIANG, TAISHAN]));
    expect(keys.every((k) => k.startsWith('gov-'))).toBe(true);
  });

  it('蓬江 accepted, then 台山 submits its own completion: 200, not 409; 台山 awaits verification, 蓬江 stays accepted', async () => {
    expect((await claim(PENGJIANG)).status).toBe(200);
    expect((await accept(PENGJIANG)).status).toBe(200);
    const taishan = await claim(TAISHAN);
    expect(taishan.status).toBe(200);
    const r = await row();
    expect(lifecycleOf(r, PENGJIANG)).toBe('accepted');
    expect(lifecycleOf(r, TAISHAN)).toBe('submitted');
    expect(r.lifecycle).toBe('in_progress');
  });

  it('a 台山 reporter acting on 蓬江’s assignment → 403 FORBIDDEN_OTHER_ASSIGNMENT, nothing written', async () => {
    const before = (await t.request('GET', `/api/v1/milestones/${T24}/history`)).body.length as number;
    const r = await post(reporters.get(TAISHAN)!, 'progress', {
      percent: 50,
      narrative: '替蓬江区填报',
      assignment: PENGJIANG,
    });
    expect(r.status).toBe(403);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.code).toBe('FORBIDDEN_OTHER_ASSIGNMENT');
    expect((await t.request('GET', `/api/v1/milestones/${T24}/history`)).body).toHaveLength(before);
  });

  it('a 销号 without `assignment` while two await verification → 400 ASSIGNMENT_REQUIRED naming the known keys', async () => {
    const second = keys.find((k) => k !== PENGJIANG && k !== TAISHAN)!;
    expect((await claim(second)).status).toBe(200);
    const r = await accept();
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'ASSIGNMENT_REQUIRED', field: 'assignment' });
    for (const k of [TAISHAN, second]) expect(String(r.body.known)).toContain(k);
  });

  it('the milestone is accepted only once all seven assignments are', async () => {
    expect((await accept(TAISHAN)).status).toBe(200);
    const rest = keys.filter((k) => k !== PENGJIANG && k !== TAISHAN);
    for (const [i, k] of rest.entries()) {
      // The first of them was claimed in the test before.
      if (i > 0) expect((await claim(k)).status).toBe(200);
      expect((await accept(k)).status).toBe(200);
      const r = await row();
      expect(lifecycleOf(r, k)).toBe('accepted');
      expect(r.lifecycle).toBe(i === rest.length - 1 ? 'accepted' : 'in_progress');
    }
    const done = await row();
    expect(done.assignments.map((a) => a.lifecycle)).toEqual(keys.map(() => 'accepted'));
  });
});
