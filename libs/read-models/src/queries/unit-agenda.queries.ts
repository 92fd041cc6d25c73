import {
  MILESTONE_LIFECYCLES,
  reportCadenceReference,
  SCHEDULE_STATES,
  shiftDays,
  type MilestoneLifecycle,
  type ScheduleState,
} from '@app/milestones';
import { Injectable } from '@nestjs/common';
import { AppError, type IsoDate } from '@app/platform';
import { ReadModelContext } from '../milestone-board/read-model-context';
import { isoOfDay } from '../milestone-board/version-pack';
import { ABSENT, type BoardEvaluation } from './board-evaluation';
import type { MilestoneEntry } from './board-entries';
import type { EventLoopTurns } from './event-loop-turns';
import { BoardMemory } from './board-memory';
import { header, MilestoneBoardQueries, type AsOfHeader } from './milestone-board.queries';
import type { MilestoneBoardView, UnitRef } from './milestone-board.view';
import type { TimeTravelParams, UnitRole } from './read-model-params';
import { ReadModelReferenceData } from './reference-data';

export interface AgendaItem {
  /** The unit's part: its own assignment (牵头), or a milestone it cooperates on (配合). */
  readonly role: UnitRole;
  /** The unit's assignment, on a milestone with several (分别牵头); absent otherwise. */
  readonly assignment?: string;
  /** Last day of the reporting cadence (a report is due by then; grey after it). */
  readonly reportDueBy: IsoDate | null;
  readonly milestone: MilestoneBoardView;
}

export const AGENDA_SECTIONS = [
  'overdue',
  'dueSoon',
  'awaitingReport',
  'returned',
  'awaitingAcceptance',
] as const;
export type AgendaSection = (typeof AGENDA_SECTIONS)[number];

/**
 * 待办: what needs a unit now — its own assignments (not a sibling unit's share of the same milestone), judged by
 * their own state, and the milestones it cooperates on, by the milestone's. Each list holds at most
 * `AGENDA_SECTION_LIMIT` items; `totals` counts all.
 */
export interface UnitAgenda extends AsOfHeader {
  readonly unit: UnitRef;
  /** Past the due date and not submitted (已逾期), most days late first. */
  readonly overdue: readonly AgendaItem[];
  /** Due within 30 days, not submitted (即将到期), soonest first. */
  readonly dueSoon: readonly AgendaItem[];
  /** A progress report is due within 7 days, or overdue (no report within the cadence, 待报送). */
  readonly awaitingReport: readonly AgendaItem[];
  /** A completion claim was returned (退回): work and resubmit. */
  readonly returned: readonly AgendaItem[];
  /** Completion submitted, waiting for the supervising office to verify (待核验销号): its to-do, shown to all. */
  readonly awaitingAcceptance: readonly AgendaItem[];
  readonly totals: Readonly<Record<AgendaSection, number>>;
}

export interface AgendaActor {
  readonly role: string;
  readonly unit?: string;
}

/** A report counts as "awaiting" this many days before the cadence lapses. */
export const AGENDA_REPORT_WINDOW_DAYS = 7;

/** Items listed per agenda section (the total is always given). */
export const AGENDA_SECTION_LIMIT = 100;

/** One thing on the agenda: a share or a milestone, with what decides its sections. */
interface Candidate {
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

@Injectable()
export class UnitAgendaQueries {
  constructor(
    private readonly context: ReadModelContext,
    private readonly reference: ReadModelReferenceData,
    private readonly memory: BoardMemory,
    private readonly board: MilestoneBoardQueries,
  ) {}

