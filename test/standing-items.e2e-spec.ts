import { EventStore } from '@app/event-store';
import { startSeededService } from './support/seeded-service';
import { type TestApp } from './support/test-app';

interface UnitRow {
  unit: string;
  unitName: string;
  role: string;
  reports: number;
  lastReportAt: string | null;
  lastReportOn: string | null;
}
interface Item {
  itemId: string;
  taskNo: number;
  text: string;
  withdrawn: boolean;
  leadUnits: string[];
  cooperatingUnits: string[];
  units: UnitRow[];
}

/** Standing items (常态化事项, issue #14 point 3) over real HTTP: reports by unit, reads at any date. */
describe('standing items: POST /standing-items/{id}/reports, GET /standing-items[/{id}] (real HTTP)', () => {
  let t: TestApp;
  let item: Item;
  let lead: string;
  let other: string;
  let reporter: string;
  let otherReporter: string;
  let supervisor: string;
  let viewer: string;
  const token = async (role: string, name: string, unit?: string): Promise<string> => {
    const r = await t.request('POST', '/api/v1/tokens', { body: { role, name, ...(unit ? { unit } : {}) } });
    expect(r.status).toBe(201);
    return r.body.token as string;
  };
  const report = (as: string, body: object, headers: Record<string, string> = {}, id = item.itemId) =>
    t.request('POST', `/api/v1/standing-items/${encodeURIComponent(id)}/reports`, {
      token: as,
      body,
      headers,
    });
  const unitRow = (i: Item, unit: string) => i.units.find((u) => u.unit === unit);

  beforeAll(async () => {
    t = await startSeededService();
    const list = await t.request('GET', '/api/v1/standing-items');
    item = (list.body.items as Item[]).find((i) => i.taskNo === 13)!;
    lead = item.units.find((u) => u.role === 'lead')!.unit;
    const units = (await t.request('GET', '/api/v1/units')).body as { id: string }[];
    other = units.find((u) => ![...item.leadUnits, ...item.cooperatingUnits].includes(u.id))!.id;
    reporter = await token('reporter', '牵头单位填报员', lead);
    otherReporter = await token('reporter', '无关单位填报员', other);
    supervisor = await token('supervisor', '督查室');
    viewer = await token('viewer', '只读');
  }, 90_000);
  afterAll(async () => t?.close());

  it('lists the five standing items of the seed plan, each lead unit with no report yet', async () => {
    const r = await t.request('GET', '/api/v1/standing-items', { token: viewer });
    expect(r.status).toBe(200);
    // The seed plan's undated requirements: tasks 1, 13, 31, 32 and 36 (one each).
    expect((r.body.items as Item[]).map((i) => i.taskNo)).toEqual([1, 13, 31, 32, 36]);
    expect(r.body).toMatchObject({ knownAt: null });
    expect(typeof r.body.position).toBe('number');
    for (const i of r.body.items as Item[]) {
      expect(i.units.length).toBeGreaterThan(0);
      for (const u of i.units) expect(u).toMatchObject({ role: 'lead', reports: 0, lastReportOn: null });
    }
    expect(item.text).toContain('入海排污口');
  });

  it('records a lead unit’s report for its own unit and counts it from the day it happened (asOf)', async () => {
    const r = await report(reporter, {
      narrative: '完成2021年上半年入海排污口备案核查',
      evidence: [{ name: '备案清单.pdf', sha256: 'a'.repeat(64) }],
      occurredAt: '2021-06-15T10:00:00+08:00',
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ itemId: item.itemId, version: 2 });
    const before = await t.request('GET', `/api/v1/standing-items/${item.itemId}?asOf=2021-06-14`);
    expect(unitRow(before.body, lead)).toMatchObject({ reports: 0, lastReportOn: null });
    expect(before.body.reports).toEqual([]);
    const on = await t.request('GET', `/api/v1/standing-items/${item.itemId}?asOf=2021-06-15`, {
      token: viewer,
    });
    expect(on.status).toBe(200);
    expect(on.body.asOf).toBe('2021-06-15');
    expect(unitRow(on.body, lead)).toMatchObject({ reports: 1, lastReportOn: '2021-06-15' });
    expect(on.body.reports).toEqual([
      expect.objectContaining({
        unit: lead,
        narrative: '完成2021年上半年入海排污口备案核查',
        evidence: [{ name: '备案清单.pdf', sha256: 'a'.repeat(64) }],
        occurredAt: '2021-06-15T02:00:00.000Z',
        recordedBy: '牵头单位填报员',
      }),
    ]);
    const listed = (await t.request('GET', '/api/v1/standing-items?asOf=2021-12-31')).body.items as Item[];
    expect(
      unitRow(
        listed.find((i) => i.itemId === item.itemId)!,
        lead,
      ),
    ).toMatchObject({
      reports: 1,
      lastReportAt: '2021-06-15T02:00:00.000Z',
      lastReportOn: '2021-06-15',
    });
  });

  it('the office names the unit; without it 400 ASSIGNMENT_REQUIRED naming the known units', async () => {
    const missing = await report(supervisor, { narrative: '督查室代为登记' });
    expect(missing.status).toBe(400);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(missing.body).toMatchObject({ code: 'ASSIGNMENT_REQUIRED', field: 'unit' });
    expect(JSON.stringify(missing.body)).toContain(lead);
    const unknown = await report(supervisor, { narrative: '督查室代为登记', unit: other });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'ASSIGNMENT_UNKNOWN', field: 'unit' });
    const named = await report(supervisor, {
      narrative: '督查室代为登记',
      unit: lead,
      occurredAt: '2021-09-01T09:00:00+08:00',
    });
    expect(named.status).toBe(200);
    const r = await t.request('GET', `/api/v1/standing-items/${item.itemId}?asOf=2021-12-31`);
    expect(unitRow(r.body, lead)).toMatchObject({ reports: 2, lastReportOn: '2021-09-01' });
  });

  it('refuses other units and roles with problem+json, writing nothing', async () => {
    const store = t.app.get(EventStore);
    const before = await store.headPosition();
    const otherUnit = await report(reporter, { narrative: '替别的单位报', unit: other });
    expect(otherUnit.status).toBe(403);
    expect(otherUnit.body.code).toBe('FORBIDDEN_OTHER_ASSIGNMENT');
    const stranger = await report(otherReporter, { narrative: '无关单位' });
    expect(stranger.status).toBe(403);
    expect(stranger.body.code).toBe('FORBIDDEN_NOT_RESPONSIBLE');
    expect((await report(viewer, { narrative: '只读用户' })).status).toBe(403);
    const empty = await report(reporter, { narrative: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.field).toBe('narrative');
    const nowhere = await report(reporter, { narrative: '不存在的事项' }, {}, 'sanqu-2020.T99-S9');
    expect(nowhere.status).toBe(404);
    expect(nowhere.body.code).toBe('STANDING_ITEM_NOT_FOUND');
    const get = await t.request('GET', '/api/v1/standing-items/sanqu-2020.T99-S9');
    expect(get.status).toBe(404);
    expect(get.body.code).toBe('STANDING_ITEM_NOT_FOUND');
    const badDate = await t.request('GET', '/api/v1/standing-items?asOf=2021-13-01');
    expect(badDate.status).toBe(400);
    expect(badDate.body.field).toBe('asOf');
    expect(await store.headPosition()).toBe(before);
  });

  it('is idempotent under retry with an Idempotency-Key (same body → same answer, nothing written twice)', async () => {
    const body = { narrative: '第三季度备案核查', occurredAt: '2021-09-20T10:00:00+08:00' };
    const first = await report(reporter, body, { 'Idempotency-Key': 'standing-q3-1' });
    expect(first.status).toBe(200);
    const again = await report(reporter, body, { 'Idempotency-Key': 'standing-q3-1' });
    expect(again.status).toBe(200);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await report(
      reporter,
      { ...body, narrative: '另一份' },
      { 'Idempotency-Key': 'standing-q3-1' },
    );
    expect(other.status).toBe(422);
    const r = await t.request('GET', `/api/v1/standing-items/${item.itemId}?asOf=2021-12-31`);
    expect(unitRow(r.body, lead)!.reports).toBe(3);
  });

  it('is documented in the served OpenAPI document', async () => {
    const doc = (await t.request('GET', '/api/docs/openapi.json', { token: null })).body as {
      paths: Record<string, object>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/standing-items',
        '/api/v1/standing-items/{itemId}',
        '/api/v1/standing-items/{itemId}/reports',
      ]),
    );
  });
});
