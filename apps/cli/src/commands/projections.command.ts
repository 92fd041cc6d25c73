import type { Command } from 'commander';
import { ConsumerRunner, type ConsumerStatus } from '@app/event-store';
import { CliInputError, withContext } from '../cli-context';

const n = (x: number): string => x.toLocaleString('en-US');

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

function statusTable(rows: readonly ConsumerStatus[]): string {
  const header = ['consumer', 'checkpoint', 'head', 'lag', 'updated'];
  const body = rows.map((r) => [
    r.name,
    n(r.position),
    n(r.head),
    n(r.lag),
    r.updatedAt ? r.updatedAt.toISOString() : 'never',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
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
    .description("each projection's checkpoint, the event store's head and the lag between them")
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const rows = await withContext(async (ctx) => ctx.get(ConsumerRunner).status());
      if (opts.json) {
        process.stdout.write(
          `${JSON.stringify(
            rows.map(({ activeHere: _here, ...r }) => ({
              ...r,
              updatedAt: r.updatedAt?.toISOString() ?? null,
            })),
            null,
            2,
          )}\n`,
        );
        return;
      }
      process.stdout.write(`${statusTable(rows)}\n`);
      const behind = rows.filter((r) => r.lag > 0);
      process.stdout.write(
        behind.length === 0
          ? 'all projections are up to date / 所有投影均已追平\n'
          : `${behind.length} behind: ${behind.map((r) => `${r.name} (${n(r.lag)})`).join(', ')} / 有投影落后于事件\n`,
      );
    });
}
