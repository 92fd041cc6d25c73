import { Injectable, Logger } from '@nestjs/common';
import { AppError, type IsoDate } from '@app/platform';
import { shiftDays } from '../rules/calendar-days';
import { reportCadenceReference } from '../rules/health';
import { ReadModelContext } from '../milestone-board/read-model-context';
import { factsOf } from '../milestone-board/facts-state';
import { stateFromRow } from '../milestone-board/milestone-board.rows';
import { CurrentBoard, entryFilter, pageOf } from './current-board';
import { factsSourceMode, factsSourceSql, SqlParams } from './facts-source';
import {
  SELECT_VIEW_COLUMNS,
  toBoardView,
  type MilestoneBoardView,
  type SourceRow,
  type UnitRef,
} from './milestone-board.view';
import {
  parseMilestoneFilter,
  parsePaging,
  parseTimeTravel,
  type MilestoneFilter,
  type MilestoneListParams,
  type MilestoneSortKey,
  type TimeTravel,
  type TimeTravelParams,
} from './read-model-params';
import { ReadModelReferenceData, type ReferenceData } from './reference-data';
import { ReadSnapshot } from './read-snapshot';

/** Every answer says at which date, with what knowledge, and at which event position it was computed. */
export interface AsOfHeader {
  readonly asOf: IsoDate;
  /** null = everything recorded. */
  readonly knownAt: string | null;
  /** The projection's checkpoint: every event up to this global position is included. */
  readonly position: number;
}

export interface MilestonePage extends AsOfHeader {
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly items: readonly MilestoneBoardView[];
}

export interface AgendaItem {
  /** The unit's part in the milestone. */
  readonly role: 'lead' | 'cooperating';
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

/** 待办: what needs a unit now. Each list holds at most `AGENDA_SECTION_LIMIT` items; `totals` counts all. */
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

interface Candidate {
  readonly row: SourceRow;
  readonly reportDueBy: IsoDate | null;
}

export interface AgendaActor {
  readonly role: string;
  readonly unit?: string;
}

/** A report counts as "awaiting" this many days before the cadence lapses. */
export const AGENDA_REPORT_WINDOW_DAYS = 7;

/** Items listed per agenda section (the total is always given). */
export const AGENDA_SECTION_LIMIT = 100;

const SORT_SQL: { readonly [K in MilestoneSortKey]: string } = {
  dueDate: 's.due_date',
  baselineDueDate: 's.baseline_due_date',
  daysLate: 'coalesce(s.days_late, 0)',
  percent: 'coalesce(s.percent, -1)',
  lastReportOn: "coalesce(s.last_report_on, '0001-01-01'::date)",
  health: "CASE s.health WHEN 'red' THEN 0 WHEN 'amber' THEN 1 WHEN 'grey' THEN 2 ELSE 3 END",
  task: 's.task_no',
  id: 's.milestone_id',
};

/** The milestone board: list with filters, one row, and a unit's agenda — at any date, as known at any time. */
@Injectable()
export class MilestoneBoardQueries {
  private readonly log = new Logger('MilestoneBoardQueries');
  private warnedMismatch = false;

  constructor(
    private readonly context: ReadModelContext,
    private readonly snapshot: ReadSnapshot,
    private readonly reference: ReadModelReferenceData,
    private readonly current: CurrentBoard,
  ) {}

  timeTravel(p: TimeTravelParams): TimeTravel {
    return parseTimeTravel(p, this.context.today(), this.context.config.planTimeZone, (ms) =>
      this.context.days.dayOf(ms),
    );
  }

