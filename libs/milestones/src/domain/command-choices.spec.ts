import { commandChoices, decide, fold, type MilestoneState } from './index';
import type { MilestoneActor, MilestoneCommandType } from './milestone.commands';
import { MilestoneErrorCode as Code } from './milestone.errors';
import {
  aCompletionAccepted,
  aCompletionSubmitted,
  aMilestoneCancelled,
  aMilestonePlanned,
  aMilestoneRevised,
  aMilestoneWithdrawn,
  aProgressReported,
  aReportProgress,
  testActors,
} from './testing/milestone.builders';
import { NOW } from './testing/milestone.specification';

const allowed = (actor: MilestoneActor, s: MilestoneState, assignment?: string): MilestoneCommandType[] =>
  commandChoices(actor, s, assignment)
    .filter((c) => c.allowed)
    .map((c) => c.command);
const refusal = (
  actor: MilestoneActor,
  s: MilestoneState,
  command: MilestoneCommandType,
  assignment?: string,
) => commandChoices(actor, s, assignment).find((c) => c.command === command);

const REPORTS: MilestoneCommandType[] = ['ReportProgress', 'ReportDelay'];
const ADJUST: MilestoneCommandType[] = ['RebaselineDueDate', 'ReviseIndicatorTarget', 'CancelMilestone'];
const VERIFY: MilestoneCommandType[] = ['AcceptCompletion', 'ReturnCompletion'];

const planned = fold([aMilestonePlanned()]);
const inProgress = fold([aMilestonePlanned(), aProgressReported()]);
const submitted = fold([aMilestonePlanned(), aProgressReported(), aCompletionSubmitted()]);
const accepted = fold([aMilestonePlanned(), aCompletionSubmitted(), aCompletionAccepted()]);
const cancelled = fold([aMilestonePlanned(), aMilestoneCancelled()]);
const withdrawn = fold([aMilestonePlanned(), aProgressReported(), aMilestoneWithdrawn()]);
const reinstated = fold([
  aMilestonePlanned(),
  aProgressReported(),
  aMilestoneWithdrawn(),
  aMilestoneRevised(),
]);

describe('commandChoices: what a person may do on a milestone now (the checks decide runs)', () => {
  it('supervisor: reports and adjustments while the work goes on; 销号/退回 only while a claim waits', () => {
    expect(allowed(testActors.supervisor, inProgress)).toEqual([...REPORTS, ...ADJUST]);
    expect(allowed(testActors.supervisor, submitted)).toEqual([...VERIFY, ...ADJUST]);
    expect(refusal(testActors.supervisor, inProgress, 'AcceptCompletion')).toMatchObject({
      allowed: false,
      reason: Code.COMPLETION_NOT_SUBMITTED,
    });
    expect(refusal(testActors.supervisor, planned, 'SubmitCompletion')).toMatchObject({
      reason: Code.FORBIDDEN_ROLE,
      reasonZh: '当前角色（督查室）无权提交完成。',
    });
  });

  it('lead unit: reports and its claim; never the office’s tools', () => {
    expect(allowed(testActors.leadReporter, planned)).toEqual([...REPORTS, 'SubmitCompletion']);
    expect(allowed(testActors.leadReporter, submitted)).toEqual([]);
    expect(refusal(testActors.leadReporter, submitted, 'ReportProgress')?.reason).toBe(
      Code.MILESTONE_AWAITING_VERIFICATION,
    );
    expect(refusal(testActors.leadReporter, inProgress, 'RebaselineDueDate')?.reason).toBe(
      Code.FORBIDDEN_ROLE,
    );
  });

  it('cooperating unit reports only; another unit and a viewer nothing', () => {
    expect(allowed(testActors.cooperatingReporter, inProgress)).toEqual(REPORTS);
    expect(refusal(testActors.cooperatingReporter, inProgress, 'SubmitCompletion')?.reason).toBe(
      Code.FORBIDDEN_NOT_LEAD_UNIT,
    );
    expect(allowed(testActors.otherReporter, inProgress)).toEqual([]);
    expect(refusal(testActors.otherReporter, inProgress, 'ReportProgress')?.reason).toBe(
      Code.FORBIDDEN_NOT_RESPONSIBLE,
    );
    expect(allowed(testActors.viewer, inProgress)).toEqual([]);
  });

  it('accepted, cancelled and withdrawn take nothing; a reinstated one takes what it took before', () => {
    for (const actor of Object.values(testActors)) {
      expect(allowed(actor, accepted)).toEqual([]);
      expect(allowed(actor, cancelled)).toEqual([]);
      expect(allowed(actor, withdrawn)).toEqual([]);
    }
    expect(refusal(testActors.supervisor, accepted, 'CancelMilestone')?.reason).toBe(
      Code.MILESTONE_ALREADY_ACCEPTED,
    );
    expect(refusal(testActors.supervisor, cancelled, 'RebaselineDueDate')?.reason).toBe(
      Code.MILESTONE_CANCELLED,
    );
    expect(refusal(testActors.leadReporter, withdrawn, 'ReportProgress')?.reason).toBe(
      Code.MILESTONE_WITHDRAWN,
    );
    expect(reinstated.lifecycle).toBe('in_progress');
    expect(allowed(testActors.supervisor, reinstated)).toEqual([...REPORTS, ...ADJUST]);
    expect(allowed(testActors.leadReporter, reinstated)).toEqual([...REPORTS, 'SubmitCompletion']);
  });

  describe('a 分别牵头 milestone (one assignment per lead unit)', () => {
    const P = 'u-pengjiang-gov';
    const T = 'u-taishan-gov';
    const state = fold([
      aMilestonePlanned({ leadUnits: [P, T], leadMode: 'separately' }),
      aCompletionSubmitted({ assignment: T }),
    ]);
    const reporter = (unit: string) => ({ role: 'reporter' as const, unit });

    it('a lead unit acts on its own assignment, not on the other', () => {
      expect(allowed(reporter(P), state)).toEqual([...REPORTS, 'SubmitCompletion']);
      expect(allowed(reporter(P), state, P)).toEqual([...REPORTS, 'SubmitCompletion']);
      expect(allowed(reporter(P), state, T)).toEqual([]);
      expect(refusal(reporter(P), state, 'ReportProgress', T)?.reason).toBe(Code.FORBIDDEN_OTHER_ASSIGNMENT);
      expect(allowed(reporter(T), state)).toEqual([]);
    });

    it('the office: the whole milestone’s adjustments, 销号 of the one waiting; reports name an assignment', () => {
      expect(allowed(testActors.supervisor, state)).toEqual([...VERIFY, ...ADJUST]);
      expect(refusal(testActors.supervisor, state, 'ReportProgress')?.reason).toBe(Code.ASSIGNMENT_REQUIRED);
      expect(allowed(testActors.supervisor, state, P)).toEqual([...REPORTS, ...ADJUST]);
      expect(allowed(testActors.supervisor, state, T)).toEqual([...VERIFY, ...ADJUST]);
      expect(refusal(testActors.supervisor, state, 'ReportProgress', 'u-nowhere')?.reason).toBe(
        Code.ASSIGNMENT_UNKNOWN,
      );
    });
  });

  it('agrees with decide: a refused choice is the code decide throws', () => {
    const choice = refusal(testActors.otherReporter, inProgress, 'ReportProgress');
    expect(() => decide(aReportProgress({}, { actor: testActors.otherReporter }), inProgress, NOW)).toThrow(
      expect.objectContaining({ code: choice?.reason }),
    );
  });
});
