import { ALERTS_MONITOR } from '@app/alerts';
import { A, B, C } from './support/alerts-scenario';
import { type AlertsScenario, scanEveryMonthEnd, startAlertsScenario } from './support/alerts-scenario-run';
import type { TestApp } from './support/test-app';

/** After the alerts scenario (`support/alerts-scenario.ts`): the list, as of a date and as known at an instant; acknowledging. */
describe('slippage alerts after the 2020–2021 scenario: listing and acknowledging (real HTTP)', () => {
  let s: AlertsScenario;
  let t: TestApp;
  let supervisor: string;
  /** A real instant right after the 2021-02-28 scan was recorded (for knownAt). */
  let recordedAfterFebruary = '';

  beforeAll(async () => {
    s = await startAlertsScenario();
    ({ t, supervisor } = s);
    ({ recordedAfterFebruary } = await scanEveryMonthEnd(s));
  }, 180_000);
  afterAll(async () => s?.close());

  it('filters alerts by state, unit, level, rule and date', async () => {
    const q = async (qs: string) =>
      (await t.request('GET', `/api/v1/alerts?${qs}`)).body.items.map((a: { id: string }) => a.id).sort();
    expect(await q('state=open')).toEqual(
      [
        `due_date_moved_later:${C}:v6:1`,
        `due_soon:${C}:2022-01-15-30d:1`,
        `indicator_shortfall:${B}:i0:1`,
      ].sort(),
    );
    expect(await q('unit=dept-commerce')).toHaveLength(3);
    expect(await q('unit=gov-taishan')).toHaveLength(8); // a cooperating unit of A, B and C
    expect(await q('level=critical')).toEqual([`overdue:${A}:2020-12-31:1`]);
    expect(await q('rule=due_soon&from=2021-01-01&to=2021-12-31')).toEqual([
      `due_soon:${C}:2022-01-15-30d:1`,
    ]);
    const bad = await t.request('GET', '/api/v1/alerts?state=nope&extra=1');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
  });

  it('as of a date and as known at an instant: nothing dated or recorded later shows (state, repeats, escalation, resolution)', async () => {
    await s.runner.catchUp(ALERTS_MONITOR);
    type View = {
      id: string;
      milestoneId: string;
      rule: string;
      state: string;
      repeats: number;
      escalatedOn: string | null;
      lastNotifiedOn: string;
      acknowledged: unknown;
      resolvedOn: string | null;
      resolvedReason: unknown;
      raisedOn: string;
    };
    const list = async (qs: string) => {
      const r = await t.request('GET', `/api/v1/alerts?limit=100&${qs}`);
      expect(r.status).toBe(200);
      return r.body as { asOf: string; knownAt: string | null; total: number; items: View[] };
    };
    const overdueId = `overdue:${A}:2020-12-31:1`;

    // 2021-03-15: overdue since 01-31, escalated 02-28; the repeat (03-31), the acknowledgement (04-10) and
    // the resolution (06-10) lie ahead.
    const march = await list('asOf=2021-03-15');
    expect(march.asOf).toBe('2021-03-15');
    expect(march.knownAt).toBeNull();
    expect(march.items.every((a) => a.raisedOn <= '2021-03-15')).toBe(true);
    expect(march.items.every((a) => a.resolvedOn === null || a.resolvedOn <= '2021-03-15')).toBe(true);
    expect(march.items.find((a) => a.id === overdueId)).toMatchObject({
      state: 'open',
      repeats: 0,
      escalatedOn: '2021-02-28',
      lastNotifiedOn: '2021-02-28',
      acknowledged: null,
      resolvedOn: null,
      resolvedReason: null,
    });
    // B's no-report alert (02-28) was resolved by the report of 03-05.
    expect(march.items.find((a) => a.id.startsWith(`no_report:${B}`))).toMatchObject({
      state: 'resolved',
      resolvedOn: '2021-03-05',
    });
    const openInMarch = (await list('asOf=2021-03-15&state=open')).items.map(
      (a) => `${a.milestoneId} ${a.rule}`,
    );
    expect(openInMarch.sort()).toEqual([`${A} delay_reported`, `${A} overdue`]);

    // 2021-04-30: repeated once (03-31), acknowledged on 04-10, still not resolved.
    const april = await list(`asOf=2021-04-30&milestone=${encodeURIComponent(A)}&rule=overdue`);
    expect(april.items[0]).toMatchObject({ state: 'acknowledged', repeats: 1, resolvedOn: null });
    expect((await list('asOf=2021-04-30&state=acknowledged')).items.map((a) => a.id)).toEqual([overdueId]);

    // As known right after the 2021-02-28 scan: what was recorded later is unknown, whatever its date.
    const known = await list(`knownAt=${encodeURIComponent(recordedAfterFebruary)}`);
    expect(known.knownAt).toBe(recordedAfterFebruary);
    expect(known.items.find((a) => a.id === overdueId)).toMatchObject({
      state: 'open',
      repeats: 0,
      escalatedOn: '2021-02-28',
      resolvedOn: null,
    });
    expect(known.items.some((a) => a.raisedOn > '2021-02-28')).toBe(false);

    const bad = await t.request('GET', '/api/v1/alerts?asOf=2021-02-30');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ field: 'asOf' });
  });

  it('acknowledgement: by whom from the token; refused when resolved, twice, or not one’s own unit', async () => {
    const reporter = async (unit: string) =>
      (
        await t.request('POST', '/api/v1/tokens', {
          body: { role: 'reporter', unit, name: `${unit}-填报员` },
        })
      ).body.token as string;
    const shortfall = `indicator_shortfall:${B}:i0:1`;
    const other = await t.request('POST', `/api/v1/alerts/${shortfall}/acknowledgement`, {
      token: await reporter('dept-finance'),
      body: {},
    });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('ALERT_NOT_RESPONSIBLE');
    const own = await t.request('POST', `/api/v1/alerts/${shortfall}/acknowledgement`, {
      token: await reporter('dept-commerce'),
      body: { note: '已说明原因' },
    });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      state: 'acknowledged',
      acknowledged: { by: { role: 'reporter', unit: 'dept-commerce' } },
    });
    const twice = await t.request('POST', `/api/v1/alerts/${shortfall}/acknowledgement`, {
      token: supervisor,
      body: {},
    });
    expect([twice.status, twice.body.code]).toEqual([409, 'ALERT_ALREADY_ACKNOWLEDGED']);
    const resolved = await t.request('POST', `/api/v1/alerts/overdue:${A}:2020-12-31:1/acknowledgement`, {
      token: supervisor,
      body: {},
    });
    expect([resolved.status, resolved.body.code]).toEqual([409, 'ALERT_ALREADY_RESOLVED']);
    const missing = await t.request('POST', '/api/v1/alerts/overdue:nope:2020-12-31:1/acknowledgement', {
      token: supervisor,
      body: {},
    });
    expect([missing.status, missing.body.code, missing.body.detailZh]).toEqual([
      404,
      'ALERT_NOT_FOUND',
      '未找到该预警',
    ]);
    const badNote = await t.request('POST', `/api/v1/alerts/due_soon:${C}:2022-01-15-30d:1/acknowledgement`, {
      token: supervisor,
      body: { note: 'x\u0007' },
    });
    expect([badNote.status, badNote.body.field]).toEqual([400, 'note']);
    const viewer = (await t.request('POST', '/api/v1/tokens', { body: { role: 'viewer', name: 'v' } })).body
      .token;
    const byViewer = await t.request(
      'POST',
      `/api/v1/alerts/due_soon:${C}:2022-01-15-30d:1/acknowledgement`,
      {
        token: viewer,
        body: {},
      },
    );
    expect(byViewer.status).toBe(403);
  });
});
