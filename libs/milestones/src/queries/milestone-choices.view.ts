import type { IsoDate } from '@app/platform';
import {
  commandChoices,
  MILESTONE_LIFECYCLE_LABELS_ZH,
  type CommandChoice,
  type IndicatorState,
  type MilestoneActor,
  type MilestoneLifecycle,
  type MilestoneState,
} from '../domain';

export interface IndicatorTargetView {
  readonly metric: string;
  readonly unit: string;
  /** The plan's target. */
  readonly baselineTarget: number;
  /** The target now (after revisions). */
  readonly target: number;
}

/** What a person may do on one share of the milestone, and the facts the forms need. */
export interface AssignmentChoicesView {
  readonly key: string;
  readonly leadUnits: readonly string[];
  readonly lifecycle: MilestoneLifecycle;
  readonly lifecycleZh: string;
  readonly percent: number | null;
  readonly dueDate: IsoDate;
  readonly indicators: readonly IndicatorTargetView[];
  readonly commands: readonly CommandChoice[];
}

/** The milestone as it stands now, and each command the caller may or may not issue on it (and on each share). */
export interface MilestoneChoicesView {
  readonly milestoneId: string;
  /** The stream version the answer was computed at (an `If-Match` for the next command). */
  readonly version: number;
  readonly lifecycle: MilestoneLifecycle;
  readonly lifecycleZh: string;
  readonly percent: number | null;
  readonly dueDate: IsoDate;
  readonly baselineDueDate: IsoDate;
  readonly indicators: readonly IndicatorTargetView[];
  /** Naming no assignment (the caller's own; the whole milestone for re-baseline, target and cancellation). */
  readonly commands: readonly CommandChoice[];
  readonly assignments: readonly AssignmentChoicesView[];
}

const targets = (list: readonly IndicatorState[]): IndicatorTargetView[] =>
  list.map((i) => ({ metric: i.metric, unit: i.unit, baselineTarget: i.baselineTarget, target: i.target }));

/**
 * The answer for one existing milestone's state: the domain's own admission rules (`commandChoices`), refusals
 * naming units by `unitNames` (by id when absent).
 */
export function choicesView(
  milestoneId: string,
  state: MilestoneState,
  actor: MilestoneActor,
  unitNames?: ReadonlyMap<string, string>,
): MilestoneChoicesView {
  return {
    milestoneId,
    version: state.version,
    lifecycle: state.lifecycle,
    lifecycleZh: MILESTONE_LIFECYCLE_LABELS_ZH[state.lifecycle],
    percent: state.percent,
    dueDate: state.dueDate,
    baselineDueDate: state.baselineDueDate,
    indicators: targets(state.indicators),
    commands: commandChoices(actor, state, undefined, unitNames),
    assignments: state.assignments.map((a) => ({
      key: a.key,
      leadUnits: a.leadUnits,
      lifecycle: a.lifecycle,
      lifecycleZh: MILESTONE_LIFECYCLE_LABELS_ZH[a.lifecycle],
      percent: a.percent,
      dueDate: a.dueDate,
      indicators: targets(a.indicators),
      commands: commandChoices(actor, state, a.key, unitNames),
    })),
  };
}
