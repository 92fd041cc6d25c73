import * as fs from 'node:fs';
import { DataSource } from 'typeorm';
import { PlanImportService } from '@app/plans';
import { SEED_PLAN } from './support/seeded-app';
import { startTestApp, type TestApp } from './support/test-app';
import { until } from './support/until';

/**
 * Two admins editing one list: GET and PUT answer the list's ETag; a PUT with a stale If-Match is refused (412
 * LIST_CHANGED, nothing written); one without If-Match replaces the list as before. Idempotency here: the list is
 * the state, so the same PUT again (with the new ETag, or with the stale one after it went through) leaves the
 * same list and answers the same ETag, and a PUT that would leave the list as it is never conflicts.
 */
describe('If-Match on the contact and robot lists (real HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let ds: DataSource;
  const unitContacts = '/api/v1/units/dept-transport/contacts';
  const robots = '/api/v1/units/dept-transport/robots';
  const office = '/api/v1/alerts/contacts/supervising-office';
  const put = (path: string, body: unknown, ifMatch?: string) =>
    t.request('PUT', path, { body, ...(ifMatch ? { headers: { 'If-Match': ifMatch } } : {}) });
  const stored = async (unit: string | null): Promise<string[]> =>
    (
      await ds.query<{ email: string }[]>(
        'SELECT email FROM alert_contacts WHERE unit_id IS NOT DISTINCT FROM $1 ORDER BY position',
        [unit],
      )
    ).map((r) => r.email);

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    ds = t.app.get(DataSource);
    await t.app.get(PlanImportService).importDocument(fs.readFileSync(SEED_PLAN, 'utf8'), {
      actor: { system: 'test' },
    });
    await until(async () => (await t.request('GET', unitContacts)).status === 200, 'catalogue');
  }, 120_000);
  afterAll(async () => t?.close());

  it('a unit’s contacts: stale If-Match → 412 and nothing written; fresh → 200 with a new ETag', async () => {
    const loaded = await t.request('GET', unitContacts);
    const tag = loaded.headers.get('etag')!;
    expect(tag).toMatch(/^"[\w-]{22}"$/);
    expect((await t.request('GET', unitContacts)).headers.get('etag')).toBe(tag);

    // Admin B saves first (from the same load).
    const b = await put(unitContacts, { contacts: [{ name: 'B', email: 'b@example.org' }] }, tag);
    expect(b.status).toBe(200);
    const tagB = b.headers.get('etag')!;
    expect(tagB).not.toBe(tag);
    expect((await t.request('GET', unitContacts)).headers.get('etag')).toBe(tagB);

    // Admin A saves its draft with the tag of its load: refused, B's list stays.
    const a = await put(unitContacts, { contacts: [{ name: 'A', email: 'a@example.org' }] }, tag);
    expect(a.status).toBe(412);
    expect(a.headers.get('content-type')).toContain('application/problem+json');
    expect(a.body).toMatchObject({
      title: 'Precondition Failed',
      code: 'LIST_CHANGED',
      detailZh: '该名单已被他人修改，请刷新后再保存',
    });
    expect(await stored('dept-transport')).toEqual(['b@example.org']);

    // A reloads and saves: 200, a new ETag; the same PUT again with that ETag: the same list and ETag.
    const a2 = await put(unitContacts, { contacts: [{ name: 'A', email: 'a@example.org' }] }, tagB);
    expect(a2.status).toBe(200);
    const tagA = a2.headers.get('etag')!;
    expect([tag, tagB]).not.toContain(tagA);
    const again = await put(unitContacts, { contacts: [{ name: 'A', email: 'a@example.org' }] }, tagA);
    expect([again.status, again.headers.get('etag')]).toEqual([200, tagA]);
    // A retry with the tag it was sent with (its answer lost): the list already is what it asks for → 200.
    const retry = await put(unitContacts, { contacts: [{ name: 'A', email: 'a@example.org' }] }, tagB);
    expect([retry.status, retry.headers.get('etag')]).toEqual([200, tagA]);
    expect(await stored('dept-transport')).toEqual(['a@example.org']);

    // Old clients (no If-Match) replace as before; a malformed If-Match is a 400, nothing written.
    expect((await put(unitContacts, { contacts: [] })).status).toBe(200);
    const bad = await put(unitContacts, { contacts: [{ name: 'X', email: 'x@example.org' }] }, '"a", "b"');
    expect([bad.status, bad.body.code]).toEqual([400, 'INVALID_IF_MATCH']);
    expect(await stored('dept-transport')).toEqual([]);
  });

  it('a group’s contacts and a unit’s robots: the same check', async () => {
    const group = await t.request('GET', office);
    await put(office, { contacts: [{ name: 'B', email: 'office-b@example.org' }] });
    const stale = await put(office, { contacts: [] }, group.headers.get('etag')!);
    expect([stale.status, stale.body.code]).toEqual([412, 'LIST_CHANGED']);
    expect(await stored(null)).toContain('office-b@example.org');

    const loaded = await t.request('GET', robots);
    const url = 'http://127.0.0.1:9/cgi-bin/webhook/send?key=k1';
    const b = await put(robots, { robots: [{ kind: 'wecom', url }] }, loaded.headers.get('etag')!);
    expect(b.status).toBe(200);
    const key = b.body[0].key as string;
    // A's draft from the first load (no robots) adds another: refused, B's robot kept.
    const a = await put(
      robots,
      { robots: [{ kind: 'wecom', url: url.replace('k1', 'k2') }] },
      loaded.headers.get('etag')!,
    );
    expect([a.status, a.body.code]).toEqual([412, 'LIST_CHANGED']);
    const now = await t.request('GET', robots);
    expect(now.body.map((r: { key: string }) => r.key)).toEqual([key]);
    expect(now.headers.get('etag')).toBe(b.headers.get('etag'));
    // B removes it; A, still holding B's tag, keeps it by key: the key is gone → 412 (not "unknown key").
    expect((await put(robots, { robots: [] })).status).toBe(200);
    const kept = await put(robots, { robots: [{ key }] }, b.headers.get('etag')!);
    expect([kept.status, kept.body.code]).toEqual([412, 'LIST_CHANGED']);
  });
});
