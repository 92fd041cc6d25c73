import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@app/platform/testing';
import { EvidenceReferenced1764889000000 as Backfill } from '../../platform/src/database/migrations/1764889000000-evidence-referenced';
import { EvidenceHarness } from './testing/evidence-harness';

const ref = (sha256: string) => [{ name: '报告.pdf', sha256 }];

describe('evidence files never referenced are removed after EVIDENCE_UNREFERENCED_DAYS (real PostgreSQL, real directory)', () => {
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

  it('removes an old unreferenced upload (row and file); keeps a referenced one, one a recorded event names, and a young one', async () => {
    const abandoned = await h.upload('abandoned', 31);
    const referenced = await h.upload('referenced', 31);
    const inAnEvent = await h.upload('in-an-event', 31);
    const young = await h.upload('young', 29);
    await h.files.attach(ref(referenced)); // a command about to append: marked, no event yet
    await h.recordReference(inAnEvent); // an event that went through no mark

    const before = await h.unreferenced.summary();
    expect(before).toMatchObject({ count: 1, bytes: (await h.files.find(abandoned))!.size });
    expect(Date.now() - before.oldest!.getTime()).toBeGreaterThan(31 * 86_400_000 - 60_000);

    expect(await h.unreferenced.remove(100)).toMatchObject({ removed: 1, more: false });
    expect(await h.kept(abandoned)).toEqual([false, false]);
    for (const sha256 of [referenced, inAnEvent, young]) expect(await h.kept(sha256)).toEqual([true, true]);
    const [healed] = await h.db.query<{ marked: boolean }[]>(
      'SELECT referenced_at IS NOT NULL AS marked FROM evidence_files WHERE sha256 = $1',
      [inAnEvent],
    );
    expect(healed).toEqual({ marked: true }); // the event's file is marked now: not read again tomorrow
    expect((await h.unreferenced.summary()).count).toBe(0);
  });

  it('a command referencing a removed file is refused: 400 EVIDENCE_FILE_MISSING, naming the file', async () => {
    const gone = await h.upload('gone', 40);
    await h.unreferenced.remove(100);
    await expect(h.files.attach([{ name: '验收报告.pdf', sha256: gone }])).rejects.toMatchObject({
      kind: 'validation', // 400
      code: 'EVIDENCE_FILE_MISSING',
      field: 'evidence[0].sha256',
    });
  });

  it('the same bytes uploaded again count as uploaded now: kept for another retention', async () => {
    const again = await h.upload('again', 40);
    await h.upload('again'); // 0 days ago
    expect(await h.unreferenced.remove(100)).toMatchObject({ removed: 0 });
    expect(await h.kept(again)).toEqual([true, true]);
  });

  it('removes at most the limit per run, oldest first, and says more remain', async () => {
    const [a, b, c] = [await h.upload('a', 50), await h.upload('b', 40), await h.upload('c', 45)];
    expect(await h.unreferenced.remove(2)).toMatchObject({ removed: 2, more: true });
    expect([await h.kept(a), await h.kept(c), await h.kept(b)]).toEqual([
      [false, false],
      [false, false],
      [true, true],
    ]);
    expect(await h.unreferenced.remove(2)).toMatchObject({ removed: 1, more: false });
  });

  it('reads the log once: each run reads only the events recorded since the last, and still marks what they name', async () => {
    const first = await h.upload('first-run', 35);
    await h.recordReference(first);
    await h.upload('due-1', 35); // something due: the run reads the events
    await h.unreferenced.remove(100);
    const head = async () =>
      Number((await h.db.query<{ p: string }[]>('SELECT max(global_position) AS p FROM events'))[0]!.p);
    const scanned = async () =>
      Number(
        (await h.db.query<{ position: string }[]>('SELECT position FROM evidence_reference_scan'))[0]!
          .position,
      );
    expect(await scanned()).toBe(await head());
    expect(await h.kept(first)).toEqual([true, true]);

    const later = await h.upload('later-event', 35);
    await h.recordReference(later); // after the last reading, through no mark
    await h.upload('due-2', 35);
    expect(await h.unreferenced.remove(100)).toMatchObject({ removed: 1 });
    expect(await h.kept(later)).toEqual([true, true]);
    expect(await scanned()).toBe(await head());
  });

  it('the migration marks the files that events recorded before it refer to (backfill)', async () => {
    const older = await h.upload('older-event', 60);
    const never = await h.upload('never', 60);
    await h.recordReference(older);
    const owner = await new DataSource({ type: 'postgres', url: db.url }).initialize(); // migrations run as it
    const q = owner.createQueryRunner();
    try {
      await new Backfill().down(q);
      await new Backfill().up(q);
    } finally {
      await q.release();
      await owner.destroy();
    }
    const marked = await h.db.query<{ sha256: string }[]>(
      'SELECT sha256 FROM evidence_files WHERE referenced_at IS NOT NULL AND sha256 = ANY($1)',
      [[older, never]],
    );
    expect(marked.map((r) => r.sha256)).toEqual([older]);
  });

  it('runs at start only in the service’s processes (config.upkeep), not in the CLI’s', async () => {
    const old = await h.upload('at-start', 35);
    const tool = await EvidenceHarness.boot(db, h.dataDir, false);
    await new Promise((r) => setTimeout(r, 500));
    expect(await h.kept(old)).toEqual([true, true]);
    await tool.close(false);
    const service = await EvidenceHarness.boot(db, h.dataDir, true);
    try {
      for (let i = 0; i < 50 && (await h.kept(old))[0]; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await h.kept(old)).toEqual([false, false]);
    } finally {
      await service.close(false);
    }
  });
});
