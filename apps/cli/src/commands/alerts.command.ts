import type { Command } from 'commander';

export function registerAlertsCommands(_program: Command): void {
  // alerts scan --as-of <date>: see the alerts issue
}
