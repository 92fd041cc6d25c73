/** The milestone commands the dashboard sends (imports only the labels: the form logic and its specs use it). */
import {
  type CommandSegment,
  MILESTONE_COMMAND_LABELS,
  MILESTONE_COMMAND_TYPES,
  type MilestoneCommandName,
} from '@app/milestones/labels';

/** A milestone command by the last segment of its URL (the labels' `segment`, which the API's route uses too). */
export type CommandKind = CommandSegment;

/** The API's command type → its URL segment. */
export const KIND_OF_COMMAND = Object.fromEntries(
  MILESTONE_COMMAND_TYPES.map((type) => [type, MILESTONE_COMMAND_LABELS[type].segment]),
) as { readonly [T in MilestoneCommandName]: (typeof MILESTONE_COMMAND_LABELS)[T]['segment'] };

const COMMAND_OF_KIND = Object.fromEntries(
  MILESTONE_COMMAND_TYPES.map((type) => [MILESTONE_COMMAND_LABELS[type].segment, type]),
) as { readonly [K in CommandKind]: MilestoneCommandName };

/** What a command is called: its button (`buttonZh`) and its form's title (`zh`). */
export function commandLabels(kind: CommandKind): { readonly zh: string; readonly buttonZh: string } {
  return MILESTONE_COMMAND_LABELS[COMMAND_OF_KIND[kind]];
}
