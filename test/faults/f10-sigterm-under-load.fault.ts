import * as net from 'node:net';
import { defineFault } from './harness/fault';
import { runKeyedFault } from './harness/keyed-fault';

const GRACE_MS = 3000;
/** After the grace: the consumers, the pool and the process's exit. */
const MARGIN_MS = 5000;

/**
 * F10: `npm start` sent SIGTERM under keyed load (16 keep-alive clients) while one client holds a request whose
 * headers never end. The process must exit 0 within SHUTDOWN_GRACE_MS and a few seconds, not when its clients
 * let go; started again, every command answered 200 is recorded once and the rest are served on retry.
 */
export default defineFault({
  id: 'F10',
  title: 'SIGTERM under load with a stalled request',
  timeoutMs: 240_000,
  run: async (ctx) => {
    const db = await ctx.database();
    const env = await ctx.serviceEnv(db, { SHUTDOWN_GRACE_MS: String(GRACE_MS) });
    return runKeyedFault(ctx, {
      prefix: 'F10',
      start: async () => {
        const svc = ctx.service('f10-first', env);
        await svc.ready();
        return { svc, databaseUrl: db.url };
      },
      strike: async ({ svc }, t) => {
        const stalled = net.connect(Number(env.PORT), '127.0.0.1');
        stalled.on('error', () => undefined);
        await new Promise((r) => stalled.once('connect', r));
        stalled.write('GET /health/live HTTP/1.1\r\nHost: x\r\n');
        await new Promise((r) => setTimeout(r, 200));
        const at = Date.now();
        const code = await svc.stop();
        const ms = Date.now() - at;
        stalled.destroy();
        t.note(`exit ${code} ${ms} ms after SIGTERM`);
        if (code !== 0) t.problem('unexpected', `exit code ${code} after SIGTERM`);
        if (ms > GRACE_MS + MARGIN_MS) t.problem('unexpected', `exited ${ms} ms after SIGTERM`);
        const again = ctx.service('f10-again', env);
        await again.ready();
        return { svc: again, databaseUrl: db.url };
      },
    });
  },
});
