import {
  aCompletionAccepted,
  aCompletionSubmitted,
  aMilestoneCancelled,
  aMilestonePlanned,
} from '@app/milestones/testing';
import { reviewEvents, withActor } from '@app/reports/testing';
import { zeroCounts } from './outcome';
import { RetrospectiveBuilder } from './retrospective.builder';
import type { PlanFrame } from './rollups';

const PENG = 'u-peng';
const TAI = 'u-tai';
const PLAN: PlanFrame = {
  key: 'p',
  title: '示例',
  zones: ['大广海湾区'],
  districts: ['蓬江区', '台山市'],
  units: [
    { id: PENG, name: '蓬江区政府' },
    { id: TAI, name: '台山市政府' },
  ],
  sections: [{ no: 4, numeral: '四', title: '交通' }],
  years: { from: 2020, to: 2022 },
};
const at = (iso: string) => ({ occurredAt: new Date(iso).toISOString() });
const SUPERVISOR = { tokenName: '督查室', role: 'supervisor' };

/**
 * T24 in small, cancelled as a whole: 蓬江's share met on time (accepted 2021-10-15), then the office drops the
 * milestone on 2021-11-01 (no `assignment`) while 台山's share is open. The milestone is cancelled (out of the
 * rate's denominator); 蓬江 keeps its own share met on time.
 */
function review() {
  const b = new RetrospectiveBuilder({
    plan: PLAN,
    year: 2021,
    knownAt: null,
    knownAtPosition: null,
    position: 50,
    yearEndPosition: 40,
    now: new Date('2026-01-01T00:00:00Z'),
    cadenceDays: 31,
  });
  b.addMilestone(
    reviewEvents([
      aMilestonePlanned({
        milestoneId: 'p.T24-2021',
        planKey: 'p',
        taskNo: 24,
        section: 4,
        taskTitle: '事项24',
        indicators: [],
        cooperatingUnits: [],
        leadUnits: [PENG, TAI],
        leadMode: 'separately',
        zones: ['大广海湾区'],
        districts: ['蓬江区', '台山市'],
      }),
      withActor(
        aCompletionSubmitted(
          { assignment: PENG, completedOn: '2021-10-10' },
          at('2021-10-11T10:00:00+08:00'),
        ),
        { tokenName: '蓬江填报员', role: 'reporter', unit: PENG },
      ),
      withActor(aCompletionAccepted({ assignment: PENG }, at('2021-10-15T10:00:00+08:00')), SUPERVISOR),
      withActor(
        aMilestoneCancelled(
          { reason: '并入省重点项目', wholeMilestone: true },
          at('2021-11-01T10:00:00+08:00'),
        ),
        SUPERVISOR,
      ),
    ]),
  );
  return b.build();
}

describe('the review of a 分别牵头 milestone cancelled as a whole after one share’s 销号', () => {
  const r = review();
  const t24 = r.milestones[0]!;

  it('shows the milestone cancelled, its accepted share met on time and the open one cancelled', () => {
    expect(t24).toMatchObject({
      outcome: 'cancelled',
      yearEndOutcome: 'cancelled',
      lifecycle: 'cancelled',
      completedOn: null,
      assignmentCounts: { ...zeroCounts(), met_on_time: 1, cancelled: 1 },
      cancellation: { reason: '并入省重点项目', on: '2021-11-01' },
    });
    expect(t24.assignments.map((a) => [a.key, a.outcome])).toEqual([
      [PENG, 'met_on_time'],
      [TAI, 'cancelled'],
    ]);
  });

  it('leaves it out of the milestones’ rate; each lead unit keeps its own share', () => {
    expect(r.totals).toMatchObject({ total: 1, judged: 0, metOnTimeRate: null });
    expect(r.rollups.leadUnit.map((u) => [u.label, u.counts, u.metOnTimeRate])).toEqual([
      ['蓬江区政府', { ...zeroCounts(), met_on_time: 1 }, 1],
      ['台山市政府', { ...zeroCounts(), cancelled: 1 }, null],
    ]);
  });
});
