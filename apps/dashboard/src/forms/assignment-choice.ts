/**
 * Which commands to offer on a milestone, and on which assignment (承办事项): exactly the API's allowed commands
 * (`GET /milestones/{id}/commands`); the dashboard keeps no rule of its own about roles or lifecycles.
 */
import { KIND_OF_COMMAND, type CommandKind } from './command-kinds';
import type { CommandChoice, IndicatorTarget, MilestoneChoices } from '../api/types';

/** The allowed commands, in the API's order. */
export function offered(list: readonly CommandChoice[]): CommandKind[] {
  return list.filter((c) => c.allowed).map((c) => KIND_OF_COMMAND[c.command]);
}

/** The shares (of a milestone with several) on which the person may do anything. */
export function actionableShares(choices: MilestoneChoices): string[] {
  if (choices.assignments.length < 2) return [];
  return choices.assignments.filter((a) => a.commands.some((c) => c.allowed)).map((a) => a.key);
}

/**
 * The one share the person acts on without choosing (a lead unit's own): the only one with anything allowed,
 * when naming no share means that share (the same commands); else null (the person chooses).
 */
export function onlyShare(choices: MilestoneChoices): string | null {
  const shares = actionableShares(choices);
  if (shares.length !== 1) return null;
  const own = choices.assignments.find((a) => a.key === shares[0])!;
  return offered(own.commands).join() === offered(choices.commands).join() ? own.key : null;
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

/** The indicators' current targets for the chosen share (its own, revised ones), or the milestone's. */
export function targetsFor(choices: MilestoneChoices | null | undefined, chosen: string): IndicatorTarget[] {
  if (!choices) return [];
  return choices.assignments.find((a) => a.key === chosen)?.indicators ?? choices.indicators;
}
