import {
  MILESTONE_LIFECYCLES,
  reportCadenceReference,
  SCHEDULE_STATES,
  shiftDays,
  type MilestoneLifecycle,
  type ScheduleState,
} from '@app/milestones';
import type { IsoDate } from '@app/platform';
import { isoOfDay } from '../milestone-board/version-pack';
import type { BoardEvaluation } from './board-evaluation';
import { ABSENT } from './board-evaluation-arrays';
import type { MilestoneEntry } from './board-entries';
import type { EventLoopTurns } from './event-loop-turns';
import type { UnitRole } from './read-model-params';

/** One thing on a unit's agenda: a share or a milestone, with what decides its sections. */
export interface Candidate {
  readonly milestone: MilestoneEntry;
  readonly role: UnitRole;
  readonly assignment: string | undefined;
  readonly lifecycle: MilestoneLifecycle;
  readonly schedule: ScheduleState;
  readonly daysLate: number;
  readonly dueOn: IsoDate;
  readonly submittedOn: IsoDate | null;
  readonly reportDueBy: IsoDate | null;
}

const atWork = (l: MilestoneLifecycle) => l === 'planned' || l === 'in_progress' || l === 'returned';

/**
 * The unit's own assignments, and the milestones it cooperates on (and leads no share of), as of the date; scanned
 * in `turns`. A report is due `cadenceDays` after the rules' reference day.
 */
export async function candidates(
  milestones: readonly MilestoneEntry[],
  unitId: string,
  ev: BoardEvaluation,
  turns: EventLoopTurns,
  cadenceDays: number,
): Promise<Candidate[]> {
  const out: Candidate[] = [];
  await turns.scan(milestones.length, (from, to) => {
    for (let k = from; k < to; k++) candidatesOf(milestones[k]!, unitId, ev, cadenceDays, out);
  });
  return out;
}

/** What one milestone puts on the unit's agenda, added to `out`. */
function candidatesOf(
  m: MilestoneEntry,
  unitId: string,
  ev: BoardEvaluation,
  cadenceDays: number,
  out: Candidate[],
): void {
  if (ev.mLife[m.index] === ABSENT) return;
  const own = m.assignments.filter((a) => a.leads.values.includes(unitId) && ev.aLife[a.index] !== ABSENT);
  for (const a of own) {
    const j = a.index;
    const lifecycle = MILESTONE_LIFECYCLES[ev.aLife[j]!]!;
    out.push({
      milestone: m,
      role: 'lead',
      assignment: m.assignments.length > 1 ? a.key : undefined,
      lifecycle,
      schedule: SCHEDULE_STATES[ev.aSched[j]!]!,
      daysLate: ev.aLate[j]!,
      dueOn: isoOfDay(ev.aDue[j]!)!,
      submittedOn: isoOfDay(ev.aSubmitted[j]!),
      reportDueBy: reportDueBy(m, lifecycle, ev.aLastReport[j]!, cadenceDays),
    });
  }
  if (own.length > 0 || !m.cooperating.values.includes(unitId)) return;
  const i = m.index;
  let dueBy: IsoDate | null = null;
  for (const a of m.assignments) {
    const l = ev.aLife[a.index]!;
    if (l === ABSENT) continue;
    const due = reportDueBy(m, MILESTONE_LIFECYCLES[l]!, ev.aLastReport[a.index]!, cadenceDays);
    if (due !== null && (dueBy === null || due < dueBy)) dueBy = due;
  }
  out.push({
    milestone: m,
    role: 'cooperating',
    assignment: undefined,
    lifecycle: ev.lifecycleOf(i)!,
    schedule: ev.scheduleOf(i),
    daysLate: ev.mLate[i]!,
    dueOn: isoOfDay(ev.mDue[i]!)!,
    submittedOn: isoOfDay(ev.mSubmitted[i]!),
    reportDueBy: dueBy,
  });
}

/** While at work, the last day of the reporting cadence (the rules' reference day + the cadence). */
function reportDueBy(
  m: MilestoneEntry,
  lifecycle: MilestoneLifecycle,
  lastReportDay: number,
  cadenceDays: number,
): IsoDate | null {
  if (!atWork(lifecycle)) return null;
  const reference = reportCadenceReference({
    period: { from: m.periodFrom, to: m.periodFrom },
    baselineDueDate: '',
    dueDate: '',
    lifecycle,
    percent: null,
    forecastDate: null,
    lastReportOn: isoOfDay(lastReportDay),
    submittedOn: null,
    acceptedOn: null,
  });
  return shiftDays(reference, cadenceDays);
}
