import type { IsoDate } from '@app/platform';
import { reasonOf } from '../retrospective/reasons';
import { dayOf, isPlanEvent, type ReviewEvent } from '../retrospective/review-event';
import { REASON_KIND_LABELS_ZH, type ReasonKind } from '../retrospective/review.types';
import { routeEvents } from '../retrospective/routing';

/** A dated line of the ledger's 进展情况 or 存在问题 column. */
export interface DatedNote {
  readonly on: IsoDate;
  readonly text: string;
}

/** What the units said about one assignment (承办事项) up to the ledger's date, newest first. */
export interface AssignmentNotes {
  /** Progress reports, completion claims and 销号, newest first. */
  readonly progress: readonly DatedNote[];
  /** The latest reason of each kind (delay, return, re-baseline, progress decrease…), newest first. */
  readonly problems: readonly DatedNote[];
}

/** How many progress notes the 进展情况 cell quotes (the latest ones). */
export const PROGRESS_NOTES_SHOWN = 2;

/** Reasons that no longer describe a problem once the assignment is accepted (销号). */
const SETTLED_BY_ACCEPTANCE: ReadonlySet<ReasonKind> = new Set(['delay', 'return', 'progress_decrease']);

function progressNote(e: ReviewEvent): string | null {
  const d = e.event;
  switch (d.type) {
    case 'ProgressReported':
      return `${d.data.narrative}（进度${d.data.percent}%）`;
    case 'CompletionSubmitted':
      return `申请销号，完成日期${d.data.completedOn}：${d.data.narrative}`;
    case 'CompletionAccepted':
      return d.data.note ? `已销号：${d.data.note}` : '已销号';
    default:
      return null;
  }
}

/**
 * The notes of every assignment of one milestone from its events (the plan, and what happened and was recorded by
 * the ledger's date and knowledge), each event given to the assignments the domain's routing rule gives it.
 * Keyed by assignment key.
 */
export function assignmentNotes(events: readonly ReviewEvent[]): Map<string, AssignmentNotes> {
  const { state, routed } = routeEvents(events);
  const progress = new Map<string, DatedNote[]>();
  const problems = new Map<string, Map<ReasonKind, DatedNote>>();
  for (const e of routed) {
    if (isPlanEvent(e.event)) continue;
    const on = dayOf(e.event.occurredAt);
    const note = progressNote(e);
    const reason = reasonOf(e.event);
    for (const key of e.assignments) {
      if (note !== null) progress.set(key, [...(progress.get(key) ?? []), { on, text: note }]);
      if (reason === null) continue;
      const kinds = problems.get(key) ?? new Map<ReasonKind, DatedNote>();
      const detail = reason.detail === null ? '' : `（${reason.detail}）`;
      kinds.set(reason.kind, { on, text: `${REASON_KIND_LABELS_ZH[reason.kind]}：${reason.text}${detail}` });
      problems.set(key, kinds);
    }
  }
  const out = new Map<string, AssignmentNotes>();
  for (const a of state.assignments) {
    const accepted = a.lifecycle === 'accepted';
    const reasons = [...(problems.get(a.key)?.entries() ?? [])]
      .filter(([kind]) => !(accepted && SETTLED_BY_ACCEPTANCE.has(kind)))
      .map(([, note]) => note);
    out.set(a.key, {
      progress: newestFirst(progress.get(a.key) ?? []).slice(0, PROGRESS_NOTES_SHOWN),
      problems: newestFirst(reasons),
    });
  }
  return out;
}

/** Newest first; notes of the same day keep their event order reversed (the later one first). */
function newestFirst(notes: readonly DatedNote[]): DatedNote[] {
  return notes
    .map((n, i) => ({ n, i }))
    .sort((a, b) => (a.n.on < b.n.on ? 1 : a.n.on > b.n.on ? -1 : b.i - a.i))
    .map((x) => x.n);
}
