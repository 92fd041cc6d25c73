/**
 * Which commands to offer on a milestone, and on which assignment (承办事项): exactly the API's allowed commands
 * (`GET /milestones/{id}/commands`); the dashboard keeps no rule of its own about roles or lifecycles.
 */
import { KIND_OF_COMMAND, type CommandKind } from './command-kinds';
import type { CommandChoice, MilestoneChoices } from '../api/types';

/** The allowed commands, in the API's order. */
export function offered(list: readonly CommandChoice[]): CommandKind[] {
  return list.flatMap((c) => {
    const kind = c.allowed ? KIND_OF_COMMAND[c.command] : undefined;
    return kind === undefined ? [] : [kind];
  });
}

/** The shares (of a milestone with several) on which the person may do anything. */
export function actionableShares(choices: MilestoneChoices): string[] {
  if (choices.assignments.length < 2) return [];
  return choices.assignments.filter((a) => a.commands.some((c) => c.allowed)).map((a) => a.key);
}

/** The one share the person can act on, when there is only one (a lead unit's own), else null. */
export function onlyShare(choices: MilestoneChoices): string | null {
  const shares = actionableShares(choices);
  return shares.length === 1 ? shares[0]! : null;
}

/**
 * The commands offered for the chosen share; with none chosen ('') or one share only, those naming no share
 * (the whole milestone for a re-baseline, a target or a cancellation).
 */
export function commandsFor(choices: MilestoneChoices, chosen: string): CommandKind[] {
  if (choices.assignments.length < 2 || chosen === '') return offered(choices.commands);
  return offered(choices.assignments.find((a) => a.key === chosen)?.commands ?? []);
}

/** Some commands need a share chosen first (the API said ASSIGNMENT_REQUIRED for them). */
export function needsShare(choices: MilestoneChoices): boolean {
  return choices.commands.some((c) => !c.allowed && c.reason === 'ASSIGNMENT_REQUIRED');
}
