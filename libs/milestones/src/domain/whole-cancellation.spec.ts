import { decide, evolve, fold, type MilestoneEvent, type MilestoneState } from './index';
import { MilestoneErrorCode as Code } from './milestone.errors';
import {
  aCompletionAccepted,
  aCompletionSubmitted,
  aMilestoneCancelled,
  aMilestonePlanned,
  aMilestoneRevised,
  aMilestoneWithdrawn,
} from './testing/milestone.builders';
import {
  aCancelMilestone,
  anAcceptCompletion,
  aReportProgress,
  aSubmitCompletion,
} from './testing/milestone-command.builders';
import { expectMilestoneError, NOW } from './testing/milestone.specification';

/** T24-2020 in small: three district governments lead separately (分别牵头). */
const PENGJIANG = 'u-pengjiang-gov';
const TAISHAN = 'u-taishan-gov';
const HESHAN = 'u-heshan-gov';
const reporterOf = (unit: string) => ({ role: 'reporter' as const, unit });
const separately = aMilestonePlanned({ leadUnits: [PENGJIANG, TAISHAN, HESHAN], leadMode: 'separately' });

/** Decide and apply, as the command handler does; the events decided too. */
function run(state: MilestoneState, ...commands: Parameters<typeof decide>[0][]) {
  let s = state;
  const events: MilestoneEvent[] = [];
  for (const c of commands) {
    for (const e of decide(c, s, NOW)) {
      events.push(e);
      s = evolve(s, e);
    }
  }
  return { s, events };
}

const byKey = (s: MilestoneState) => Object.fromEntries(s.assignments.map((a) => [a.key, a]));

/** 蓬江 accepted (销号), 台山 and 鹤山 at 48 %. */
function oneShareAccepted(): MilestoneState {
  return run(
    fold([separately]),
    aSubmitCompletion({}, { actor: reporterOf(PENGJIANG) }),
    anAcceptCompletion(),
    aReportProgress({ percent: 48 }, { actor: reporterOf(TAISHAN) }),
    aReportProgress({ percent: 48 }, { actor: reporterOf(HESHAN) }),
  ).s;
}

