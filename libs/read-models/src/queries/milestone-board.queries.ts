import { Injectable, Logger } from '@nestjs/common';
import { AppError, type IsoDate } from '@app/platform';
import { ReadModelContext } from '../milestone-board/read-model-context';
import { assignmentRows, type AssignmentRow } from './assignment-rows';
import type { TimeTravelKey } from './board-evaluation';
import { BoardMemory } from './board-memory';
import type { EventLoopTurns } from './event-loop-turns';
import { milestonePasses, pageOf, passing, sharesPassing } from './board-selection';
import { toBoardView, type MilestoneBoardView } from './milestone-board.view';
import {
  parseMilestoneFilter,
  parsePaging,
  parseTimeTravel,
  type MilestoneFilterParams,
  type MilestoneListParams,
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

/** Every milestone that passes a list filter, unpaged, in plan order (for exports such as the 督办台账). */
export interface MilestoneSelection extends AsOfHeader {
  /** Plan order: section, task, first year of the period, id. */
  readonly ids: readonly string[];
  /** Section number → its heading as the plan writes it (`一、…`). */
  readonly sections: ReadonlyMap<number, string>;
  /**
   * A milestone with several assignments (分别牵头) → the keys of those that match the filter themselves (their
   * lead unit, lifecycle, schedule, health: `sharesPassing`); absent: all of them.
   */
  readonly shares: ReadonlyMap<string, readonly string[]>;
}

type Queryable = { query: <T>(sql: string, params?: unknown[]) => Promise<T> };

/** The milestone board: list with filters and one row — at any date, as known at any time. */
@Injectable()
export class MilestoneBoardQueries {
  private readonly log = new Logger('MilestoneBoardQueries');
  private warnedMismatch = false;

  constructor(
    private readonly context: ReadModelContext,
    private readonly snapshot: ReadSnapshot,
    private readonly reference: ReadModelReferenceData,
    private readonly memory: BoardMemory,
  ) {}

  timeTravel(p: TimeTravelParams): TimeTravel {
    return parseTimeTravel(p, this.context.today(), this.context.config.planTimeZone, (ms) =>
      this.context.days.dayOf(ms),
    );
  }

  /** Filtered, sorted and paged on the board evaluated in memory; the page's rows read by id. */
  async list(params: MilestoneListParams): Promise<MilestonePage> {
    const tt = this.timeTravel(params);
    const filter = parseMilestoneFilter(params);
    const paging = parsePaging(params);
    const ref = await this.reference.checkFilter(filter);
    return this.memory.use((m, position, board) =>
      board.remember(JSON.stringify(['list', tt, filter, paging]), async () => {
        const ev = await board.evaluation(tt);
        const keep = milestonePasses(filter, ev);
        const { total, entries } = await pageOf(board.milestones, keep, paging, ev, board.turns);
        const ids = entries.map((e) => e.id);
        const views = await this.views(m, tt, ids, ref);
        for (const e of entries) this.warnIfStale(e.id, ev.healthOf(e.index), views.get(e.id)!.health.colour);
        return {
          ...header(tt, position),
          total,
          page: paging.page,
          pageSize: paging.pageSize,
          items: ids.map((id) => views.get(id)!),
        };
      }),
    );
  }

  /**
   * The milestones a list with these filters would show, all of them, in plan order, with the position they were
   * selected at; the same filters and the same 400s as `list`. Their rows are read with `viewsOf`, in batches.
   */
  async select(params: MilestoneFilterParams): Promise<MilestoneSelection> {
    const tt = this.timeTravel(params);
    const filter = parseMilestoneFilter(params);
    const ref = await this.reference.checkFilter(filter);
    return this.memory.use(async (_m, position, board) => {
      const ev = await board.evaluation(tt);
      const keep = milestonePasses(filter, ev);
      const sharesOf = sharesPassing(filter, ev);
      const kept = await passing(board.milestones, keep, board.turns);
      const shares = new Map<string, readonly string[]>();
      if (sharesOf !== undefined)
        await board.turns.scan(kept.length, (from, to) => {
          for (let k = from; k < to; k++)
            if (kept[k]!.assignments.length > 1) shares.set(kept[k]!.id, sharesOf(kept[k]!));
        });
      const inPlanOrder = await board.turns.sort(
        kept,
        (a, b) =>
          a.section - b.section ||
          a.taskNo - b.taskNo ||
          a.periodFrom - b.periodFrom ||
          (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      );
      const ids = inPlanOrder.map((m) => m.id);
      return { ...header(tt, position), ids, sections: ref.sections, shares };
    });
  }

  /**
   * The rows of some selected milestones, at the selection's asOf and knownAt, in the order asked, read in one
   * snapshot; a milestone no longer in the plan then is left out.
   */
  async viewsOf(selection: AsOfHeader, ids: readonly string[]): Promise<MilestoneBoardView[]> {
    const tt = this.timeTravel({
      asOf: selection.asOf,
      ...(selection.knownAt !== null ? { knownAt: selection.knownAt } : {}),
    });
    const ref = await this.reference.get();
    const views = await this.snapshot.run((m) => this.views(m, tt, ids, ref));
    return ids.flatMap((id) => views.get(id) ?? []);
  }

  /** One row of the board, or 404 (unknown, or not in the plan as of that date / as known then). */
  async board(id: string, params: TimeTravelParams): Promise<MilestoneBoardView & AsOfHeader> {
    const tt = this.timeTravel(params);
    const ref = await this.reference.get();
    return this.snapshot.run(async (m, position) => {
      const view = (await this.views(m, tt, [id], ref)).get(id);
      if (view === undefined) throw milestoneNotFound(id, tt);
      return { ...header(tt, position), ...view };
    });
  }

  /**
   * The views of some milestones at (asOf, knownAt), read in the caller's snapshot; a milestone not in the plan then
   * is missing. Built in `turns` when given (an agenda's 500 views take tens of ms).
   */
  async views(
    m: Queryable,
    tt: TimeTravelKey,
    ids: readonly string[],
    ref: ReferenceData,
    turns?: EventLoopTurns,
  ): Promise<Map<string, MilestoneBoardView>> {
    const out = new Map<string, MilestoneBoardView>();
    const read = await assignmentRows(m, tt, ids);
    turns?.restart();
    for (const [id, rows] of read) {
      out.set(id, this.view(rows, tt.asOf, ref));
      if (turns?.due()) await turns.give();
    }
    return out;
  }

  private view(rows: readonly AssignmentRow[], asOf: IsoDate, ref: ReferenceData): MilestoneBoardView {
    return toBoardView(rows, asOf, this.context.rules, (id) => ref.units.get(id) ?? id);
  }

  /** Says once if the stored health differs from the rules (the settings changed since the projection was built). */
  private warnIfStale(id: string, stored: string, computed: string): void {
    if (stored === computed || this.warnedMismatch) return;
    this.warnedMismatch = true;
    this.log.warn(
      `${id}: stored health (${stored}) differs from the rules (${computed}); were the health settings changed? ` +
        'Run: projections rebuild milestone-board',
    );
  }
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
