import { Command, CommanderError } from 'commander';
import { registerEventsCommands } from './commands/events.command';
import { registerEvidenceCommands } from './commands/evidence.command';
import { registerTokensCommands } from './commands/tokens.command';
import { registerPlanCommands } from './commands/plan.command';
import { registerProjectionsCommands } from './commands/projections.command';
import { registerAlertsCommands } from './commands/alerts.command';
import { registerReportCommands } from './commands/report.command';
import { CliInputError, EXIT } from './cli-context';

async function main(argv: string[]): Promise<void> {
  const program = new Command('progress-monitor')
    .description('progress-monitor command line (三区并进重点任务督办)')
    .exitOverride()
    .showHelpAfterError();
  registerEventsCommands(program);
  registerEvidenceCommands(program);
  registerTokensCommands(program);
  registerPlanCommands(program);
  registerProjectionsCommands(program);
  registerAlertsCommands(program);
  registerReportCommands(program);
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : EXIT.badInput;
      return;
    }
    if (e instanceof CliInputError) {
      process.stderr.write(`${e.message}\n`);
      process.exitCode = EXIT.badInput;
      return;
    }
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = EXIT.failed;
  }
}

void main(process.argv);
