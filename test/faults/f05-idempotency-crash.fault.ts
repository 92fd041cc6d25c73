import { defineFault, seconds, Tally } from './harness/fault';
import { createToken } from './harness/http';
import { keyedCommands, milestoneIds, runKeyedLoad, verifyKeyed } from './harness/keyed-load';

const COMMANDS = 240;
const KILL_AFTER = 80;

/**
 * F5: keyed progress reports from 16 clients (every third sent twice at once) while the service is killed with
 * SIGKILL and started again; the clients retry whatever got no answer with the same Idempotency-Key. Claims the
 * dead process held are taken over at once, so the retries are served as soon as the service is back: every
 * command answered 200, the same bytes to every copy, recorded exactly once.
 */
export default defineFault({
  id: 'F5',
  title: 'Idempotency-Key across a kill -9',
  run: async (ctx) => {
    const t = new Tally();
    const db = await ctx.database();
    const env = await ctx.serviceEnv(db, { PROCESS_ROLE: 'api' });
    let svc = ctx.service('f5-first', env);
    await svc.ready();
    const pg = await ctx.pg(db.url);
    const token = await createToken(svc.baseUrl, 'supervisor', '督查室');
    const commands = keyedCommands('F5', COMMANDS, await milestoneIds(pg));

    let killedAt = 0;
    let restarted: Promise<void> | undefined;
    const answers = await runKeyedLoad({
      commands,
      lanes: 16,
      token,
      base: () => svc.baseUrl,
      duplicateEvery: 3,
      deadlineMs: 120_000,
      onAnswer: (answered) => {
        if (answered !== KILL_AFTER) return;
        killedAt = Date.now();
        restarted = (async () => {
          await svc.kill();
          const orphaned = await pg.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM idempotency_keys WHERE status IS NULL',
          );
          t.note(`${orphaned.rows[0]!.n} keys claimed by the killed process`);
          svc = ctx.service('f5-restarted', env);
          await svc.ready();
          t.note(`restarted in ${seconds(Date.now() - killedAt)} s`);
        })();
      },
    });
    await restarted;
    // Recovery: from the kill until every command that got no answer meanwhile (in flight, or sent while the
    // service was down) was answered 200.
    const retried = [...answers.values()].filter((as) => as.some((a) => a.status === 0));
    const served = retried.flatMap((as) => as.filter((a) => a.status === 200).map((a) => a.at));
    t.recoverySeconds = served.length > 0 ? seconds(Math.max(...served) - killedAt) : null;
    t.note(`${retried.length} of ${COMMANDS} commands retried after the kill`);
    await verifyKeyed(pg, commands, answers, t);
    await svc.stop();
    return t.result();
  },
});
