import type { Command } from 'commander';

export function registerProjectionsCommands(_program: Command): void {
  // projections rebuild [name] / projections status: see the read-models issue
}
