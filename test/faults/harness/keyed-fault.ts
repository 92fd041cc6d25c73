import type { Client } from 'pg';
import type { FaultContext, FaultService } from './context';
import { seconds, Tally, type FaultResult } from './fault';
import { createToken } from './http';
import { keyedCommands, milestoneIds, runKeyedLoad, verifyKeyed } from './keyed-load';

/** Where the load goes (a ready service) and where its outcome is checked; the fault may change both. */
export interface KeyedTarget {
  readonly svc: FaultService;
  readonly databaseUrl: string;
}

/**
 * Keyed progress reports from 16 clients (every third sent twice at once); after `faultAfter` answers the fault
 * strikes (`strike` returns where the service is afterwards) while the clients keep retrying whatever got no
 * answer or a 5xx with the same Idempotency-Key. Every command must end answered 200 with the same bytes to
 * every copy and be recorded exactly once. Recovery: from the strike until every command that had to be retried
 * was served.
 */
export async function runKeyedFault(
  ctx: FaultContext,
  opts: {
    readonly prefix: string;
    readonly commands?: number;
    readonly faultAfter?: number;
    /** 5xx statuses the fault may cause (retried by the clients, printed, not counted as unexpected). */
    readonly allowed5xx?: readonly number[];
    readonly start: () => Promise<KeyedTarget>;
    readonly strike: (target: KeyedTarget, t: Tally, pg: Client) => Promise<KeyedTarget>;
  },
): Promise<FaultResult> {
  const t = new Tally();
  let target = await opts.start();
  const pg = await ctx.pg(target.databaseUrl);
  const token = await createToken(target.svc.baseUrl, 'supervisor', '督查室');
  const commands = keyedCommands(opts.prefix, opts.commands ?? 240, await milestoneIds(pg));
  let struckAt = 0;
  let struck: Promise<void> | undefined;
  const answers = await runKeyedLoad({
    commands,
    lanes: 16,
    token,
    base: () => target.svc.baseUrl,
    duplicateEvery: 3,
    deadlineMs: 120_000,
    onAnswer: (answered) => {
      if (answered !== (opts.faultAfter ?? 80)) return;
      struckAt = Date.now();
      struck = (async () => {
        target = await opts.strike(target, t, pg);
        t.note(`serving again after ${seconds(Date.now() - struckAt)} s`);
      })();
    },
  });
  await struck;
  const retried = [...answers.values()].filter((as) => as.some((a) => a.status === 0 || a.status >= 500));
  const served = retried.flatMap((as) => as.filter((a) => a.status === 200).map((a) => a.at));
  t.recoverySeconds = served.length > 0 ? seconds(Math.max(...served) - struckAt) : null;
  t.note(`${retried.length} of ${commands.length} commands retried`);
  // A client of its own: the fault may have restarted the database, or moved it.
  await verifyKeyed(await ctx.pg(target.databaseUrl), commands, answers, t, opts.allowed5xx ?? []);
  await target.svc.stop();
  return t.result();
}
