import type { Actor } from '@app/event-store';
import { ACTOR_ROLE_LABELS_ZH, isActorRole } from '@app/milestones';
import type { YearClosedData } from '../close-year/year-closed.event';
import { OUTCOME_LABELS_ZH, type Outcome } from './outcome';
import type { ClosingView, OutcomeChange } from './report.types';
import type { MilestoneReview } from './review.types';

export interface ClosedYear {
  readonly data: YearClosedData;
  readonly recordedAt: string;
  readonly actor: Actor | null;
  readonly eventPosition: number;
}

export function outcomeChange(
  milestoneId: string,
  taskTitle: string,
  from: Outcome | null,
  to: Outcome | null,
): OutcomeChange {
  return {
    milestoneId,
    taskTitle,
    from,
    fromLabel: from === null ? '（不在清单中）' : OUTCOME_LABELS_ZH[from],
    to,
    toLabel: to === null ? '（不在清单中）' : OUTCOME_LABELS_ZH[to],
  };
}

function closedBy(actor: Actor | null): string {
  const role = actor?.role && isActorRole(actor.role) ? ACTOR_ROLE_LABELS_ZH[actor.role] : null;
  const name = actor?.tokenName ?? actor?.system ?? null;
  if (role && name) return `${name}（${role}）`;
  return name ?? role ?? '—';
}

/** The closed figures of the year and every milestone outcome that changed since the closing. */
export function closingView(closed: ClosedYear, milestones: readonly MilestoneReview[]): ClosingView {
  const { data } = closed;
  const before = new Map<string, Outcome>(data.outcomes.map(([id, o]) => [id, o]));
  const changes: OutcomeChange[] = [];
  const seen = new Set<string>();
  for (const m of milestones) {
    seen.add(m.milestoneId);
    const from = before.get(m.milestoneId) ?? null;
    if (from !== m.outcome) changes.push(outcomeChange(m.milestoneId, m.taskTitle, from, m.outcome));
  }
  for (const [id, from] of data.outcomes) {
    if (!seen.has(id)) changes.push(outcomeChange(id, '', from, null));
  }
  return {
    closedAt: closed.recordedAt,
    closedBy: closedBy(closed.actor),
    note: data.note,
    position: data.position,
    eventPosition: closed.eventPosition,
    totals: data.totals,
    assignmentTotals: data.assignmentTotals,
    rollups: data.rollups,
    changes,
  };
}
