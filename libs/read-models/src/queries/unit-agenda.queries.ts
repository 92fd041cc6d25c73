import { shiftDays } from '@app/milestones';
import { Injectable } from '@nestjs/common';
import { AppError, type IsoDate } from '@app/platform';
import { ReadModelContext } from '../milestone-board/read-model-context';
import { BoardMemory } from './board-memory';
import { header, MilestoneBoardQueries, type AsOfHeader } from './milestone-board.queries';
import type { MilestoneBoardView, UnitRef } from './milestone-board.view';
import type { TimeTravelParams, UnitRole } from './read-model-params';
import { ReadModelReferenceData } from './reference-data';
import { candidates, type Candidate } from './unit-agenda-candidates';

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
        const byDueDate = await turns.sort(
          await candidates(board.milestones, unitId, ev, turns, this.context.config.health.reportCadenceDays),
          (a, b) => compare(a.dueOn, b.dueOn) || compare(a.milestone.id, b.milestone.id),
        );
        for (const c of byDueDate) {
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
}

function compare(a: string | null, b: string | null): number {
  return (a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0;
}
