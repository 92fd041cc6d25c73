import type { IsoDate } from '@app/platform';
import { monthEndsBetween, ms } from './demo-calendar';
import { simulateAssignment } from './demo-assignment';
import type {
  DemoAction,
  DemoAssignmentFate,
  DemoMilestone,
  DemoMilestoneFate,
  DemoOutcome,
  Draft,
} from './demo-model';

export type {
  DemoAction,
  DemoActor,
  DemoAssignmentFate,
  DemoCommand,
  DemoDiligence,
  DemoMilestone,
  DemoMilestoneFate,
  DemoOutcome,
} from './demo-model';
export { diligenceOf } from './demo-course';

export interface DemoScript {
  readonly seed: string;
  /** The last simulated day (reports of 2022 keep arriving in early 2023, as they would). */
  readonly simulationEnd: IsoDate;
  /** Every action, in filing order. */
  readonly actions: readonly DemoAction[];
  /** The month ends at which alerts are scanned, in order. */
  readonly monthEnds: readonly IsoDate[];
  /** Per milestone id. */
  readonly fates: Readonly<Record<string, DemoMilestoneFate>>;
}

export const DEFAULT_DEMO_SEED = 'sanqu-2020';
export const SIMULATION_START: IsoDate = '2020-01-01';
export const SIMULATION_END: IsoDate = '2023-03-31';

/** The milestone's outcome is its worst assignment's: missed, then late, then the rest in this order. */
const WORST_FIRST: readonly DemoOutcome[] = ['missed', 'late', 'rebaselined', 'cancelled', 'on_time'];

function milestoneFate(fates: Readonly<Record<string, DemoAssignmentFate>>): DemoMilestoneFate {
  const list = Object.values(fates);
  if (list.length === 1) return list[0]!;
  const worst = WORST_FIRST.find((o) => list.some((f) => f.outcome === o)) ?? 'on_time';
  return {
    outcome: worst,
    diligence: list[0]!.diligence,
    returned: list.some((f) => f.returned),
    assignments: fates,
  };
}

/**
 * The simulated history of one milestone: each assignment (承办事项) on its own — a 分别牵头 milestone's lead units
 * each report, claim and are verified on their own share, some on time, some late. Keys: `<id>#nnn` for a
 * milestone with one assignment, `<id>~<assignment>#nnn` for each of several.
 */
function simulateMilestone(
  seed: string,
  m: DemoMilestone,
  simulationEnd: IsoDate,
): { actions: DemoAction[]; fate: DemoMilestoneFate } {
  const actions: DemoAction[] = [];
  const fates: Record<string, DemoAssignmentFate> = {};
  const multi = m.assignments.length > 1;
  for (const assignment of m.assignments) {
    const { drafts, fate } = simulateAssignment(seed, m, assignment, simulationEnd);
    fates[assignment.key] = fate;
    const prefix = multi ? `${m.id}~${assignment.key}` : m.id;
    drafts.forEach((d: Draft, i) => {
      actions.push({
        key: `${prefix}#${String(i + 1).padStart(3, '0')}`,
        milestoneId: m.id,
        fileAt: d.fileAt ?? d.occurredAt,
        actor: d.actor,
        command: d.command,
      });
    });
  }
  return { actions, fate: milestoneFate(fates) };
}

/**
 * The whole simulated 2020–2022 history: a pure function of the seed and the plan. Milestones and their
 * assignments are simulated independently (each with a generator keyed by its id), then every action is put
 * in filing order.
 */
export function buildDemoScript(
  seed: string,
  milestones: readonly DemoMilestone[],
  simulationEnd: IsoDate = SIMULATION_END,
): DemoScript {
  const actions: DemoAction[] = [];
  const fates: Record<string, DemoMilestoneFate> = {};
  for (const m of [...milestones].sort((a, b) => a.id.localeCompare(b.id))) {
    const simulated = simulateMilestone(seed, m, simulationEnd);
    fates[m.id] = simulated.fate;
    actions.push(...simulated.actions);
  }
  actions.sort((a, b) => ms(a.fileAt) - ms(b.fileAt) || a.key.localeCompare(b.key));
  return {
    seed,
    simulationEnd,
    actions,
    monthEnds: monthEndsBetween(SIMULATION_START, simulationEnd),
    fates,
  };
}
