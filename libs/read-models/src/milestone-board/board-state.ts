import { AssignmentTimeline, type TimelineVersion } from './assignment-timeline';
import {
  beforeOf,
  planOf,
  SELECT_BOARD_STATE,
  versionFromBoardRow,
  versionFromTimelineRow,
  type BoardStateRow,
  type PlanColumns,
  type TimelineRow,
} from './board-rows';
import type { MilestoneWrite } from './board-writes';
import { withSteps, type HealthRef } from './health-steps';

/** What a batch needs of one assignment's board row. */
export interface AssignmentBoard {
  readonly key: string;
  readonly leadUnits: readonly string[];
  readonly no: number;
  /** The latest version, with its health steps. */
  readonly last: TimelineVersion;
  readonly before: HealthRef | null;
}

/** What a batch needs of a milestone's board rows: its plan columns and its assignments in plan order. */
export interface MilestoneBoard {
  readonly plan: PlanColumns;
  readonly assignments: readonly AssignmentBoard[];
}

export const lastOnOf = (b: MilestoneBoard) =>
  b.assignments.reduce<string | null>(
    (m, a) => (m === null || a.last.effectiveOn > m ? a.last.effectiveOn : m),
    null,
  );

/** The board rows of some milestones, read in the batch's transaction. */
export async function readBoards(
  tx: { query<T>(sql: string, params?: unknown[]): Promise<T> },
  ids: readonly string[],
): Promise<Map<string, MilestoneBoard>> {
  const rows = new Map<string, BoardStateRow[]>();
  for (const r of await tx.query<BoardStateRow[]>(`${SELECT_BOARD_STATE} WHERE milestone_id = ANY($1)`, [
    ids,
  ])) {
    const list = rows.get(r.milestone_id);
    if (list) list.push(r);
    else rows.set(r.milestone_id, [r]);
  }
  const boards = new Map<string, MilestoneBoard>();
  for (const [id, list] of rows) {
    list.sort((a, b) => a.assignment_no - b.assignment_no);
    boards.set(id, {
      plan: planOf(list[0]!),
      assignments: list.map((r) => ({
        key: r.assignment,
        leadUnits: r.assignment_lead_units,
        no: r.assignment_no,
        last: versionFromBoardRow(r),
        before: beforeOf(r),
      })),
    });
  }
  return boards;
}

/**
 * The assignments' timelines for a batch: the latest version of each (its board row), or, when `complete`, their
 * current versions (`current`, keyed by milestone and assignment).
 */
export function timelinesOf(
  id: string,
  board: MilestoneBoard | undefined,
  complete: boolean,
  current: ReadonlyMap<string, TimelineRow[]>,
): AssignmentTimeline[] {
  return (board?.assignments ?? []).map((a) => {
    if (!complete) return new AssignmentTimeline(a.key, a.leadUnits, [a.last], false, a.before);
    const rows = current.get(`${id}\u0000${a.key}`) ?? [];
    return new AssignmentTimeline(
      a.key,
      a.leadUnits,
      rows.map((r) => versionFromTimelineRow(r, a.leadUnits)),
      true,
      null,
    );
  });
}

/** The board state after a batch: the assignments it wrote, the others as they were. */
export function remembered(before: MilestoneBoard | undefined, w: MilestoneWrite): MilestoneBoard {
  const byKey = new Map((before?.assignments ?? []).map((a) => [a.key, a]));
  for (const a of w.assignments) {
    const r = a.result;
    byKey.set(a.key, {
      key: a.key,
      leadUnits: a.leadUnits,
      no: a.no,
      last: withSteps(r.last, [...r.lastSteps]),
      before: r.before,
    });
  }
  return { plan: w.plan, assignments: [...byKey.values()].sort((x, y) => x.no - y.no) };
}
