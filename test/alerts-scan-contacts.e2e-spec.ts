import { TRANSPORT } from './support/alerts-scenario';
import { type AlertsScenario, startAlertsScenario } from './support/alerts-scenario-run';
import type { TestApp } from './support/test-app';

/** Scanning and the alert recipients, on the alerts scenario's plan (`support/alerts-scenario.ts`), before any scan. */
describe('slippage alerts: the scan command and the contacts (real HTTP)', () => {
  let s: AlertsScenario;
  let t: TestApp;
  let supervisor: string;

  beforeAll(async () => {
    s = await startAlertsScenario();
    ({ t, supervisor } = s);
  }, 60_000);
  afterAll(async () => s?.close());

  it('scan: supervisor only, a real date not after today', async () => {
    s.clock.set('2021-12-31T12:00:00Z');
    const viewer = (await t.request('POST', '/api/v1/tokens', { body: { role: 'viewer', name: 'v2' } })).body
      .token;
    expect(
      (await t.request('POST', '/api/v1/alerts:scan', { token: viewer, body: { asOf: '2021-01-05' } }))
        .status,
    ).toBe(403);
    const bad = await t.request('POST', '/api/v1/alerts:scan', {
      token: supervisor,
      body: { asOf: '2021-02-30' },
    });
    expect([bad.status, bad.body.code, bad.body.field]).toEqual([400, 'AS_OF_INVALID', 'asOf']);
    const future = await t.request('POST', '/api/v1/alerts:scan', {
      token: supervisor,
      body: { asOf: '2022-01-01' },
    });
    expect([future.status, future.body.code]).toEqual([422, 'AS_OF_IN_FUTURE']);
    const missing = await t.request('POST', '/api/v1/alerts:scan', { token: supervisor, body: {} });
    expect([missing.status, missing.body.field]).toEqual([400, 'asOf']);
  });

  it('contacts: loaded from the example file; replaced per unit and per group by an admin', async () => {
    const unit = await t.request('GET', '/api/v1/units/dept-transport/contacts', { token: supervisor });
    expect(unit.body).toEqual([
      { scope: 'unit', unitId: 'dept-transport', name: '市交通运输局联络员', email: TRANSPORT },
    ]);
    const put = await t.request('PUT', '/api/v1/units/dept-transport/contacts', {
      body: {
        contacts: [
          { name: '张三', email: 'zhangsan@example.org' },
          { name: '李四', email: 'lisi@example.org' },
        ],
      },
    });
    expect(put.status).toBe(200);
    expect(
      (await t.request('GET', '/api/v1/units/dept-transport/contacts', { token: supervisor })).body,
    ).toHaveLength(2);
    expect(
      (
        await t.request('PUT', '/api/v1/units/dept-transport/contacts', {
          token: supervisor,
          body: { contacts: [] },
        })
      ).status,
    ).toBe(403);
    const unknown = await t.request('PUT', '/api/v1/units/no-such-unit/contacts', { body: { contacts: [] } });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'UNIT_NOT_FOUND']);
    const injected = await t.request('PUT', '/api/v1/units/dept-transport/contacts', {
      body: { contacts: [{ name: 'x\r\nBcc: x@evil.test', email: 'a@example.org' }] },
    });
    expect([injected.status, injected.body.field]).toEqual([400, 'contacts[0].name']);
    const badEmail = await t.request('PUT', '/api/v1/units/dept-transport/contacts', {
      body: { contacts: [{ name: 'x', email: 'a@example.org\r\nBcc: x@evil.test' }] },
    });
    expect([badEmail.status, badEmail.body.field]).toEqual([400, 'contacts[0].email']);
    const dup = await t.request('PUT', '/api/v1/alerts/contacts/escalation', {
      body: {
        contacts: [
          { name: 'a', email: 'A@example.org' },
          { name: 'b', email: 'a@example.org' },
        ],
      },
    });
    expect([dup.status, dup.body.code]).toEqual([400, 'CONTACT_EMAIL_DUPLICATE']);
    const group = await t.request('PUT', '/api/v1/alerts/contacts/escalation', {
      body: { contacts: [{ name: '分管副市长办公室', email: 'fgfsz@example.org' }] },
    });
    expect(group.status).toBe(200);
    expect(
      (await t.request('GET', '/api/v1/alerts/contacts/escalation', { token: supervisor })).body,
    ).toEqual([{ scope: 'escalation', unitId: null, name: '分管副市长办公室', email: 'fgfsz@example.org' }]);
    expect(
      (await t.request('PUT', '/api/v1/alerts/contacts/nobody', { body: { contacts: [] } })).status,
    ).toBe(404);
  });
});
