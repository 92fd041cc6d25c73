import type { Actor } from '@app/event-store';
import {
  ACTOR_ROLE_LABELS_ZH,
  isActorRole,
  MILESTONE_EVENT_LABELS_ZH,
  type MilestoneEvent,
} from '@app/milestones';
import { assertUnreachable } from '@app/platform';
import { dayOf } from './review-event';
import type { RoutedEvent } from './routing';
import { REASON_KIND_LABELS_ZH, type ReasonEntry, type ReasonKind } from './review.types';

export function actorUnitLabel(actor: Actor | null, unitName: (id: string) => string): string {
  if (actor?.unit) return unitName(actor.unit);
  if (actor?.role && isActorRole(actor.role)) return ACTOR_ROLE_LABELS_ZH[actor.role];
  if (actor?.system) return `系统（${actor.system}）`;
  return '—';
}

/** The reason an event gives (a delay, a return, a re-baseline…), or null for an event that gives none. */
export function reasonOf(
  e: MilestoneEvent,
): { kind: ReasonKind; text: string; detail: string | null } | null {
  switch (e.type) {
    case 'DelayReported':
      return { kind: 'delay', text: e.data.reason, detail: `预计完成 ${e.data.forecastDate}` };
    case 'CompletionReturned':
      return { kind: 'return', text: e.data.reason, detail: null };
    case 'DueDateRebaselined':
      return {
        kind: 'rebaseline',
        text: e.data.reason,
        detail: `${e.data.previousDueDate} → ${e.data.newDueDate}`,
      };
    case 'MilestoneCancelled':
      return { kind: 'cancellation', text: e.data.reason, detail: null };
    case 'IndicatorTargetRevised':
      return {
        kind: 'target_revision',
        text: e.data.reason,
        detail: `${e.data.metric}：${e.data.oldTarget} → ${e.data.newTarget}`,
      };
    case 'ProgressReported':
      return e.data.reason === undefined
        ? null
        : { kind: 'progress_decrease', text: e.data.reason, detail: `进度 ${e.data.percent}%` };
    case 'MilestoneWithdrawn':
      return { kind: 'withdrawal', text: e.data.reason, detail: null };
    case 'MilestonePlanned':
    case 'MilestoneAdded':
    case 'MilestoneRevised':
    case 'CompletionSubmitted':
    case 'CompletionAccepted':
      return null;
    default:
      return assertUnreachable(e, 'milestone event');
  }
}

/** One line about what a report said, for the list of reports recorded after the year end. */
export function reportSummary(e: MilestoneEvent): string {
  switch (e.type) {
    case 'ProgressReported':
      return `进度 ${e.data.percent}%：${e.data.narrative}`;
    case 'DelayReported':
      return `${e.data.reason}（预计完成 ${e.data.forecastDate}）`;
    case 'CompletionSubmitted':
      return `完成日期 ${e.data.completedOn}：${e.data.narrative}`;
    case 'CompletionAccepted':
      return e.data.note ?? '核验通过';
    case 'CompletionReturned':
      return e.data.reason;
    case 'DueDateRebaselined':
      return `${e.data.previousDueDate} → ${e.data.newDueDate}：${e.data.reason}`;
    case 'IndicatorTargetRevised':
      return `${e.data.metric}：${e.data.oldTarget} → ${e.data.newTarget}：${e.data.reason}`;
    case 'MilestoneCancelled':
      return e.data.reason;
    case 'MilestonePlanned':
    case 'MilestoneAdded':
    case 'MilestoneRevised':
    case 'MilestoneWithdrawn':
      return MILESTONE_EVENT_LABELS_ZH[e.type];
    default:
      return assertUnreachable(e, 'milestone event');
  }
}

/** Every reason in the history, quoted as given, with the assignments it concerned. */
export function quoteReasons(
  milestoneId: string,
  events: readonly RoutedEvent[],
  unitName: (id: string) => string,
  yearEndMs: number,
): ReasonEntry[] {
  const out: ReasonEntry[] = [];
  for (const e of events) {
    const r = reasonOf(e.event);
    if (r === null) continue;
    out.push({
      milestoneId,
      assignments: e.assignments,
      kind: r.kind,
      kindLabel: REASON_KIND_LABELS_ZH[r.kind],
      text: r.text,
      detail: r.detail,
      occurredOn: dayOf(e.event.occurredAt),
      occurredAt: e.event.occurredAt,
      recordedAt: new Date(e.recordedMs).toISOString(),
      backdated: e.event.backdated === true,
      unit: actorUnitLabel(e.actor, unitName),
      reportedBy: e.actor?.tokenName ?? null,
      afterYearEnd: e.occurredMs >= yearEndMs,
    });
  }
  return out;
}
