import * as fs from 'node:fs';
import * as path from 'node:path';
import { FaultContext } from './harness/context';
import type { Fault } from './harness/fault';
import { formatTable, type FaultRun } from './harness/report';

/**
 * The fault suite: every `fNN-<name>.fault.ts` in this folder is one fault (default export `defineFault`),
 * run one after another against real processes, a real PostgreSQL and a real SMTP server on loopback. Prints
 * lost / dup / unexpected / 5xx / recovery seconds per fault; a fault fails unless lost = dup = unexpected = 0.
 * `FAULTS=F3,F5 npx jest --selectProjects faults --runInBand` runs some of them.
 */
const only = (process.env.FAULTS ?? '')
  .split(',')
  .map((s) => s.trim().toUpperCase())
  .filter(Boolean);
const faults: Fault[] = fs
  .readdirSync(__dirname)
  .filter((f) => f.endsWith('.fault.ts'))
  .sort()
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- one file per fault, found at run time
  .map((f) => (require(path.join(__dirname, f)) as { default: Fault }).default)
  .filter((f) => only.length === 0 || only.includes(f.id));

const runs: FaultRun[] = [];

describe('fault suite', () => {
  afterAll(() => {
    process.stdout.write(formatTable(runs));
  });

  for (const fault of faults) {
    const cannot = fault.unavailable?.();
    if (cannot !== undefined) {
      runs.push({ fault, ms: 0, error: `not run: ${cannot}` });
      it.skip(`${fault.id} ${fault.title} (cannot run here: ${cannot})`, () => undefined);
      continue;
    }
    it(
      `${fault.id} ${fault.title}: nothing lost, nothing twice, nothing unexpected`,
      async () => {
        const ctx = new FaultContext();
        const started = Date.now();
        try {
          const result = await fault.run(ctx);
          runs.push({ fault, result, ms: Date.now() - started });
          expect({
            lost: result.lost,
            dup: result.dup,
            unexpected: result.unexpected,
            problems: result.problems,
          }).toEqual({
            lost: 0,
            dup: 0,
            unexpected: 0,
            problems: [],
          });
        } catch (e) {
          if (!runs.some((r) => r.fault === fault)) {
            runs.push({ fault, error: e instanceof Error ? e.message : String(e), ms: Date.now() - started });
          }
          throw e;
        } finally {
          await ctx.cleanup();
        }
      },
      fault.timeoutMs ?? 180_000,
    );
  }
});
