import type { Command } from 'commander';

export function registerReportCommands(_program: Command): void {
  // report retrospective <year> --format … --out …: see the retrospective issue
}
