import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { AppError } from '@app/platform';
import {
  parseRetrospectiveRequest,
  REPORT_FORMATS,
  REPORT_TABLES,
  RetrospectiveService,
  writeReport,
  type RetrospectiveProgress,
} from '@app/reports';
import { CliInputError, withContext } from '../cli-context';

interface RetrospectiveOptions {
  format?: string;
  out?: string;
  knownAt?: string;
  position?: string;
  plan?: string;
  table?: string;
}

/** `--out review.xlsx` without `--format`: the format follows the extension. */
function formatFrom(opts: RetrospectiveOptions): string | undefined {
  if (opts.format !== undefined || opts.out === undefined) return opts.format;
  const ext = path.extname(opts.out).slice(1).toLowerCase();
  return (REPORT_FORMATS as readonly string[]).includes(ext) ? ext : undefined;
}

function progressLine(p: RetrospectiveProgress): string {
  switch (p.phase) {
    case 'alerts':
      return `读取预警事件 ${p.events} 条…`;
    case 'milestones':
      return `已读取里程碑 ${p.streams} 个，事件 ${p.events} 条…`;
    case 'done':
      return `已读取里程碑 ${p.streams} 个，事件 ${p.events} 条`;
    default: {
      const unknown: never = p.phase;
      return String(unknown);
    }
  }
}

export function registerReportCommands(program: Command): void {
  const report = program.command('report').description('year-end reviews (年度回顾)');

  report
    .command('retrospective')
    .description('the retrospective of a plan year: outcomes, reasons, roll-ups, as known then and now')
    .argument('<year>', 'plan year, e.g. 2021')
    .option('--format <format>', `${REPORT_FORMATS.join(' | ')} (default: from --out, else json)`)
    .option('--out <file>', 'write to this file (default: stdout; required for xlsx)')
    .option('--known-at <instant>', 'only reports recorded at or before (ISO 8601 with offset, or a date)')
    .option('--position <n>', 'compute at this event position (default: the head)')
    .option('--plan <key>', 'plan key (default: the first imported plan)')
    .option('--table <table>', `csv: ${REPORT_TABLES.join(' | ')} (default milestones)`)
    .action(async (year: string, opts: RetrospectiveOptions) => {
      const format = formatFrom(opts);
      let req;
      try {
        req = parseRetrospectiveRequest({
          year,
          ...(format !== undefined ? { format } : {}),
          ...(opts.knownAt !== undefined ? { knownAt: opts.knownAt } : {}),
          ...(opts.position !== undefined ? { position: opts.position } : {}),
          ...(opts.plan !== undefined ? { plan: opts.plan } : {}),
          ...(opts.table !== undefined ? { table: opts.table } : {}),
        });
      } catch (e) {
        if (e instanceof AppError) throw new CliInputError(`${e.message}\n${e.messageZh}`);
        throw e;
      }
      if (req.format === 'xlsx' && opts.out === undefined) {
        throw new CliInputError('--out <file> is required for xlsx\nxlsx 格式需要用 --out 指定输出文件');
      }
      const tty = process.stderr.isTTY === true;
      const r = await withContext(async (ctx) => {
        try {
          return await ctx
            .get(RetrospectiveService)
            .build(
              { year: req.year, knownAt: req.knownAt, position: req.position, planKey: req.planKey },
              (p) => {
                if (tty) process.stderr.write(`\r${progressLine(p)}`);
              },
            );
        } catch (e) {
          if (e instanceof AppError && (e.kind === 'validation' || e.kind === 'not_found')) {
            throw new CliInputError(`${e.message}\n${e.messageZh}`);
          }
          throw e;
        }
      });
      if (tty) process.stderr.write('\n');
      if (opts.out !== undefined) {
        const file = fs.createWriteStream(opts.out);
        await writeReport(r, req.format, file, { table: req.table });
        process.stderr.write(
          `wrote ${opts.out}: ${r.year} 年度回顾 (${req.format}), ${r.totals.total} milestones, ` +
            `as of ${r.asOf}, knownAt ${r.knownAt ?? 'latest'}, event position ${r.position}\n`,
        );
      } else {
        await writeReport(r, req.format, process.stdout, { table: req.table, end: false });
      }
    });
}
