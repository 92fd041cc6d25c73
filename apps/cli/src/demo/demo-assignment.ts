import type { IsoDate } from '@app/platform';
import { ms, shanghai } from './demo-calendar';
import { claimDrafts } from './demo-claim';
import { assignmentRun, drawCourse } from './demo-course';
import type { DemoAssignmentFate, DemoCommand, DemoMilestone, Draft } from './demo-model';
import { timelineDrafts } from './demo-timeline';

/** Same-day actions keep their intended order: each instant is after the one before (by a minute at least). */
function inOrder(drafts: readonly Draft[]): Draft[] {
  let previous = 0;
  return drafts.map((d) => {
    let t = ms(d.occurredAt);
    if (t <= previous) t = previous + 60_000;
    previous = t;
    const occurredAt = t === ms(d.occurredAt) ? d.occurredAt : shanghai(t);
    return { ...d, occurredAt, command: { ...d.command, occurredAt } };
  });
}

/** A late filing must still arrive while reports are taken (before the claim or the cancellation). */
function fileInTime(drafts: readonly Draft[], simulationEnd: IsoDate): Draft[] {
  const closeAt = drafts.find(
    (d) => d.command.type === 'SubmitCompletion' || d.command.type === 'CancelMilestone',
  );
  const limit = Math.min(closeAt ? ms(closeAt.occurredAt) : Infinity, ms(`${simulationEnd}T23:00:00+08:00`));
  return drafts.map((d) => {
    if (d.fileAt === undefined || ms(d.fileAt) < limit) return d;
    const { fileAt: _dropped, ...rest } = d;
    const data = (rest.command as Extract<DemoCommand, { type: 'ReportProgress' }>).data;
    return {
      ...rest,
      command: {
        ...rest.command,
        data: { ...data, narrative: data.narrative.replace('（补报）', '') },
      } as DemoCommand,
    };
  });
}

/**
 * The simulated history of one assignment (承办事项) of a milestone, in the order it happened. Pure: the same
 * seed, milestone and assignment give the same drafts, whatever else exists.
 */
export function simulateAssignment(
  seed: string,
  m: DemoMilestone,
  assignment: DemoMilestone['assignments'][number],
  simulationEnd: IsoDate,
): { drafts: Draft[]; fate: DemoAssignmentFate } {
  const run = assignmentRun(seed, m, assignment, simulationEnd);
  const course = drawCourse(run);
  const { drafts, actuals } = timelineDrafts(run, course);
  const all = inOrder([...drafts, ...claimDrafts(run, course, actuals)]);
  return {
    drafts: fileInTime(all, simulationEnd),
    fate: { outcome: course.outcome, diligence: course.diligence, returned: course.returned },
  };
}
