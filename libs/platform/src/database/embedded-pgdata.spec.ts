import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clearUnfinishedInit } from './embedded-pgdata';

describe('clearUnfinishedInit', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-pgdata-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('removes an initdb working directory whose pid now names a process started after it (a pid reused after a reboot); keeps one of a live initdb', async () => {
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await new Promise((r) => other.once('spawn', r));
      const leftover = path.join(dir, `pgdata.initdb-${other.pid}`);
      fs.mkdirSync(leftover);
      // Made a minute before that process started.
      const before = new Date(Date.now() - 60_000);
      fs.utimesSync(leftover, before, before);
      const said: string[] = [];
      expect(clearUnfinishedInit(path.join(dir, 'pgdata'), (l) => said.push(l))).toBe(true);
      expect(fs.existsSync(leftover)).toBe(false);
      expect(said).toEqual([expect.stringContaining(`pgdata.initdb-${other.pid}`)]);

      // Made after that process started: its own working directory, still in use.
      const live = path.join(dir, `pgdata.initdb-${other.pid}`);
      fs.mkdirSync(live);
      clearUnfinishedInit(path.join(dir, 'pgdata'), () => undefined);
      expect(fs.existsSync(live)).toBe(true);
    } finally {
      other.kill();
    }
  });
});
