import type { HealthColour, HealthReasonCode } from '@app/milestones';
import type { IsoDate } from '@app/platform';
import type { AssignmentView, HealthView, MilestoneBoardView } from '@app/read-models';
import type { AssignmentNotes, DatedNote } from './ledger-notes';

/**
 * One row of the 督办台账: one assignment (承办事项) of a milestone. A milestone led by one unit (or jointly, 共同牵头)
 * is one row; a 分别牵头 milestone has one row per lead unit's share, its 序号, 重点任务, 工作目标 and 配合单位 cells
 * merged over them (`milestoneRows`), so that each lead unit's share has its own 进展情况, colour and 存在问题.
 */
export interface LedgerRow {
  readonly milestoneId: string;
  /** The assignment's key (the lead unit's id, `joint`…). */
  readonly assignment: string;
  /** 序号: the task's number in the plan (the same in every filtered ledger, so it can be looked up in the plan). */
  readonly taskNo: number;
  /** 重点任务 */
  readonly task: string;
  /** 工作目标: the milestone's text. */
  readonly target: string;
  /** 牵头单位: this row's lead unit(s). */
  readonly lead: string;
  /** 配合单位 */
  readonly cooperating: string;
  /** 完成时限: the current due date, with the plan's own when it was moved. */
  readonly deadline: string;
  /** 进展情况: the latest progress notes with their dates, newest first. */
  readonly progress: string;
  /** 状态（红黄绿） */
  readonly status: HealthColour;
  readonly statusZh: string;
  /** 存在问题: lateness, what makes it red or amber, and the reasons the units and the office gave. */
  readonly problems: string;
}

/** The health reasons that describe a problem (the others say all is well, or that it has not begun). */
const PROBLEM_REASONS: ReadonlySet<HealthReasonCode> = new Set([
  'overdue',
  'forecast_after_due',
  'behind_schedule',
  'slightly_behind',
  'no_recent_report',
  'due_soon',
  'recovering_from_red',
]);

const names = (units: readonly { name: string }[]): string => units.map((u) => u.name).join('、');

/** `2021年12月31日` */
export function zhDate(d: IsoDate): string {
  return `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
}

const dated = (notes: readonly DatedNote[]): string[] => notes.map((n) => `${zhDate(n.on)}：${n.text}`);

/**
 * 存在问题: what the rules found (once overdue, only the days overdue: the progress-based reasons would repeat it),
 * a 销号 that came late, then the reasons the units and the office gave.
 */
function problemLines(health: HealthView, notes: AssignmentNotes | undefined): string[] {
  const overdue = health.reasons.filter((r) => r.code === 'overdue');
  const fromRules = (overdue.length > 0 ? overdue : health.reasons)
    .filter(
      (r) =>
        PROBLEM_REASONS.has(r.code) ||
        (r.code === 'accepted' && typeof r.detail?.['daysLate'] === 'number' && r.detail['daysLate'] > 0),
    )
    .map((r) => r.zh);
  return [...fromRules, ...dated(notes?.problems ?? [])];
}

function deadline(due: IsoDate, baseline: IsoDate): string {
  return due === baseline ? zhDate(due) : `${zhDate(due)}（原定${zhDate(baseline)}）`;
}

type Share = Pick<AssignmentView, 'key' | 'leadUnits' | 'dueDate' | 'health'>;

/** What a ledger row shows of a milestone's board row (`MilestoneBoardView`). */
export type LedgerMilestone = Pick<
  MilestoneBoardView,
  | 'id'
  | 'taskNo'
  | 'taskTitle'
  | 'text'
  | 'leadUnits'
  | 'cooperatingUnits'
  | 'dueDate'
  | 'baselineDueDate'
  | 'health'
> & { readonly assignments?: readonly Share[] };

/**
 * The rows of one milestone: one per assignment, in plan order. `notes` is keyed by assignment key; a milestone
 * with one assignment takes the notes of its only one.
 */
export function milestoneRows(
  view: LedgerMilestone,
  notes: ReadonlyMap<string, AssignmentNotes>,
): LedgerRow[] {
  const shares: readonly Share[] = view.assignments ?? [
    {
      key: [...notes.keys()][0] ?? '',
      leadUnits: view.leadUnits,
      dueDate: view.dueDate,
      health: view.health,
    },
  ];
  return shares.map((share) => {
    const own = notes.get(share.key);
    return {
      milestoneId: view.id,
      assignment: share.key,
      taskNo: view.taskNo,
      task: view.taskTitle,
      target: view.text,
      lead: names(share.leadUnits),
      cooperating: names(view.cooperatingUnits),
      deadline: deadline(share.dueDate, view.baselineDueDate),
      progress: own === undefined || own.progress.length === 0 ? '尚未报送' : dated(own.progress).join('\n'),
      status: share.health.colour,
      statusZh: share.health.zh,
      problems: problemLines(share.health, own).join('\n'),
    };
  });
}
