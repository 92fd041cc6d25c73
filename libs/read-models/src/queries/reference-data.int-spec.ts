import type { DataSource } from 'typeorm';
import { createTestDataSource } from '@app/platform/testing';
import { PlanCatalogQueries } from '@app/plans';
import {
  asRequest,
  eventually,
  PLAN_UNIT,
  projectMilestones,
  readsWaiting,
  referenceHarness,
  renameUnit,
  sleep,
  unbounded,
  whileLocked,
  within,
} from '../testing/reference-tables';
import {
  MAX_AGE_MS,
  MIN_REFRESH_MS,
  ReadModelReferenceData,
  REFRESH_AGE_MS,
  SERVED_AGE_MS,
} from './reference-data';

/*
 * A query process that asked before any plan was projected (an API-only process on a fresh database, before the
 * workers project the seed) does not keep that empty answer for a minute: its labels would be unit ids meanwhile.
 */
describe('reference data read before the plan is projected (real PostgreSQL)', () => {
  let ds: DataSource;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const t = await createTestDataSource();
    ds = t.dataSource;
    url = t.db.url;
    close = t.close;
  }, 60_000);

  afterAll(async () => close());

  it('an empty read is read again after 2 s, not kept a minute', async () => {
    const reference = new ReadModelReferenceData(ds, new PlanCatalogQueries(ds));
    const at = async (ms: number) => {
      const now = jest.spyOn(Date, 'now').mockReturnValue(ms);
      try {
        return await reference.get();
      } finally {
        now.mockRestore();
      }
    };
    const t0 = 1_000_000;
    expect((await at(t0)).sections.size).toBe(0);

    await projectMilestones(ds, url);

    expect((await at(t0 + 1_000)).sections.size).toBe(0); // (within 2 s: as read)
    expect((await at(t0 + 2_500)).sections.size).toBeGreaterThan(0);
  });
});

/*
 * A copy past its refresh age is served while one read refreshes it in the background: no question waits for the
 * read (≈ 1 s at 100,000 milestones) once a minute. The uses are bounded as requests in the API process (300 ms
 * here; the test's own statements are not); the refresh is not, being background work of its own bound.
 */
