import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@app/platform/testing';
import { EVIDENCE_STORE, type EvidenceStore } from './evidence-store';
import { EvidenceHarness } from './testing/evidence-harness';

const ref = (sha256: string) => [{ name: '报告.pdf', sha256 }];
const crash = () => Promise.reject(new Error('the process died here'));

/**
 * A removal cut short (a crash: its open transaction rolls back, as after a thrown error) at each step: never a row
 * without its bytes, and what it left is finished by the next run.
 */
describe('removing an unreferenced evidence file, interrupted (real PostgreSQL, real directory)', () => {
  let db: TestDatabase;
  let h: EvidenceHarness;
  let store: EvidenceStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    h = await EvidenceHarness.boot(db);
    store = h.mod.get(EVIDENCE_STORE);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await db?.drop();
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await h.db.query('UPDATE evidence_files SET referenced_at = now()'); // each test sees its own files only
  });
  const bytesOf = (sha256: string) => path.join(h.dataDir, 'evidence', sha256.slice(0, 2), sha256.slice(2));

  it('cut short right after the bytes went: no row left without its bytes; gone for commands, the listing and the audit', async () => {
    const gone = await h.upload('bytes-then-crash', 40);
    jest.spyOn(store, 'remove').mockImplementationOnce(async (sha256) => {
      fs.rmSync(bytesOf(sha256));
      return crash();
    });
    expect(await h.unreferenced.remove(100)).toMatchObject({ removed: 0, failed: 1 });
    expect(await h.kept(gone)).toEqual([false, false]);
    expect(await h.unreferenced.summary()).toMatchObject({ count: 0 });
    await expect(h.files.attach(ref(gone))).rejects.toMatchObject({ code: 'EVIDENCE_FILE_MISSING' });
    await h.unreferenced.remove(100); // finishes it: the note goes
    expect(await store.pendingRemovals()).toEqual([]);
  });

  it('cut short after the row’s deletion committed: the bytes are gone for commands and downloads, and the next run removes them', async () => {
    const left = await h.upload('row-then-crash', 40);
    jest.spyOn(store, 'remove').mockImplementationOnce(crash);
    expect(await h.unreferenced.remove(100)).toMatchObject({ removed: 0, failed: 1 });
    expect(await h.kept(left)).toEqual([false, true]);
    expect(await h.files.find(left)).toBeNull(); // download: 404
    await expect(h.files.attach(ref(left))).rejects.toMatchObject({ code: 'EVIDENCE_FILE_MISSING' });

    expect(await h.unreferenced.remove(100)).toMatchObject({ failed: 0 });
    expect(await h.kept(left)).toEqual([false, false]);
    expect(await store.pendingRemovals()).toEqual([]);
  });

  it('the same bytes uploaded again before the next run are kept whole', async () => {
    const again = await h.upload('uploaded-again', 40);
    jest.spyOn(store, 'remove').mockImplementationOnce(crash);
    await h.unreferenced.remove(100);
    expect(await h.kept(again)).toEqual([false, true]);
    expect(await h.upload('uploaded-again')).toBe(again); // the bytes already there stay as they are
    await h.unreferenced.remove(100);
    expect(await h.kept(again)).toEqual([true, true]);
    expect(await h.files.find(again)).not.toBeNull();
    expect(await store.pendingRemovals()).toEqual([]);
  });

  it('cut short before the row’s deletion committed: row and bytes stay, and a command referencing it then keeps it', async () => {
    const kept = await h.upload('noted-then-crash', 40);
    const noteRemoval = store.noteRemoval.bind(store);
    jest.spyOn(store, 'noteRemoval').mockImplementationOnce(async (sha256) => {
      await noteRemoval(sha256);
      return crash();
    });
    expect(await h.unreferenced.remove(100)).toMatchObject({ removed: 0, failed: 1 });
    expect(await h.kept(kept)).toEqual([true, true]);
    expect(await store.pendingRemovals()).toEqual([kept]);
    await h.files.attach(ref(kept)); // referenced: kept for good
    expect(await h.unreferenced.remove(100)).toMatchObject({ removed: 0, failed: 0 });
    expect(await h.kept(kept)).toEqual([true, true]);
    expect(await store.pendingRemovals()).toEqual([]);
  });
});
