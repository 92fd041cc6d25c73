import { PlanCatalogQueries } from '@app/plans';
import {
  eventually,
  PLAN_UNIT,
  readsWaiting,
  referenceHarness,
  renameUnit,
  sleep,
  unbounded,
  whileLocked,
  within,
} from '../testing/reference-tables';
import { ReadModelReferenceData, REFRESH_AGE_MS, SERVED_AGE_MS } from './reference-data';

/*
 * The reads in the background, held up (a lock here): a request that must wait for one waits no longer than its
 * own bound, and the application's stop does not wait for one, nor logs its end as a failure.
 */
describe('reference data: waits for a read in the background (real PostgreSQL)', () => {
  const h = referenceHarness();
  const { unitName, readsStarted } = h;
  /** A copy read now, and a refresh of it started and held up by the lock. */
  const refreshHeldUp = async () => {
    const reference = new ReadModelReferenceData(h.ds, new PlanCatalogQueries(h.ds));
    await renameUnit(h.ds, PLAN_UNIT.name);
    await unbounded(() => reference.get());
    await renameUnit(h.ds, '市交通局');
    return reference;
  };

  it('a request that joins a refresh under way waits its own bound, then fails as an outage (503)', async () => {
    const reference = await refreshHeldUp();
    await whileLocked(h.ds, async () => {
      h.skew += REFRESH_AGE_MS;
      expect(await unitName(reference)).toBe(PLAN_UNIT.name); // (the refresh starts)
      expect(await eventually(() => readsWaiting(h.ds), 1)).toBe(1);
      h.skew += SERVED_AGE_MS; // too old to serve: the use waits for the refresh
      await expect(within(1_500, unitName(reference))).rejects.toThrow('Query read timeout');
    });
    expect(await eventually(() => unitName(reference), '市交通局')).toBe('市交通局');
  });

  it("the application's stop cuts a refresh off at once, logs no failure, and starts none after", async () => {
    const reference = await refreshHeldUp();
    await whileLocked(h.ds, async () => {
      h.skew += REFRESH_AGE_MS;
      expect(await unitName(reference)).toBe(PLAN_UNIT.name); // (the refresh starts)
      expect(await eventually(() => readsWaiting(h.ds), 1)).toBe(1);
      await within(1_000, reference.beforeApplicationShutdown());
      expect(await eventually(() => readsWaiting(h.ds), 0)).toBe(0); // (cancelled on the server too)
    });
    const started = readsStarted();
    expect(await unitName(reference)).toBe(PLAN_UNIT.name); // the copy, past its refresh age: no refresh
    await sleep(200);
    expect(readsStarted()).toBe(started);
    expect(h.warn).not.toHaveBeenCalled();
  });
});