  async agenda(unitId: string, params: TimeTravelParams, actor: AgendaActor): Promise<UnitAgenda> {
    if (actor.role === 'reporter' && actor.unit !== unitId) {
      throw new AppError({
        kind: 'forbidden',
        code: 'FORBIDDEN_OTHER_UNIT',
        field: 'id',
        message: `A reporter sees only its own unit's agenda (${actor.unit ?? 'none'}), not ${unitId}'s`,
        messageZh: '填报员只能查看本单位的待办事项',
        details: { unit: actor.unit ?? null, requestedUnit: unitId },
      });
    }
    const tt = this.board.timeTravel(params);
    const unit = await this.reference.requireUnit(unitId);
    const ref = await this.reference.get();
    return this.memory.use((m, position, board) =>
      board.remember(JSON.stringify(['agenda', unitId, tt]), async () => {
        const ev = await board.evaluation(tt);
        const window = shiftDays(tt.asOf, AGENDA_REPORT_WINDOW_DAYS);
        const sections: Record<AgendaSection, Candidate[]> = {
          overdue: [],
          dueSoon: [],
          awaitingReport: [],
          returned: [],
          awaitingAcceptance: [],
        };
        const turns = board.turns;
        const candidates = await turns.sort(
          await this.candidates(board.milestones, unitId, ev, turns),
          (a, b) => compare(a.dueOn, b.dueOn) || compare(a.milestone.id, b.milestone.id),
        );
        for (const c of candidates) {
          if (c.lifecycle === 'submitted') sections.awaitingAcceptance.push(c);
          if (c.lifecycle === 'returned') sections.returned.push(c);
          if (c.lifecycle !== 'submitted' && c.schedule === 'overdue') sections.overdue.push(c);
          if (c.schedule === 'due_soon') sections.dueSoon.push(c);
          if (c.reportDueBy !== null && c.reportDueBy <= window) sections.awaitingReport.push(c);
        }
        // Candidates come by due date, then id; these sorts are stable.
        sections.overdue = await turns.sort(sections.overdue, (a, b) => b.daysLate - a.daysLate);
        sections.awaitingReport = await turns.sort(sections.awaitingReport, (a, b) =>
          compare(a.reportDueBy, b.reportDueBy),
        );
        sections.awaitingAcceptance = await turns.sort(sections.awaitingAcceptance, (a, b) =>
          compare(a.submittedOn, b.submittedOn),
        );
        const listed = AGENDA_SECTIONS.flatMap((s) => sections[s].slice(0, AGENDA_SECTION_LIMIT));
        const ids = [...new Set(listed.map((c) => c.milestone.id))];
        const views = await this.board.views(m, tt, ids, ref, turns);
        const items = (list: Candidate[]): AgendaItem[] =>
          list.slice(0, AGENDA_SECTION_LIMIT).map((c) => ({
            role: c.role,
            ...(c.assignment !== undefined ? { assignment: c.assignment } : {}),
            reportDueBy: c.reportDueBy,
            milestone: views.get(c.milestone.id)!,
          }));
        return {
          ...header(tt, position),
          unit,
          overdue: items(sections.overdue),
          dueSoon: items(sections.dueSoon),
          awaitingReport: items(sections.awaitingReport),
          returned: items(sections.returned),
          awaitingAcceptance: items(sections.awaitingAcceptance),
          totals: {
            overdue: sections.overdue.length,
            dueSoon: sections.dueSoon.length,
            awaitingReport: sections.awaitingReport.length,
            returned: sections.returned.length,
            awaitingAcceptance: sections.awaitingAcceptance.length,
          },
        };
      }),
    );
  }

  /**
   * The unit's own assignments, and the milestones it cooperates on (and leads no share of), as of the date; scanned
   * in `turns`.
   */
  private async candidates(
    milestones: readonly MilestoneEntry[],
    unitId: string,
    ev: BoardEvaluation,
    turns: EventLoopTurns,
  ): Promise<Candidate[]> {
    const out: Candidate[] = [];
    await turns.scan(milestones.length, (from, to) => {
      for (let k = from; k < to; k++) this.candidatesOf(milestones[k]!, unitId, ev, out);
    });
    return out;
  }

  /** What one milestone puts on the unit's agenda, added to `out`. */
  private candidatesOf(m: MilestoneEntry, unitId: string, ev: BoardEvaluation, out: Candidate[]): void {
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
        reportDueBy: this.reportDueBy(m, lifecycle, ev.aLastReport[j]!),
      });
    }
    if (own.length > 0 || !m.cooperating.values.includes(unitId)) return;
    const i = m.index;
    let reportDueBy: IsoDate | null = null;
    for (const a of m.assignments) {
      const l = ev.aLife[a.index]!;
      if (l === ABSENT) continue;
      const due = this.reportDueBy(m, MILESTONE_LIFECYCLES[l]!, ev.aLastReport[a.index]!);
      if (due !== null && (reportDueBy === null || due < reportDueBy)) reportDueBy = due;
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
      reportDueBy,
    });
  }

  /** While at work, the last day of the reporting cadence (the rules' reference day + the cadence). */
  private reportDueBy(
    m: MilestoneEntry,
    lifecycle: MilestoneLifecycle,
    lastReportDay: number,
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
    return shiftDays(reference, this.context.config.health.reportCadenceDays);
  }
}

function compare(a: string | null, b: string | null): number {
  return (a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0;
}