  async list(params: MilestoneListParams): Promise<MilestonePage> {
    const tt = this.timeTravel(params);
    const filter = parseMilestoneFilter(params);
    const paging = parsePaging(params);
    const ref = await this.reference.checkFilter(filter);
    const today = this.context.today();
    if (tt.knownAt === null && tt.asOf === today) {
      // Today with everything known: filtered, sorted and paged on the board in memory; the page read by id.
      const key = JSON.stringify(['list', filter, paging]);
      const now = await this.current.use(today, async (m, position, board) =>
        board?.remember(key, async () => {
          const { total, ids } = pageOf(board.entries, entryFilter(filter), paging);
          const rows = new Map((await this.rows(m, tt, { ids })).map((r) => [r.milestone_id, r]));
          return {
            ...header(tt, position),
            total,
            page: paging.page,
            pageSize: paging.pageSize,
            items: ids.map((id) => this.view(rows.get(id)!, tt.asOf, ref)),
          };
        }),
      );
      if (now !== undefined) return now;
    }
    const key = JSON.stringify(['list', tt, filter, paging]);
    return this.snapshot.cached(key, async (m, position) => {
      const mode = await factsSourceMode(m, tt);
      const p = new SqlParams();
      const order = `${SORT_SQL[paging.sort]} ${paging.descending ? 'DESC' : 'ASC'}, s.milestone_id`;
      const rows = await m.query<(SourceRow & { total: string })[]>(
        `SELECT ${SELECT_VIEW_COLUMNS}, count(*) OVER () AS total FROM (${factsSourceSql(tt, filter, p, mode)}) s
          ORDER BY ${order} LIMIT ${p.add(paging.pageSize)} OFFSET ${p.add((paging.page - 1) * paging.pageSize)}`,
        p.values,
      );
      let total = Number(rows[0]?.total ?? 0);
      if (rows.length === 0 && paging.page > 1) {
        const q = new SqlParams();
        const [c] = await m.query<{ n: string }[]>(
          `SELECT count(*) AS n FROM (${factsSourceSql(tt, filter, q, mode)}) s`,
          q.values,
        );
        total = Number(c?.n ?? 0);
      }
      return {
        ...header(tt, position),
        total,
        page: paging.page,
        pageSize: paging.pageSize,
        items: rows.map((r) => this.view(r, tt.asOf, ref)),
      };
    });
  }

