import { assignmentFacts, HEALTH_SEVERITY, SCHEDULE_SEVERITY, worstOf } from '../assessment';
import { decide, evolve, fold, type MilestoneState } from './index';
import { MilestoneErrorCode as Code } from './milestone.errors';
import {
  aCompletionAccepted,
  aCompletionSubmitted,
  aMilestonePlanned,
  aMilestoneRevised,
  aProgressReported,
} from './testing/milestone.builders';
import { TEST_COOPERATING_UNIT } from './testing/milestone.fixtures';
import {
  aCancelMilestone,
  anAcceptCompletion,
  aRebaselineDueDate,
  aReportProgress,
  aSubmitCompletion,
} from './testing/milestone-command.builders';
import { expectMilestoneError, givenMilestone, NOW } from './testing/milestone.specification';

/** T24-2021 in small: two district governments lead separately (分别牵头), one bureau cooperates. */
const PENGJIANG = 'u-pengjiang-gov';
const TAISHAN = 'u-taishan-gov';
const reporterOf = (unit: string) => ({ role: 'reporter' as const, unit });
const separately = aMilestonePlanned({ leadUnits: [PENGJIANG, TAISHAN], leadMode: 'separately' });

/** Decide and apply, as the command handler does. */
function run(state: MilestoneState, ...commands: Parameters<typeof decide>[0][]): MilestoneState {
  let s = state;
  for (const c of commands) for (const e of decide(c, s, NOW)) s = evolve(s, e);
  return s;
}

const byKey = (s: MilestoneState) => Object.fromEntries(s.assignments.map((a) => [a.key, a]));

