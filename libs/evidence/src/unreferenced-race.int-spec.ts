import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@app/platform/testing';
import { EvidenceHarness } from './testing/evidence-harness';

const ref = (sha256: string) => [{ name: '报告.pdf', sha256 }];
const settle = <T>(p: Promise<T>) =>
  p.then(
    () => 'ok',
    (e: Error & { code?: string }) => e.code ?? e.message,
  );

/** A command marking a file while the removal takes it: one wins, and the loser sees a consistent world. */
describe('marking a file referenced vs removing it as unreferenced (real PostgreSQL, real directory)', () => {
  let db: TestDatabase;
  let h: EvidenceHarness;
  let other: DataSource; // a second connection, the other side of the race

  beforeAll(async () => {
    db = await createTestDatabase();
    h = await EvidenceHarness.boot(db);
    other = await new DataSource({ type: 'postgres', url: db.appUrl }).initialize();
  }, 120_000);
  afterAll(async () => {
    await other?.destroy();
    await h?.close();
    await db?.drop();
  });

  it('a mark that locked the row first wins: the removal waits, then leaves row and file', async () => {
    const sha256 = await h.upload('mark-first', 40);
    const q = other.createQueryRunner();
    await q.startTransaction();
    await q.query('UPDATE evidence_files SET referenced_at = now() WHERE sha256 = $1', [sha256]);
    const removal = h.unreferenced.remove(10);
    await new Promise((r) => setTimeout(r, 300)); // the removal now waits for the row
    await q.commitTransaction();
    await q.release();
    expect(await removal).toMatchObject({ removed: 0 });
    expect(await h.kept(sha256)).toEqual([true, true]);
  });

  it('a removal that locked the row first wins: the command waits, then gets 400 EVIDENCE_FILE_MISSING', async () => {
    const sha256 = await h.upload('removal-first', 40);
    const q = other.createQueryRunner();
    await q.startTransaction();
    await q.query('DELETE FROM evidence_files WHERE sha256 = $1', [sha256]); // as the removal does
    const command = settle(h.files.attach(ref(sha256)));
    await new Promise((r) => setTimeout(r, 300)); // the mark now waits for the row
    await q.commitTransaction(); // then the bytes go, after the commit
    await q.release();
    expect(await command).toBe('EVIDENCE_FILE_MISSING');
    fs.rmSync(path.join(h.dataDir, 'evidence', sha256.slice(0, 2), sha256.slice(2)));
  });

  it('many at once: every file a command got to reference is kept whole, every other one is gone', async () => {
    const shas: string[] = [];
    for (let i = 0; i < 30; i++) shas.push(await h.upload(`crowd-${i}`, 40 + 30 - i));
    const removal = h.unreferenced.remove(100); // oldest first: crowd-0, crowd-1, …
    while ((await h.kept(shas[0]!))[0]) await new Promise((r) => setTimeout(r, 1));
    // The removal is under way: the commands come at once, from the other end.
    const outcomes = (
      await Promise.all([...shas].reverse().map((s) => settle(h.files.attach(ref(s)))))
    ).reverse();
    const { removed } = await removal;
    expect(outcomes.filter((o) => o === 'EVIDENCE_FILE_MISSING')).toHaveLength(removed);
    for (const [i, sha256] of shas.entries()) {
      const outcome = outcomes[i];
      expect([sha256, outcome]).toEqual([sha256, expect.stringMatching(/^(ok|EVIDENCE_FILE_MISSING)$/)]);
      expect([sha256, await h.kept(sha256)]).toEqual([
        sha256,
        outcome === 'ok' ? [true, true] : [false, false],
      ]);
    }
  });
});
