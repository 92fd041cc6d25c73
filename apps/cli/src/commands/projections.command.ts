import type { Command } from 'commander';
import { ConsumerRunner, SkipRefusedError } from '@app/event-store';
import { CliInputError, EXIT, withContext } from '../cli-context';
import { failingLines, n, statusJson, statusTable, summaryLine } from './projections-status';

/** `[#########-----------]  45.0%  123,456 / 273,000 events  21,034 events/s` */
function progressLine(done: number, total: number, startedMs: number): string {
  const width = 30;
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * width);
  const seconds = Math.max(0.001, (Date.now() - startedMs) / 1000);
  return (
    `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(ratio * 100).toFixed(1).padStart(5)}%  ` +
    `${n(done)} / ${n(total)} events  ${n(Math.round(done / seconds))} events/s`
  );
}

export function registerProjectionsCommands(program: Command): void {
  const projections = program
    .command('projections')
    .description('read models (projections): rebuild from the events, checkpoint and lag');

  projections
    .command('rebuild [name]')
    .description(
      'empty a projection (every projection when no name is given) and replay every event into it; ' +
        'safe while the worker runs. The milestone board is rebuilt in one transaction: readers see the old ' +
        'tables until it commits, and an interrupted rebuild changes nothing',
    )
    .action(async (name: string | undefined) => {
      const results = await withContext(async (ctx) => {
        const runner = ctx.get(ConsumerRunner);
        // Projections are the consumers that can be emptied; the others (e.g. a mail notifier) are not replayed.
        const names = runner.names().filter((c) => runner.get(c).reset !== undefined);
        if (name !== undefined && !names.includes(name)) {
          throw new CliInputError(
            `Unknown projection "${name}" (projections: ${names.join(', ')})\n未知的投影：${name}`,
          );
        }
        const out: { name: string; events: number; seconds: number; position: number }[] = [];
        for (const consumer of name === undefined ? names : [name]) {
          const tty = process.stderr.isTTY === true;
          const started = Date.now();
          let shown = 0;
          let last: [number, number] = [0, 0];
          const { events, position } = await runner.rebuild(consumer, (done, total) => {
            last = [done, total];
            if (tty && Date.now() - shown > 200) {
              shown = Date.now();
              process.stderr.write(`\r${consumer} ${progressLine(done, total, started)}`);
            }
          });
          if (tty) process.stderr.write(`\r${consumer} ${progressLine(last[1], last[1], started)}\n`);
          out.push({ name: consumer, events, seconds: (Date.now() - started) / 1000, position });
        }
        return out;
      });
      for (const r of results) {
        const rate = r.seconds > 0 ? Math.round(r.events / r.seconds) : r.events;
        process.stdout.write(
          `rebuilt ${r.name}: ${n(r.events)} events replayed in ${r.seconds.toFixed(1)} s (${n(rate)} events/s), ` +
            `checkpoint ${n(r.position)}\n已重建 ${r.name}：重放 ${n(r.events)} 条事件，检查点 ${n(r.position)}\n`,
        );
      }
    });

  projections
    .command('status')
    .description(
      "each projection's checkpoint, the event store's head and the lag between them; a failing one's error and " +
        'event, and the events it was stepped over',
    )
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const rows = await withContext(async (ctx) => ctx.get(ConsumerRunner).status());
      if (opts.json) {
        process.stdout.write(statusJson(rows));
        return;
      }
      process.stdout.write(`${statusTable(rows)}\n${rows.map(failingLines).join('')}${summaryLine(rows)}`);
    });

  projections
    .command('skip <consumer> <position>')
    .description(
      'step a consumer over the event at <position>, which must be the next one it would handle and the one its ' +
        'recorded failure names (projections status); the worker goes on at once. Its read model lacks that ' +
        'event until a fix and `projections rebuild`; the skip is kept as history',
    )
    .requiredOption('--reason <text>', 'why (kept with the skip)')
    .option('--force', 'step over the next event even when no recorded failure names it (kept as forced)')
    .action(async (name: string, at: string, opts: { reason: string; force?: boolean }) => {
      const position = Number(at);
      if (!/^\d+$/.test(at) || !Number.isSafeInteger(position) || position < 1)
        throw new CliInputError(`Not a position: ${at}\n不是有效的事件位置：${at}`);
      const reason = opts.reason.trim();
      if (reason === '' || reason.length > 500)
        throw new CliInputError('--reason: 1 to 500 characters\n--reason：须为 1 至 500 个字符');
      try {
        const r = await withContext(async (ctx) => {
          const runner = ctx.get(ConsumerRunner);
          if (!runner.names().includes(name)) {
            throw new CliInputError(
              `Unknown consumer "${name}" (consumers: ${runner.names().join(', ')})\n未知的消费者：${name}`,
            );
          }
          return {
            ...(await runner.skip(name, position, reason, { force: opts.force === true })),
            replays: runner.get(name).reset !== undefined,
          };
        });
        const what = `event ${n(r.position)} (${r.type}, stream ${r.streamId}, id ${r.eventId})`;
        process.stdout.write(
          r.outcome === 'already'
            ? `${name}: ${what} already skipped / 该事件已跳过\n`
            : `skipped ${name} over ${what}${r.forced ? ' (forced)' : ''}; checkpoint ${n(r.position)}\n已跳过事件 ${n(r.position)}` +
                (r.replays ? `；该投影缺少此事件，修复后运行 projections rebuild ${name} 重放\n` : '\n'),
        );
      } catch (e) {
        if (!(e instanceof SkipRefusedError)) throw e;
        process.stderr.write(
          `${e.message}\n拒绝跳过：只能跳过该消费者下一条要处理、且记录的失败所指的事件（见 projections status；` +
            `--force 可强制跳过下一条事件）\n`,
        );
        process.exitCode = EXIT.failed;
      }
    });
}
