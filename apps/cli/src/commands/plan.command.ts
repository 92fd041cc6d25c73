import * as path from 'node:path';
import type { Command } from 'commander';
import { AppError } from '@app/platform';
import {
  formatPlanTable,
  parsePlanDocument,
  PlanImportService,
  PlanParseError,
  readPlanDocumentFile,
} from '@app/plans';
import { CliInputError, withContext } from '../cli-context';

/** Reads and parses a file; any failure is a CliInputError (exit 2) with one clear message. */
function load(file: string, planKey?: string) {
  try {
    const text = readPlanDocumentFile(file);
    return {
      text,
      plan: parsePlanDocument(text, { sourceName: path.basename(file), ...(planKey ? { planKey } : {}) }),
    };
  } catch (e) {
    if (e instanceof AppError) throw new CliInputError(`${e.message}\n${e.messageZh}`);
    if (e instanceof PlanParseError) throw new CliInputError(`${file}: ${e.message}`);
    throw e;
  }
}

export function registerPlanCommands(program: Command): void {
  const plan = program.command('plan').description('the plan document: parse, import');

  plan
    .command('parse <file>')
    .description('parse a plan document and print the model (JSON, or a table in Chinese); imports nothing')
    .option('--format <format>', 'json | table', 'json')
    .option('--plan-key <key>', 'plan key (default sanqu-2020)')
    .action((file: string, opts: { format: string; planKey?: string }) => {
      if (opts.format !== 'json' && opts.format !== 'table') {
        throw new CliInputError(`--format must be json or table, not "${opts.format}"`);
      }
      const { plan: parsed } = load(file, opts.planKey);
      process.stdout.write(
        opts.format === 'table' ? `${formatPlanTable(parsed)}\n` : `${JSON.stringify(parsed, null, 2)}\n`,
      );
    });

  plan
    .command('import <file>')
    .description('import a plan document as events (the same document again writes nothing)')
    .option('--plan-key <key>', 'plan key (default sanqu-2020)')
    .action(async (file: string, opts: { planKey?: string }) => {
      const { text } = load(file, opts.planKey);
      const r = await withContext(async (ctx) =>
        ctx.get(PlanImportService).importDocument(text, {
          sourceName: path.basename(file),
          actor: { system: 'cli' },
          ...(opts.planKey ? { planKey: opts.planKey } : {}),
        }),
      );
      const zh = { imported: '已导入', revised: '已按差异修订', unchanged: '无变化，未写入任何事件' }[
        r.status
      ];
      process.stdout.write(
        `${r.status}: plan ${r.planKey}, ${r.milestones} milestones, ${r.eventsWritten} events written ` +
          `(added ${r.added.length}, revised ${r.revised.length}, withdrawn ${r.withdrawn.length}); position ${r.position}\n${zh}\n`,
      );
    });
}
