import type { RecordedEvent } from '@app/event-store';
import { milestoneIdFromStreamId, toMilestoneEvent } from '@app/milestones';
import type { TimelineRow } from './board-rows';
import { timelinesOf, type MilestoneBoard } from './board-state';
import type { MilestoneWrite } from './board-writes';
import type { TimelineRules } from './health-steps';
import { MilestoneTimeline, type TimelineEvent } from './milestone-timeline';
import { planColumnsAfter } from './plan-columns';

/** A batch's milestone events, per milestone, decoded by the milestones' one decoder. */
export function timelineEventsOf(
  events: readonly RecordedEvent[],
  rules: Pick<TimelineRules, 'dayOf'>,
): Map<string, TimelineEvent[]> {
  const byMilestone = new Map<string, TimelineEvent[]>();
  for (const e of events) {
    const id = milestoneIdFromStreamId(e.streamId);
    const event = id === null ? undefined : toMilestoneEvent(e);
    if (id === null || event === undefined) continue;
    const occurredMs = Date.parse(event.occurredAt);
    const te: TimelineEvent = {
      position: e.position,
      streamVersion: e.version,
      event,
      occurredMs,
      recordedMs: e.recordedAt.getTime(),
      effectiveOn: rules.dayOf(occurredMs),
      backdated: event.backdated === true,
    };
    const list = byMilestone.get(id);
    if (list) list.push(te);
    else byMilestone.set(id, [te]);
  }
  return byMilestone;
}

/** The current versions read for milestones that need their complete timeline, by `milestone\0assignment`. */
export function currentVersionsByKey(rows: readonly TimelineRow[]): Map<string, TimelineRow[]> {
  const current = new Map<string, TimelineRow[]>();
  for (const r of rows) {
    const k = `${r.milestone_id}\u0000${r.assignment}`;
    const list = current.get(k);
    if (list) list.push(r);
    else current.set(k, [r]);
  }
  return current;
}

/**
 * What one milestone's events of a batch write: its assignments' new versions and its plan columns, from its board
 * state before (`complete`: with every current version read). `unplanned` for events of a milestone that was
 * never planned; undefined when nothing changes.
 */
export function milestoneWrite(
  id: string,
  list: readonly TimelineEvent[],
  board: MilestoneBoard | undefined,
  complete: boolean,
  current: ReadonlyMap<string, TimelineRow[]>,
  rules: TimelineRules,
): MilestoneWrite | 'unplanned' | undefined {
  const assignments = timelinesOf(id, board, complete, current);
  const knownThrough = Math.max(0, ...(board?.assignments ?? []).map((a) => a.last.knownFromMs));
  const timeline = new MilestoneTimeline(id, assignments, knownThrough);
  let plan = board?.plan;
  for (const te of list) {
    plan = planColumnsAfter(plan, te.event);
    timeline.apply(te, rules);
  }
  const results = timeline.results(rules);
  if (plan === undefined) return 'unplanned';
  if (results.length === 0) return undefined;
  const existed = new Set((board?.assignments ?? []).map((a) => a.key));
  return {
    id,
    plan,
    planChanged: plan !== board?.plan,
    assignments: results.map((r) => ({ ...r, existed: existed.has(r.key) })),
  };
}
