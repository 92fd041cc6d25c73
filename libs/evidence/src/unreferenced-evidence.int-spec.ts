import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase, migrationNamed } from '@app/platform/testing';
import { EvidenceHarness } from './testing/evidence-harness';
import { samplePdf } from './testing/sample-files';

const Backfill = migrationNamed('EvidenceReferenced1764889000000');

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
  const named = async (sha256: string): Promise<boolean> =>
    (await h.db.query<unknown[]>('SELECT 1 FROM evidence_named WHERE sha256 = $1', [sha256])).length === 1;
  const head = async () =>
    Number((await h.db.query<{ p: string }[]>('SELECT max(global_position) AS p FROM events'))[0]!.p);
  const scanned = async () =>
    Number(
      (await h.db.query<{ position: string }[]>('SELECT position FROM evidence_reference_scan'))[0]!.position,
    );

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
    expect(await named(inAnEvent)).toBe(true); // the event's file is listed now: not read again tomorrow
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

  it('a reference in upper case is the same file: found, marked (kept), and refused when missing', async () => {
    const upper = await h.upload('upper-case', 40);
    const [sent] = await h.files.attach([{ name: '报告.pdf', sha256: upper.toUpperCase() }]);
    expect(sent).toMatchObject({ sha256: upper, size: (await h.files.find(upper))!.size });
    expect(await h.unreferenced.remove(100)).toMatchObject({ removed: 0 });
    expect(await h.kept(upper)).toEqual([true, true]);
    const never = createHash('sha256').update('never uploaded').digest('hex').toUpperCase();
    await expect(h.files.attach([{ name: '报告.pdf', sha256: never }])).rejects.toMatchObject({
      code: 'EVIDENCE_FILE_MISSING',
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

  it('reads the log once: each run reads only the events recorded since the last, and still lists what they name', async () => {
    const first = await h.upload('first-run', 35);
    await h.recordReference(first);
    await h.upload('due-1', 35); // something due: the run reads the events
    await h.unreferenced.remove(100);
    expect(await scanned()).toBe(await head());
    expect(await h.kept(first)).toEqual([true, true]);

    const later = await h.upload('later-event', 35);
    await h.recordReference(later); // after the last reading, through no mark
    await h.upload('due-2', 35);
    expect(await h.unreferenced.remove(100)).toMatchObject({ removed: 1 });
    expect(await h.kept(later)).toEqual([true, true]);
    expect(await scanned()).toBe(await head());
  });

  it('the migration lists the files that events recorded before it name (backfill) and starts the reading at the log’s end', async () => {
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
    expect([await named(older), await named(never)]).toEqual([true, false]);
    expect(await scanned()).toBe(await head()); // the upkeep goes on from the log's end
    await h.unreferenced.remove(100); // (down dropped the earlier tests' marks: their old files go too)
    expect([await h.kept(older), await h.kept(never)]).toEqual([
      [true, true],
      [false, false],
    ]);
  });

  it('a file an event named before it was uploaded (a fingerprint-only reference) is kept once uploaded', async () => {
    const late = createHash('sha256').update(samplePdf('named-first')).digest('hex');
    await h.recordReference(late); // EVIDENCE_REQUIRE_UPLOAD=false: the event names bytes not uploaded yet
    await h.upload('due-3', 35); // something due: the log is read, the hash listed
    await h.unreferenced.remove(100);
    expect(await h.upload('named-first', 35)).toBe(late);
    expect(await h.unreferenced.remove(100)).toMatchObject({ removed: 0 });
    expect(await h.kept(late)).toEqual([true, true]);
  });

  it('a file whose bytes cannot be removed is counted and passed over, the others go; the next run retries it', async () => {
    const stuck = await h.upload('stuck', 50);
    const other = await h.upload('other', 40);
    const file = path.join(h.dataDir, 'evidence', stuck.slice(0, 2), stuck.slice(2));
    fs.rmSync(file);
    fs.mkdirSync(path.join(file, 'in-the-way'), { recursive: true }); // rm without recursive refuses a directory
    try {
      const r = await h.unreferenced.remove(100);
      expect(r).toMatchObject({ removed: 1, failed: 1 });
      expect(r.firstError).toContain(stuck);
      expect(await h.kept(other)).toEqual([false, false]);
      expect((await h.kept(stuck))[0]).toBe(false); // its row went first (never a row without its bytes)
      expect(await h.unreferenced.remove(100)).toMatchObject({ removed: 0, failed: 1 }); // still in the way
    } finally {
      fs.rmSync(file, { recursive: true, force: true });
    }
    expect(await h.unreferenced.remove(100)).toMatchObject({ removed: 0, failed: 0 });
  });

  it('runs at start only in the service’s processes (config.upkeep), not in the CLI’s', async () => {
    const old = await h.upload('at-start', 35);
    const tool = await EvidenceHarness.boot(db, h.dataDir, false);
    await new Promise((r) => setTimeout(r, 500));
    expect(await h.kept(old)).toEqual([true, true]);
    await tool.close(false);
    const service = await EvidenceHarness.boot(db, h.dataDir, true);
    try {
      // Until both are gone: the row goes first, then the file (never a row without its bytes).
      for (let i = 0; i < 50 && (await h.kept(old)).some(Boolean); i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(await h.kept(old)).toEqual([false, false]);
    } finally {
      await service.close(false);
    }
  });
});