describe('reference data refreshed ahead, in the background (real PostgreSQL)', () => {
  const h = referenceHarness();
  const { unitName, readsStarted } = h;
  const fresh = async () => {
    const reference = new ReadModelReferenceData(h.ds, new PlanCatalogQueries(h.ds));
    await renameUnit(h.ds, PLAN_UNIT.name);
    await unbounded(() => reference.get());
    return reference;
  };
  /** The board's table renamed away: every reference read fails, until it is `back`. */
  const away = () => unbounded(() => h.ds.query('ALTER TABLE rm_milestones RENAME TO rm_milestones_away'));
  const back = () => unbounded(() => h.ds.query('ALTER TABLE rm_milestones_away RENAME TO rm_milestones'));
  /** The refreshes' failures logged (each after its stack: a fault of its own, not an outage). */
  const failures = () =>
    h.warn.mock.calls.map(([m]) => String(m)).filter((m) => m.startsWith('refreshing the reference data'));

  it('past the refresh age a use is answered from the copy at once; one read refreshes it for all', async () => {
    const reference = await fresh();
    await renameUnit(h.ds, '市交通局');

    await whileLocked(h.ds, async () => {
      h.skew += REFRESH_AGE_MS;
      const uses = Array.from({ length: 5 }, () => unitName(reference));
      expect(await within(500, Promise.all(uses))).toEqual(Array(5).fill(PLAN_UNIT.name));
      expect(await eventually(() => readsWaiting(h.ds), 1)).toBe(1);
      await sleep(1_000); // longer than a request's bound: the refresh has its own
      expect(await within(500, unitName(reference))).toBe(PLAN_UNIT.name);
      expect(await readsWaiting(h.ds)).toBe(1); // the uses meanwhile share it
    });
    expect(await eventually(() => unitName(reference), '市交通局')).toBe('市交通局');
    expect(h.warn).not.toHaveBeenCalled();
  });

  it('a copy older than twice the refresh age, its refreshes not failing, is not served: the use waits for a read', async () => {
    const reference = await fresh();
    await renameUnit(h.ds, '市交通局');
    h.skew += SERVED_AGE_MS; // (an idle time: no use refreshed it)
    expect(await unitName(reference)).toBe('市交通局');
  });

  it('a failed refresh keeps the copy served, logged once, read again 2 s later; past the maximum age a use waits', async () => {
    const reference = await fresh();
    await renameUnit(h.ds, '交通运输局');
    await away(); // every read fails
    try {
      h.skew += REFRESH_AGE_MS;
      expect(await unitName(reference)).toBe(PLAN_UNIT.name);
      expect(await eventually(async () => failures().length, 1)).toBe(1);
      expect(failures()[0]).toMatch(
        /failed \(error: relation "rm_milestones" does not exist\); answering from the copy/,
      );
      const afterFirst = readsStarted();
      expect(await unitName(reference)).toBe(PLAN_UNIT.name); // within 2 s of the failure: no read started
      await sleep(200);
      expect(readsStarted()).toBe(afterFirst);

      h.skew += MIN_REFRESH_MS;
      expect(await unitName(reference)).toBe(PLAN_UNIT.name); // a second failed refresh, not logged again
      await eventually(async () => readsStarted(), afterFirst + 1);
      await sleep(200);
      expect(failures()).toHaveLength(1);

      h.skew += SERVED_AGE_MS; // older than twice the refresh age: served while the refreshes fail
      expect(await unitName(reference)).toBe(PLAN_UNIT.name);
      await sleep(200);

      h.skew += MAX_AGE_MS;
      await expect(asRequest(() => reference.get())).rejects.toThrow(/rm_milestones/);
    } finally {
      await back().catch(() => undefined);
    }
  });

  it('a refresh that succeeds after failed ones ends their outage: the next failure is logged again, once', async () => {
    const reference = await fresh();
    await renameUnit(h.ds, '交通运输局');
    await away();
    try {
      h.skew += REFRESH_AGE_MS;
      expect(await unitName(reference)).toBe(PLAN_UNIT.name);
      expect(await eventually(async () => failures().length, 1)).toBe(1);
      h.skew += SERVED_AGE_MS; // older than twice the refresh age: served while the refreshes fail
      expect(await unitName(reference)).toBe(PLAN_UNIT.name);
      await sleep(200);

      await back();
      h.skew += MIN_REFRESH_MS;
      expect(await eventually(() => unitName(reference), '交通运输局')).toBe('交通运输局');

      await away();
      h.skew += REFRESH_AGE_MS;
      expect(await unitName(reference)).toBe('交通运输局');
      expect(await eventually(async () => failures().length, 2)).toBe(2);
      expect(failures()[1]).toMatch(/answering from the copy read 6\d s ago/);
      const afterSecond = readsStarted();
      h.skew += MIN_REFRESH_MS;
      expect(await unitName(reference)).toBe('交通运输局'); // failed again, not logged again
      await eventually(async () => readsStarted(), afterSecond + 1);
      await sleep(200);
      expect(failures()).toHaveLength(2);
    } finally {
      await back().catch(() => undefined);
    }
  });

  it("a copy's age counts from its read's start: read during two refresh ages, it is not served after", async () => {
    const reference = new ReadModelReferenceData(h.ds, new PlanCatalogQueries(h.ds));
    await renameUnit(h.ds, PLAN_UNIT.name);
    const { first } = await whileLocked(h.ds, async () => {
      const first = unbounded(() => reference.get()); // held up by the lock
      expect(await eventually(() => readsWaiting(h.ds), 1)).toBe(1);
      h.skew += SERVED_AGE_MS;
      return { first };
    });
    expect((await first).units.get(PLAN_UNIT.id)).toBe(PLAN_UNIT.name);
    await renameUnit(h.ds, '市交通局');
    expect(await unitName(reference)).toBe('市交通局'); // the use waited for a read, not the copy just read
  });

  it('a unit not known is read again at most every 2 s: refused within 2 s of the last read, found after', async () => {
    const reference = await fresh();
    const added = { id: 'dept-water', name: '市水务局' };
    await unbounded(() =>
      h.ds.query(`UPDATE plan_plans SET model = jsonb_set(model, '{units}', model->'units' || $1::jsonb)`, [
        JSON.stringify([added]),
      ]),
    );
    const before = readsStarted();
    await expect(asRequest(() => reference.requireUnit(added.id))).rejects.toMatchObject({
      code: 'UNIT_NOT_FOUND',
    });
    expect(readsStarted()).toBe(before);

    h.skew += MIN_REFRESH_MS + 500;
    expect(await asRequest(() => reference.requireUnit(added.id))).toEqual(added);
  });
});
