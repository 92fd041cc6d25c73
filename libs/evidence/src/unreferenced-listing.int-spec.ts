import { createTestDatabase, type TestDatabase } from '@app/platform/testing';
import { EvidenceHarness } from './testing/evidence-harness';

/** `evidence unreferenced` without `--remove`: the same answer as a removal now, and nothing written. */
describe('listing the unreferenced evidence files reads only (real PostgreSQL, real directory)', () => {
  let db: TestDatabase;
  let h: EvidenceHarness;

  beforeAll(async () => {
    db = await createTestDatabase();
    h = await EvidenceHarness.boot(db);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await db?.drop();
  });
  afterEach(async () => {
    await h.db.query('UPDATE evidence_files SET referenced_at = now()'); // each test sees its own files only
  });

  /** What the removal's upkeep keeps: where its reading of the log stands, and the hashes it listed. */
  const upkeepState = async () => ({
    scan: await h.db.query<unknown[]>('SELECT position FROM evidence_reference_scan'),
    named: await h.db.query<unknown[]>('SELECT sha256 FROM evidence_named ORDER BY sha256'),
  });

  it('leaves evidence_named and the reading’s position as they were, and still keeps out a file only a new event names', async () => {
    const abandoned = await h.upload('abandoned', 35);
    const named = await h.upload('named-by-a-new-event', 40);
    await h.recordReference(named); // recorded after the last reading, through no mark
    const before = await upkeepState();

    const listed = await h.unreferenced.summary();
    expect(listed).toMatchObject({ count: 1, bytes: (await h.files.find(abandoned))!.size });
    expect(Date.now() - listed.oldest!.getTime()).toBeLessThan(36 * 86_400_000); // the abandoned one's date
    expect(await upkeepState()).toEqual(before);
    expect(await h.unreferenced.summary()).toEqual(listed); // and again: the same answer

    // The removal agrees with the listing: it takes the one listed, keeps the one the new event names.
    expect(await h.unreferenced.remove(100)).toMatchObject({ removed: 1, bytes: listed.bytes, failed: 0 });
    expect([await h.kept(abandoned), await h.kept(named)]).toEqual([
      [false, false],
      [true, true],
    ]);
    expect(await upkeepState()).not.toEqual(before); // the removal did read the new event
  });

  it('lists nothing when nothing is due, without reading the log', async () => {
    await h.upload('young', 1);
    const before = await upkeepState();
    expect(await h.unreferenced.summary()).toEqual({ count: 0, bytes: 0, oldest: null });
    expect(await upkeepState()).toEqual(before);
  });
});
