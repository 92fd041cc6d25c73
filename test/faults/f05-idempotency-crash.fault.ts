import { defineFault } from './harness/fault';
import { runKeyedFault } from './harness/keyed-fault';

/**
 * F5: keyed progress reports while the API process is killed with SIGKILL and started again (database external,
 * untouched); the clients retry whatever got no answer with the same Idempotency-Key. A key's record without an
 * answer (written by a command's append, which claims the key: ownerless) is taken over at once, so the retries are
 * served as soon as the service is back, from what the first execution recorded.
 */
export default defineFault({
  id: 'F5',
  title: 'Idempotency-Key across a kill -9',
  run: async (ctx) => {
    const db = await ctx.database();
    const env = await ctx.serviceEnv(db, { PROCESS_ROLE: 'api' });
    return runKeyedFault(ctx, {
      prefix: 'F5',
      start: async () => {
        const svc = ctx.service('f5-first', env);
        await svc.ready();
        return { svc, databaseUrl: db.url };
      },
      strike: async ({ svc }, t, pg) => {
        await svc.kill();
        const orphaned = await pg.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM idempotency_keys WHERE status IS NULL',
        );
        t.note(`${orphaned.rows[0]!.n} keys recorded without a stored answer`);
        const svc2 = ctx.service('f5-restarted', env);
        await svc2.ready();
        return { svc: svc2, databaseUrl: db.url };
      },
    });
  },
});