describe('assignments (承办事项) of a 分别牵头 milestone', () => {
  it('gives each lead unit an assignment of its own; a single or joint lead gives one', () => {
    expect(fold([separately]).assignments.map((a) => [a.key, a.leadUnits])).toEqual([
      [PENGJIANG, [PENGJIANG]],
      [TAISHAN, [TAISHAN]],
    ]);
    expect(fold([aMilestonePlanned()]).assignments.map((a) => a.key)).toEqual(['u-transport']);
    const joint = fold([aMilestonePlanned({ leadUnits: [PENGJIANG, TAISHAN], leadMode: 'jointly' })]);
    expect(joint.assignments.map((a) => [a.key, a.leadUnits])).toEqual([['joint', [PENGJIANG, TAISHAN]]]);
  });

  it('reads an older stream (no leadMode) with several lead units as 分别牵头', () => {
    const legacy = aMilestonePlanned({ leadUnits: [PENGJIANG, TAISHAN] });
    expect(fold([legacy]).leadMode).toBe('separately');
    expect(fold([legacy]).assignments).toHaveLength(2);
  });

  it('records a lead unit’s report on its own assignment, named in the event', () => {
    givenMilestone(separately)
      .when(aReportProgress({ percent: 40, narrative: '台山段完成四成。' }, { actor: reporterOf(TAISHAN) }))
      .then([
        {
          type: 'ProgressReported',
          data: { assignment: TAISHAN, percent: 40, narrative: '台山段完成四成。' },
          occurredAt: NOW.toISOString(),
          backdated: false,
        },
      ]);
  });

  it('lets the second lead unit submit its own share after the first was accepted (no 409)', () => {
    const s = run(
      fold([separately]),
      aSubmitCompletion({}, { actor: reporterOf(PENGJIANG) }),
      anAcceptCompletion(),
      aSubmitCompletion({}, { actor: reporterOf(TAISHAN) }),
    );
    expect(byKey(s)[PENGJIANG]!.lifecycle).toBe('accepted');
    expect(byKey(s)[TAISHAN]!.lifecycle).toBe('submitted');
    // Accepted only when every assignment is: one accepted, one awaiting verification.
    expect(s.lifecycle).toBe('submitted');
    expect(run(s, anAcceptCompletion()).lifecycle).toBe('accepted');
  });

  it('refuses a lead unit acting on another unit’s assignment, and says whose it is', () => {
    givenMilestone(separately)
      .when(aReportProgress({ assignment: PENGJIANG }, { actor: reporterOf(TAISHAN) }))
      .thenThrows(Code.FORBIDDEN_OTHER_ASSIGNMENT, { details: { own: TAISHAN, assignment: PENGJIANG } });
  });

  it('lets a cooperating unit report context on any assignment it names', () => {
    const cooperating = reporterOf(TEST_COOPERATING_UNIT);
    givenMilestone(separately)
      .when(aReportProgress({ assignment: PENGJIANG }, { actor: cooperating }))
      .then([
        {
          type: 'ProgressReported',
          data: { assignment: PENGJIANG, percent: 60, narrative: '路网主体工程完成六成。' },
          occurredAt: NOW.toISOString(),
          backdated: false,
        },
      ]);
    givenMilestone(separately)
      .when(aReportProgress({}, { actor: cooperating }))
      .thenThrows(Code.ASSIGNMENT_REQUIRED, {
        field: 'assignment',
        details: { known: `${PENGJIANG}, ${TAISHAN}` },
      });
  });

  it('asks the supervising office which assignment, unless only one awaits verification', () => {
    givenMilestone(separately)
      .when(aReportProgress({}, { actor: { role: 'supervisor' } }))
      .thenThrows(Code.ASSIGNMENT_REQUIRED, { field: 'assignment' });
    givenMilestone(separately)
      .when(aReportProgress({ assignment: 'u-nobody' }, { actor: { role: 'supervisor' } }))
      .thenThrows(Code.ASSIGNMENT_UNKNOWN, { field: 'assignment', details: { assignment: 'u-nobody' } });
    const bothSubmitted = run(
      fold([separately]),
      aSubmitCompletion({}, { actor: reporterOf(PENGJIANG) }),
      aSubmitCompletion({}, { actor: reporterOf(TAISHAN) }),
    );
    expectMilestoneError(() => decide(anAcceptCompletion(), bothSubmitted, NOW), Code.ASSIGNMENT_REQUIRED, {
      field: 'assignment',
    });
    expect(decide(anAcceptCompletion({ assignment: TAISHAN }), bothSubmitted, NOW)[0]!.data).toEqual({
      assignment: TAISHAN,
    });
  });

  it('derives the percent as the mean, with the spread, and the lifecycle from the mix', () => {
    const s = run(
      fold([separately]),
      aReportProgress({ percent: 30 }, { actor: reporterOf(PENGJIANG) }),
      aReportProgress({ percent: 80 }, { actor: reporterOf(TAISHAN) }),
    );
    expect(s).toMatchObject({ lifecycle: 'in_progress', percent: 55, percentRange: { min: 30, max: 80 } });
    const half = run(fold([separately]), aReportProgress({ percent: 50 }, { actor: reporterOf(TAISHAN) }));
    // An unreported assignment counts as 0 %; one planned and one in progress is in progress.
    expect(half).toMatchObject({ lifecycle: 'in_progress', percent: 25, percentRange: { min: 0, max: 50 } });
  });

  it('keeps the percent of a milestone with no live assignment (cancelled), as a single-lead one had it', () => {
    const s = run(fold([aMilestonePlanned()]), aReportProgress({ percent: 40 }), aCancelMilestone());
    expect(s).toMatchObject({ lifecycle: 'cancelled', percent: 40, percentRange: null });
  });

  it('moves the due date of every open assignment on a milestone-wide re-baseline, not the accepted ones', () => {
    const s = run(
      fold([separately]),
      aSubmitCompletion({}, { actor: reporterOf(PENGJIANG) }),
      anAcceptCompletion(),
      aRebaselineDueDate({ newDueDate: '2022-06-30' }),
    );
    expect(byKey(s)[PENGJIANG]!.dueDate).toBe('2021-12-31');
    expect(byKey(s)[TAISHAN]!.dueDate).toBe('2022-06-30');
    expect(s.dueDate).toBe('2022-06-30');
    expect(s.baselineDueDate).toBe('2021-12-31');
  });

  it('re-baselines or cancels one assignment alone when the office names it', () => {
    const s = run(
      fold([separately]),
      aRebaselineDueDate({ assignment: TAISHAN, newDueDate: '2022-03-31' }),
      aCancelMilestone({ assignment: PENGJIANG }),
    );
    expect(byKey(s)[PENGJIANG]!.lifecycle).toBe('cancelled');
    expect(byKey(s)[TAISHAN]).toMatchObject({ lifecycle: 'planned', dueDate: '2022-03-31' });
    // The cancelled share no longer counts: the milestone is what is left.
    expect(s).toMatchObject({ lifecycle: 'planned', dueDate: '2022-03-31' });
  });

  it('routes older events (no assignment) by the reporter’s unit, and a 销号 to the claim awaiting it', () => {
    const s = fold([
      aMilestonePlanned({ leadUnits: [PENGJIANG, TAISHAN] }),
      { ...aCompletionSubmitted(), actor: { role: 'reporter', unit: PENGJIANG } },
      { ...aCompletionAccepted(), actor: { role: 'supervisor' } },
      {
        ...aProgressReported({ percent: 10 }),
        occurredAt: '2021-06-13T00:00:00.000Z',
        actor: { role: 'supervisor' },
      },
    ]);
    expect(byKey(s)[PENGJIANG]!.lifecycle).toBe('accepted');
    // The office's report named no unit: it meant the milestone, i.e. every open share.
    expect(byKey(s)[TAISHAN]).toMatchObject({ lifecycle: 'in_progress', percent: 10 });
  });

  it('adds and withdraws assignments when a revised plan changes who leads', () => {
    const s = fold([
      separately,
      aMilestoneRevised({ leadUnits: [TAISHAN, 'u-kaiping-gov'], leadMode: 'separately' }),
    ]);
    expect(s.assignments.map((a) => [a.key, a.lifecycle])).toEqual([
      [PENGJIANG, 'withdrawn'],
      [TAISHAN, 'planned'],
      ['u-kaiping-gov', 'planned'],
    ]);
    expect(s.lifecycle).toBe('planned');
  });
});

describe('worst of assignments', () => {
  it('ranks overdue above due soon, and red above grey above amber above green', () => {
    expect(worstOf(SCHEDULE_SEVERITY, ['completed_on_time', 'overdue', 'not_due'])).toBe('overdue');
    expect(worstOf(SCHEDULE_SEVERITY, ['completed_on_time', 'completed_late'])).toBe('completed_late');
    expect(worstOf(HEALTH_SEVERITY, ['green', 'amber', 'grey'])).toBe('grey');
    expect(worstOf(HEALTH_SEVERITY, [])).toBeUndefined();
  });

  it('judges each assignment on its own facts, against the milestone’s baseline', () => {
    const s = run(
      fold([separately]),
      aRebaselineDueDate({ assignment: TAISHAN, newDueDate: '2022-03-31' }),
      aReportProgress({ percent: 30, forecastDate: '2022-01-31' }, { actor: reporterOf(PENGJIANG) }),
    );
    expect(assignmentFacts(s, byKey(s)[TAISHAN]!)).toMatchObject({
      baselineDueDate: '2021-12-31',
      dueDate: '2022-03-31',
      percent: null,
      forecastDate: null,
    });
    expect(assignmentFacts(s, byKey(s)[PENGJIANG]!)).toMatchObject({
      dueDate: '2021-12-31',
      percent: 30,
      forecastDate: '2022-01-31',
      lastReportOn: '2021-06-15',
    });
  });
});
