import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalDiskEvidenceStore } from './evidence-store';

const HOUR = 60 * 60 * 1000;

describe('LocalDiskEvidenceStore.sweepStaging', () => {
  let dir: string;
  let store: LocalDiskEvidenceStore;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-evidence-'));
    store = LocalDiskEvidenceStore.under(dir);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A staging file whose last write was `ageMs` ago. */
  async function staged(ageMs: number): Promise<string> {
    const file = await store.stagingFile();
    fs.writeFileSync(file, 'partial upload');
    const at = new Date(Date.now() - ageMs);
    fs.utimesSync(file, at, at);
    return file;
  }

  it('removes the staging files of uploads cut short and leaves uploads in progress and stored files', async () => {
    const old = await staged(2 * HOUR);
    const recent = await staged(5 * 60 * 1000);
    const kept = await staged(2 * HOUR);
    const sha = 'ab'.padEnd(64, '0');
    await store.put(kept, sha);

    expect(await store.sweepStaging(HOUR)).toBe(1);
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.existsSync(recent)).toBe(true);
    expect(await store.has(sha)).toBe(true);
    expect(await store.sweepStaging(HOUR)).toBe(0);
  });

  it('finds nothing to sweep before the first upload', async () => {
    expect(await store.sweepStaging(HOUR)).toBe(0);
  });
});

describe('LocalDiskEvidenceStore removal notes', () => {
  let dir: string;
  let store: LocalDiskEvidenceStore;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-evidence-'));
    store = LocalDiskEvidenceStore.under(dir);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function stored(sha: string): Promise<void> {
    const file = await store.stagingFile();
    fs.writeFileSync(file, 'bytes');
    await store.put(file, sha);
  }

  it('lists the noted removals; remove takes the bytes then the note, dropRemovalNote the note only', async () => {
    const [a, b] = ['ab'.padEnd(64, '1'), 'cd'.padEnd(64, '2')];
    expect(await store.pendingRemovals()).toEqual([]); // none yet: no directory
    await stored(a);
    await stored(b);
    await store.noteRemoval(b);
    await store.noteRemoval(a);
    await store.noteRemoval(a); // again: one note
    expect(await store.pendingRemovals()).toEqual([a, b]);

    await store.remove(a);
    await store.dropRemovalNote(b);
    expect(await store.pendingRemovals()).toEqual([]);
    expect([await store.has(a), await store.has(b)]).toEqual([false, true]);
    await store.remove(a); // nothing left to do
  });
});