describe('cancelling a whole 分别牵头 milestone with a share already accepted', () => {
  it('drops the milestone (已取消): the open shares are cancelled with it, the accepted one stays accepted', () => {
    const { s, events } = run(oneShareAccepted(), aCancelMilestone({ reason: '并入其他任务' }));
    // Stored without `assignment`, marked whole: what tells it apart from one share's (and from older histories).
    expect(events.map((e) => e.data)).toEqual([{ reason: '并入其他任务', wholeMilestone: true }]);
    expect(s).toMatchObject({
      lifecycle: 'cancelled',
      percent: 48,
      percentRange: null,
      submittedOn: null,
      acceptedOn: null,
      closedReason: '并入其他任务',
      closedOn: '2021-06-15',
    });
    expect(byKey(s)[PENGJIANG]).toMatchObject({ lifecycle: 'accepted', cancelledWithMilestone: false });
    expect(byKey(s)[TAISHAN]).toMatchObject({ lifecycle: 'cancelled', cancelledWithMilestone: true });
    expect(byKey(s)[HESHAN]).toMatchObject({ lifecycle: 'cancelled', cancelledWithMilestone: true });
  });

  it('refuses a second whole cancellation, and anything on the accepted share, as cancelled (409)', () => {
    const { s } = run(oneShareAccepted(), aCancelMilestone());
    expectMilestoneError(() => decide(aCancelMilestone(), s, NOW), Code.MILESTONE_CANCELLED);
    expectMilestoneError(
      () => decide(aCancelMilestone({ assignment: PENGJIANG }), s, NOW),
      Code.MILESTONE_CANCELLED,
    );
  });

  it('keeps the meaning of one share’s cancellation: that unit is excused, the milestone follows the others', () => {
    const { s, events } = run(
      oneShareAccepted(),
      aSubmitCompletion({}, { actor: reporterOf(TAISHAN) }),
      anAcceptCompletion(),
      aCancelMilestone({ assignment: HESHAN }),
    );
    expect(events.at(-1)!.data).toMatchObject({ assignment: HESHAN });
    expect(byKey(s)[HESHAN]).toMatchObject({ lifecycle: 'cancelled', cancelledWithMilestone: false });
    expect(s.lifecycle).toBe('accepted');
  });

  it('reads a stored whole cancellation after a 销号 as dropping the milestone; one written before the rule keeps its meaning', () => {
    const accepted = [
      separately,
      aCompletionSubmitted({ assignment: PENGJIANG }),
      aCompletionAccepted({ assignment: PENGJIANG }),
    ];
    const s = fold([...accepted, aMilestoneCancelled({ wholeMilestone: true })]);
    expect(s.lifecycle).toBe('cancelled');
    expect(byKey(s)[PENGJIANG]!.lifecycle).toBe('accepted');
    // Written before (no wholeMilestone): the milestone follows its live shares, as it was read then.
    expect(fold([...accepted, aMilestoneCancelled()]).lifecycle).toBe('accepted');
  });

  it('stays cancelled through a plan withdrawal and reinstatement, and when a revised plan adds a lead unit', () => {
    const cancelled = [
      separately,
      aCompletionSubmitted({ assignment: PENGJIANG }),
      aCompletionAccepted({ assignment: PENGJIANG }),
      aMilestoneCancelled({ wholeMilestone: true }, { occurredAt: '2021-06-01T02:00:00.000Z' }),
    ];
    const later = { occurredAt: '2021-07-01T00:00:00.000Z' };
    const withdrawn = fold([...cancelled, aMilestoneWithdrawn({}, later)]);
    expect(withdrawn.lifecycle).toBe('withdrawn');
    const back = fold([...cancelled, aMilestoneWithdrawn({}, later), aMilestoneRevised({}, later)]);
    expect(back.lifecycle).toBe('cancelled');
    expect(back.assignments.map((a) => [a.key, a.lifecycle])).toEqual([
      [PENGJIANG, 'accepted'],
      [TAISHAN, 'cancelled'],
      [HESHAN, 'cancelled'],
    ]);
    const leads = [PENGJIANG, TAISHAN, HESHAN, 'u-kaiping-gov'];
    const widened = fold([
      ...cancelled,
      aMilestoneRevised({ leadUnits: leads, leadMode: 'separately' }, later),
    ]);
    expect(widened).toMatchObject({ lifecycle: 'cancelled', closedReason: '项目已并入其他任务' });
    expect(byKey(widened)['u-kaiping-gov']).toMatchObject({
      lifecycle: 'cancelled',
      cancelledWithMilestone: true,
      closedOn: '2021-06-01',
    });
    expectMilestoneError(
      () => decide(aReportProgress({ percent: 10 }, { actor: reporterOf('u-kaiping-gov') }), widened, NOW),
      Code.MILESTONE_CANCELLED,
    );
  });

  it('a share a revision had dropped comes back cancelled with the milestone (nothing left open that nothing can close)', () => {
    const later = { occurredAt: '2021-07-01T00:00:00.000Z' };
    const withoutHeshan = { leadUnits: [PENGJIANG, TAISHAN], leadMode: 'separately' as const };
    const dropped = run(
      fold([separately, aMilestoneRevised(withoutHeshan)]),
      aSubmitCompletion({}, { actor: reporterOf(PENGJIANG) }),
      anAcceptCompletion(),
      aCancelMilestone(),
    ).s;
    const back = evolve(dropped, aMilestoneRevised({ leadUnits: [PENGJIANG, TAISHAN, HESHAN] }, later));
    expect(back.lifecycle).toBe('cancelled');
    expect(byKey(back)[HESHAN]).toMatchObject({ lifecycle: 'cancelled', cancelledWithMilestone: true });
  });

  it('a history written before the rule keeps its meaning: a single lead cancelled, then another lead unit, resumes', () => {
    const history = fold([
      aMilestonePlanned({ leadUnits: [PENGJIANG] }),
      aMilestoneCancelled(), // stored before wholeMilestone existed
      aMilestoneRevised({ leadUnits: [TAISHAN] }, { occurredAt: '2021-07-01T00:00:00.000Z' }),
    ]);
    expect(history.lifecycle).toBe('planned');
    const { s } = run(history, aSubmitCompletion({}, { actor: reporterOf(TAISHAN) }), anAcceptCompletion());
    expect(s.lifecycle).toBe('accepted');
  });

  it('cancels a single-lead milestone as before', () => {
    const { s } = run(fold([aMilestonePlanned()]), aReportProgress({ percent: 40 }), aCancelMilestone());
    expect(s).toMatchObject({ lifecycle: 'cancelled', percent: 40 });
  });
});
