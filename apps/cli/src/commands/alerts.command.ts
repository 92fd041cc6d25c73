import type { Command } from 'commander';
import { ConsumerRunner } from '@app/event-store';
import { AppError, isIsoDate } from '@app/platform';
import {
  ALERTS_NOTIFIER,
  AlertMailSender,
  AlertQueries,
  AlertRobotSender,
  AlertScanService,
  DELIVERY_STATES,
  type DeliveryState,
} from '@app/alerts';
import { CliInputError, withContext } from '../cli-context';

export function registerAlertsCommands(program: Command): void {
  const alerts = program.command('alerts').description('slippage alerts: scan at a date, deliver mails');

  alerts
    .command('scan')
    .description(
      'run the time-based alert rules at a date (default today); the same date twice raises nothing new',
    )
    .option('--as-of <date>', 'the date to judge the milestones at (YYYY-MM-DD)')
    .option(
      '--deliver',
      'also send the mails and robot messages now (otherwise the running service sends them)',
    )
    .action(async (opts: { asOf?: string; deliver?: boolean }) => {
      if (opts.asOf !== undefined && !isIsoDate(opts.asOf)) {
        throw new CliInputError(`--as-of must be a date YYYY-MM-DD, not "${opts.asOf}"`);
      }
      const out = await withContext(async (ctx) => {
        const scans = ctx.get(AlertScanService);
        const result = await scans.scan(opts.asOf ?? scans.today(), 'cli').catch((e: unknown) => {
          if (e instanceof AppError && (e.kind === 'validation' || e.kind === 'unprocessable')) {
            throw new CliInputError(`${e.message}\n${e.messageZh}`);
          }
          throw e;
        });
        // Queue the digests now (the notifier would do it in the service anyway; both are safe together).
        await ctx.get(ConsumerRunner).catchUp(ALERTS_NOTIFIER);
        const delivered = opts.deliver ? await ctx.get(AlertMailSender).deliverDue() : null;
        const posted = opts.deliver ? await ctx.get(AlertRobotSender).deliverDue() : null;
        return { result, delivered, posted };
      });
      const r = out.result;
      process.stdout.write(
        `scan ${r.asOf}: ${r.milestones} milestones; raised ${r.raised}, repeated ${r.repeated}, ` +
          `escalated ${r.escalated}, resolved ${r.resolved}; position ${r.position}\n` +
          `扫描${r.asOf}：新预警${r.raised}项，重复提醒${r.repeated}项，升级督办${r.escalated}项，解除${r.resolved}项\n`,
      );
      for (const id of r.raisedIds) process.stdout.write(`  + ${id}\n`);
      for (const [what, d] of [
        ['mail', out.delivered],
        ['robots', out.posted],
      ] as const) {
        if (d) {
          process.stdout.write(
            `${what}: sent ${d.sent}, already sent ${d.alreadySent}, failed ${d.failed}, dead ${d.dead}\n`,
          );
        }
      }
    });

  alerts
    .command('deliver')
    .description(
      'send the alert mails and group-robot messages that are due now (outbox), with the configured transport',
    )
    .action(async () => {
      const [mail, robots] = await withContext(async (ctx) => {
        await ctx.get(ConsumerRunner).catchUp(ALERTS_NOTIFIER);
        return [await ctx.get(AlertMailSender).deliverDue(), await ctx.get(AlertRobotSender).deliverDue()];
      });
      for (const [what, r] of [
        ['mail', mail],
        ['robots', robots],
      ] as const) {
        process.stdout.write(
          `${what}: sent ${r.sent}, already sent ${r.alreadySent}, failed ${r.failed}, dead ${r.dead}\n`,
        );
      }
      if (mail.failed + mail.dead + robots.failed + robots.dead > 0) process.exitCode = 1;
    });

  alerts
    .command('deliveries')
    .description('list alert mails as JSON lines (state: pending = the outbox, sent, dead = dead letters)')
    .option('--state <state>', DELIVERY_STATES.join(' | '))
    .action(async (opts: { state?: string }) => {
      if (opts.state !== undefined && !(DELIVERY_STATES as readonly string[]).includes(opts.state)) {
        throw new CliInputError(`--state must be one of ${DELIVERY_STATES.join(', ')}`);
      }
      const list = await withContext(async (ctx) =>
        ctx.get(AlertQueries).deliveries(opts.state as DeliveryState | undefined, 500),
      );
      for (const d of list.items) process.stdout.write(`${JSON.stringify(d)}\n`);
    });
}
