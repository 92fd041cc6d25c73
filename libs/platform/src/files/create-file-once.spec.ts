import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createFileOnce } from './create-file-once';

const MODES = { mode: 0o600, dirMode: 0o700 } as const;

describe('createFileOnce', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-file-once-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates the file (and its directory) with the modes asked, once: later calls read it and generate nothing', () => {
    const file = path.join(dir, 'keys', 'a.key');
    expect(createFileOnce(file, () => 'first\n', MODES)).toEqual({ content: 'first\n', created: true });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    const generate = jest.fn(() => 'second\n');
    expect(createFileOnce(file, generate, MODES)).toEqual({ content: 'first\n', created: false });
    expect(generate).not.toHaveBeenCalled();
    expect(fs.readdirSync(path.dirname(file))).toEqual(['a.key']);
  });

  it('another process creating it between the check and the link: its content wins, ours is dropped', () => {
    const file = path.join(dir, 'a.key');
    const ours = createFileOnce(
      file,
      () => {
        createFileOnce(file, () => 'theirs', MODES); // the other process, while we generate
        return 'ours';
      },
      MODES,
    );
    expect(ours).toEqual({ content: 'theirs', created: false });
    expect(fs.readFileSync(file, 'utf8')).toBe('theirs');
    expect(fs.readdirSync(dir)).toEqual(['a.key']);
  });

  it('a generator that throws leaves neither the file nor a temp file', () => {
    const file = path.join(dir, 'a.key');
    expect(() =>
      createFileOnce(
        file,
        () => {
          throw new Error('no entropy');
        },
        MODES,
      ),
    ).toThrow('no entropy');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
