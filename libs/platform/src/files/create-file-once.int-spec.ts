import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import type { FileOnce } from './create-file-once';

const CREATORS = 6;
const ROUNDS = 3;

/**
 * Real processes racing: the helper compiled on its own (it imports only node's modules) and run by CREATORS
 * children that start generating at the same instant; each prints what it read back.
 */
describe('createFileOnce: processes starting together (real child processes)', () => {
  let dir: string;
  let helper: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-file-once-race-'));
    const source = fs.readFileSync(path.join(__dirname, 'create-file-once.ts'), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    });
    helper = path.join(dir, 'create-file-once.js');
    fs.writeFileSync(helper, outputText);
    fs.writeFileSync(
      path.join(dir, 'creator.js'),
      `const { createFileOnce } = require(${JSON.stringify(helper)});
       const [file, at] = process.argv.slice(2);
       while (Date.now() < Number(at)); // the same start for all
       const r = createFileOnce(file, () => 'content of ' + process.pid + '\\n', { mode: 0o600, dirMode: 0o700 });
       process.send(r, () => process.exit(0));`,
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function creator(file: string, at: number): Promise<FileOnce> {
    return new Promise((resolve, reject) => {
      const child = fork(path.join(dir, 'creator.js'), [file, String(at)], { stdio: 'inherit' });
      child.once('message', (m) => resolve(m as FileOnce));
      child.once('error', reject);
      child.once('exit', (code) => code !== 0 && reject(new Error(`creator exited with ${code}`)));
    });
  }

  it(`${CREATORS} creators, ${ROUNDS} rounds: one content each time, created by one, mode 0600, no temp file left`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const keys = path.join(dir, `keys-${round}`);
      const file = path.join(keys, 'a.key');
      const at = Date.now() + 400;
      const results = await Promise.all(Array.from({ length: CREATORS }, () => creator(file, at)));
      const written = fs.readFileSync(file, 'utf8');
      expect(written).toMatch(/^content of \d+\n$/);
      expect(results.map((r) => r.content)).toEqual(Array(CREATORS).fill(written));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.readdirSync(keys)).toEqual(['a.key']);
    }
  }, 60_000);
});
