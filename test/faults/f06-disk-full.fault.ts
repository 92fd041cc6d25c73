import * as path from 'node:path';
import { mountSmallDisk, smallDiskUnavailable, startFreshWalSegment } from '../support/disk-full';
import { controllablePostgres } from '../support/pg-server';
import { defineFault } from './harness/fault';
import { runKeyedFault } from './harness/keyed-fault';

/**
 * F6: keyed load while the disk under the database fills to the last byte (a tmpfs of the fault's own) and is
 * freed 3 s later. Writes meanwhile answer 503 (retried by the clients); every command ends recorded once,
 * answered 200. Needs Linux and root to mount the tmpfs: elsewhere the suite says why it did not run.
 */
export default defineFault({
  id: 'F6',
  title: 'disk full under the database',
  timeoutMs: 240_000,
  unavailable: smallDiskUnavailable,
  run: async (ctx) => {
    const disk = mountSmallDisk(160);
    ctx.onCleanup(async () => disk.close());
    const server = controllablePostgres(path.join(disk.dir, 'pg'), 'progress_monitor_f6_test');
    ctx.onCleanup(() => server.close());
    const url = await server.start();
    const env = await ctx.serviceEnv(null, { DATABASE_URL: url });
    return runKeyedFault(ctx, {
      prefix: 'F6',
      allowed5xx: [503],
      start: async () => {
        const svc = ctx.service('f6', env);
        await svc.ready();
        return { svc, databaseUrl: url };
      },
      strike: async (target) => {
        await startFreshWalSegment(url);
        disk.fill();
        await new Promise((r) => setTimeout(r, 3000));
        disk.release();
        await target.svc.ready();
        return target;
      },
    });
  },
});
