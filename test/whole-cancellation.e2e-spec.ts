import {
  counts,
  PENGJIANG,
  startSeparatelyScenario,
  TAISHAN,
  type SeparatelyScenario,
} from './support/assignments-scenario';

/**
 * Cancelling a whole 分别牵头 milestone while one lead unit's share is already accepted (销号) and another is open (the
 * demo's sanqu-2020.T24-2020 in small: `assignments-scenario.ts`, 蓬江 accepted on time, 台山 at 80 %). The office
 * drops the milestone on 2021-07-31 with no `assignment`: it reads 已取消 (not 已销号, completed late, green, 100 %),
 * leaves the completion rate's denominator as other cancellations do, and a second cancellation is refused as
 * already cancelled; 蓬江's own share stays accepted in its unit's figures.
 */
describe('a whole 分别牵头 milestone cancelled with a share already accepted (real HTTP)', () => {
  let scenario: SeparatelyScenario;
  let position = 0;

  const get = async (path: string) => {
    const r = await scenario.t.request('GET', path, { headers: { 'X-Min-Position': String(position) } });
    expect(r.status).toBe(200);
    return r.body;
  };
  const cancel = (body: object) =>
    scenario.t.request('POST', '/api/v1/milestones/sa-t24/cancellation', {
      token: scenario.token.office!,
      body,
    });

  beforeAll(async () => {
    scenario = await startSeparatelyScenario();
    const r = await cancel({ reason: '并入全市路网统筹' });
    expect(r.status).toBe(200);
    position = r.body.position as number;
  }, 60_000);
  afterAll(async () => scenario.t.close());

  it('shows the milestone cancelled on the board; 蓬江’s share stays accepted, 台山’s is cancelled', async () => {
    const b = await get('/api/v1/milestones/sa-t24/board');
    expect(b).toMatchObject({
      lifecycle: 'cancelled',
      lifecycleZh: '已取消',
      percent: 80,
      percentRange: null,
      acceptedOn: null,
      schedule: { state: 'cancelled' },
      health: { colour: 'grey' },
    });
    expect(b.assignments.map((a: { key: string; lifecycle: string }) => [a.key, a.lifecycle])).toEqual([
      [PENGJIANG, 'accepted'],
      [TAISHAN, 'cancelled'],
    ]);
  });

  it('counts it as cancelled, out of the completion rate; each unit keeps its own share', async () => {
    const sections = await get('/api/v1/stats/sections');
    const five = sections.groups.find((g: { key: unknown }) => String(g.key) === '5');
    const { key: _key, name: _name, ...fiveCounts } = five;
    expect(fiveCounts).toEqual(
      counts({
        total: 1,
        lifecycle: { cancelled: 1 },
        schedule: { cancelled: 1 },
        health: { grey: 1 },
        completionRate: null,
        punctualityRate: null,
      }),
    );
    const units = await get('/api/v1/stats/units');
    const unit = (id: string) => units.groups.find((g: { key: string }) => g.key === id).lead;
    expect(unit(PENGJIANG)).toEqual(
      counts({
        total: 1,
        lifecycle: { accepted: 1 },
        schedule: { completed_on_time: 1 },
        health: { green: 1 },
        completionRate: 1,
        punctualityRate: 1,
      }),
    );
    expect(unit(TAISHAN)).toMatchObject({ total: 2, lifecycle: { cancelled: 1, in_progress: 1 } });
  });

  it('refuses a second whole cancellation: 409 MILESTONE_CANCELLED, not 已销号', async () => {
    const r = await cancel({ reason: '再次取消' });
    expect(r.status).toBe(409);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.code).toBe('MILESTONE_CANCELLED');
    expect(JSON.stringify(r.body)).toContain('已取消');
  });
});
