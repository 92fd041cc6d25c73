import * as fs from 'node:fs';
import * as path from 'node:path';
import { defineFault } from './harness/fault';
import { runKeyedFault } from './harness/keyed-fault';

/**
 * F1: `npm start` on its embedded PostgreSQL (DATA_DIR), keyed load, the service killed with SIGKILL and started
 * again the way the README says (scripts/start.js, what `npm start` runs, same DATA_DIR). The killed process's
 * PostgreSQL may outlive it: the restart must cope.
 */
export default defineFault({
  id: 'F1',
  title: 'kill -9 of npm start (embedded DB)',
  timeoutMs: 300_000,
  run: async (ctx) => {
    const env = await ctx.serviceEnv(null);
    const pgDir = path.join(env.DATA_DIR!, 'postgres');
    ctx.onCleanup(async () => stopLeftoverPostgres(path.join(pgDir, 'pgdata')));
    const databaseUrl = () =>
      (JSON.parse(fs.readFileSync(path.join(pgDir, 'running.json'), 'utf8')) as { url: string }).url;
    return runKeyedFault(ctx, {
      prefix: 'F1',
      start: async () => {
        const svc = ctx.service('f1-first', env);
        await svc.ready(180_000);
        return { svc, databaseUrl: databaseUrl() };
      },
      strike: async ({ svc }) => {
        await svc.kill();
        const again = ctx.service('f1-restarted', env);
        await again.ready(180_000);
        return { svc: again, databaseUrl: databaseUrl() };
      },
    });
  },
});

/** A PostgreSQL left running on the fault's data directory (its owner was killed): immediate shutdown. */
function stopLeftoverPostgres(pgdata: string): void {
  try {
    const pid = Number(fs.readFileSync(path.join(pgdata, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (pid > 0) process.kill(pid, 'SIGQUIT');
  } catch {
    // none left
  }
}