  /** One row of the board, or 404 (unknown, or not in the plan as of that date / as known then). */
  async board(id: string, params: TimeTravelParams): Promise<MilestoneBoardView & AsOfHeader> {
    const tt = this.timeTravel(params);
    const ref = await this.reference.get();
    return this.snapshot.run(async (m, position) => {
      const rows = await this.rows(m, tt, { ids: [id] });
      const row = rows[0];
      if (row === undefined) throw milestoneNotFound(id, tt);
      return { ...header(tt, position), ...this.view(row, tt.asOf, ref) };
    });
  }

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
    const tt = this.timeTravel(params);
    const unit = await this.reference.requireUnit(unitId);
    const ref = await this.reference.get();
    const cadence = this.context.config.health.reportCadenceDays;
    return this.snapshot.cached(JSON.stringify(['agenda', unitId, tt]), async (m, position) => {
      const p = new SqlParams();
      const source = factsSourceSql(tt, { unit: unitId }, p, await factsSourceMode(m, tt));
      const asOf = `${p.add(tt.asOf)}::date`;
      // Only what may be on the agenda: open milestones needing the unit (or the office) now.
      const rows = await m.query<SourceRow[]>(
        `SELECT ${SELECT_VIEW_COLUMNS} FROM (${source}) s
          WHERE s.lifecycle IN ('submitted', 'returned')
             OR (s.lifecycle IN ('planned', 'in_progress') AND s.schedule IN ('overdue', 'due_soon'))
             OR (s.lifecycle IN ('planned', 'in_progress', 'returned')
                 AND greatest(coalesce(s.last_report_on, make_date(s.period_from, 1, 1)), make_date(s.period_from, 1, 1))
                     + ${p.add(cadence)}::int <= ${asOf} + ${p.add(AGENDA_REPORT_WINDOW_DAYS)}::int)
          ORDER BY s.due_date, s.milestone_id`,
        p.values,
      );
      const window = shiftDays(tt.asOf, AGENDA_REPORT_WINDOW_DAYS);
      const sections = {
        overdue: [] as Candidate[],
        dueSoon: [] as Candidate[],
        awaitingReport: [] as Candidate[],
        returned: [] as Candidate[],
        awaitingAcceptance: [] as Candidate[],
      };
      for (const row of rows) {
        const atWork =
          row.lifecycle === 'planned' || row.lifecycle === 'in_progress' || row.lifecycle === 'returned';
        const reportDueBy = atWork
          ? shiftDays(reportCadenceReference(factsOf(stateFromRow(row), row.red_flag_in)), cadence)
          : null;
        const c: Candidate = { row, reportDueBy };
        if (row.lifecycle === 'submitted') sections.awaitingAcceptance.push(c);
        if (row.lifecycle === 'returned') sections.returned.push(c);
        if (row.lifecycle !== 'submitted' && row.schedule === 'overdue') sections.overdue.push(c);
        if (row.schedule === 'due_soon') sections.dueSoon.push(c);
        if (reportDueBy !== null && reportDueBy <= window) sections.awaitingReport.push(c);
      }
      // Rows come by due date, then id; these sorts are stable.
      sections.overdue.sort((a, b) => (b.row.days_late ?? 0) - (a.row.days_late ?? 0));
      sections.awaitingReport.sort((a, b) => compare(a.reportDueBy, b.reportDueBy));
      sections.awaitingAcceptance.sort((a, b) => compare(a.row.submitted_on, b.row.submitted_on));
      const items = (list: Candidate[]): AgendaItem[] =>
        list.slice(0, AGENDA_SECTION_LIMIT).map(({ row, reportDueBy }) => ({
          role: row.lead_units.includes(unitId) ? 'lead' : 'cooperating',
          reportDueBy,
          milestone: this.view(row, tt.asOf, ref),
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
    });
  }

  /** Rows of the source at (asOf, knownAt) for a filter, for other queries of this lib. */
  async rows(
    m: { query: <T>(sql: string, params?: unknown[]) => Promise<T> },
    tt: TimeTravel,
    filter: MilestoneFilter,
  ): Promise<SourceRow[]> {
    const p = new SqlParams();
    const mode = await factsSourceMode(m, tt);
    return m.query<SourceRow[]>(
      `SELECT ${SELECT_VIEW_COLUMNS} FROM (${factsSourceSql(tt, filter, p, mode)}) s ORDER BY s.milestone_id`,
      p.values,
    );
  }

  private view(r: SourceRow, asOf: IsoDate, ref: ReferenceData): MilestoneBoardView {
    const v = toBoardView(r, asOf, this.context.rules, (id) => ref.units.get(id) ?? id);
    if ((v.health.colour !== r.health || v.schedule.state !== r.schedule) && !this.warnedMismatch) {
      this.warnedMismatch = true;
      this.log.warn(
        `${r.milestone_id}: stored health/schedule (${r.health}/${r.schedule}) differ from the rules ` +
          `(${v.health.colour}/${v.schedule.state}); were the health settings changed? Run: projections rebuild milestone-board`,
      );
    }
    return v;
  }
}

function compare(a: string | null, b: string | null): number {
  return (a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0;
}

export function header(tt: TimeTravel, position: number): AsOfHeader {
  return { asOf: tt.asOf, knownAt: tt.knownAt?.toISOString() ?? null, position };
}

export function milestoneNotFound(id: string, tt: TimeTravel): AppError {
  return new AppError({
    kind: 'not_found',
    code: 'MILESTONE_NOT_FOUND',
    field: 'id',
    message: `No milestone "${id}" as of ${tt.asOf}${tt.knownAt ? ` as known at ${tt.knownAt.toISOString()}` : ''}`,
    messageZh: `里程碑不存在（截至${tt.asOf}）：${id}`,
    details: { milestoneId: id, asOf: tt.asOf, knownAt: tt.knownAt?.toISOString() ?? null },
  });
}
