import { isPlanEvent, type HistoryEntry, type MilestoneEvent } from '@app/milestones';
import { dateInZone, endOfDayInZone, PLAN_TIME_ZONE } from '@app/platform';
import { parseTimeTravel } from '@app/read-models';

/**
 * The history as of a date and as known at an instant (`asOf`, `knownAt`, as every read takes them, 400 naming the
 * bad one): what happened after the asOf day (in the plan's zone) or was recorded after knownAt is left out, as the
 * 办理历史 panel leaves it out when the picker is set. Neither given: every entry.
 */
export function historyAsOf<E extends HistoryEntry>(
  entries: readonly E[],
  q: { asOf?: string; knownAt?: string },
): readonly E[] {
  if (q.asOf === undefined && q.knownAt === undefined) return entries;
  const dayOf = (ms: number) => dateInZone(new Date(ms), PLAN_TIME_ZONE);
  const tt = parseTimeTravel(q, dayOf(Date.now()), PLAN_TIME_ZONE, dayOf);
  const endMs = endOfDayInZone(tt.asOf, PLAN_TIME_ZONE).getTime();
  const knownMs = tt.knownAt?.getTime() ?? Infinity;
  // An unreadable stored time (NaN) compares false: the entry stays, as the panel keeps it. A plan event (the
  // milestone added or revised by a plan document) is dated at its import: the asOf day does not hide it (the
  // board and the ledger read the milestone as planned whatever the date); knownAt does.
  return entries.filter(
    (e) =>
      (isPlanEvent({ type: e.type } as MilestoneEvent) || !(Date.parse(e.occurredAt) >= endMs)) &&
      !(Date.parse(e.recordedAt) > knownMs),
  );
}
