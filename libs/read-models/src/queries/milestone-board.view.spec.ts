import { workingCalendar } from '@app/milestones';
import { newAssignmentFacts, type BoardAssignmentState } from '../milestone-board/facts-state';
import type { TimelineRules } from '../milestone-board/health-steps';
import { factsRowOf } from '../testing/facts-row';
import type { AssignmentRow } from './assignment-rows';
import { toBoardView } from './milestone-board.view';

const RULES: TimelineRules = {
  thresholds: { redBelow: 0.85, amberBelow: 0.95, amberDueWithinWorkingDays: 10, reportCadenceDays: 31 },
  calendar: workingCalendar([]),
  dayOf: (ms) => new Date(ms).toISOString().slice(0, 10),
};

const START = {
  planLeadUnits: ['a', 'b'],
  planLeadMode: 'separately',
  periodFrom: 2021,
  periodTo: 2021,
  dueDate: '2021-06-30',
} as const;

function row(no: number, o: Partial<BoardAssignmentState>): AssignmentRow {
  const key = START.planLeadUnits[no]!;
  const state = { ...newAssignmentFacts({ key, leadUnits: [key] }, START), ...o };
  return {
    ...factsRowOf(state, null),
    milestone_id: 'm1',
    assignment: key,
    assignment_no: no,
    assignment_lead_units: [key],
    plan_key: 'p',
    task_no: 1,
    section: 1,
    task_title: 'T',
    text: 'x',
    zones: [],
    districts: [],
    city_wide: true,
    lead_units: [...START.planLeadUnits],
    cooperating_units: [],
    version_on: '2021-03-01',
    version_position: String(10 + no),
  };
}

describe('toBoardView (the shown facts of a milestone from its assignments)', () => {
  const a = row(0, {
    lifecycle: 'in_progress',
    percent: 40,
    forecastDate: '2021-07-15',
    backdatedEvents: 1,
    lastReportOn: '2021-02-01',
  });
  const b = row(1, {
    lifecycle: 'returned',
    percent: 60,
    forecastDate: '2021-06-20',
    lastReturnReason: '材料不全',
    backdatedEvents: 3,
    dueDate: '2021-09-30',
    lastReportOn: '2021-02-20',
  });

  it('shows each assignment’s own, and of the milestone the most, the latest, the first set, its own baseline', () => {
    const view = toBoardView([a, b], '2021-03-01', RULES, (id) => id.toUpperCase());
    expect(view).toMatchObject({
      baselineDueDate: '2021-06-30',
      forecastDate: '2021-07-15',
      lastReturnReason: '材料不全',
      backdatedEvents: 3,
      // by the rules (milestoneAnswer)
      percent: 50,
      dueDate: '2021-09-30',
      lastReportOn: '2021-02-20',
      version: { effectiveOn: '2021-03-01', position: 11 },
    });
    expect(view.assignments).toEqual([
      expect.objectContaining({
        key: 'a',
        leadUnits: [{ id: 'a', name: 'A' }],
        lifecycle: 'in_progress',
        percent: 40,
        forecastDate: '2021-07-15',
        lastReturnReason: null,
        backdatedEvents: 1,
        dueDate: '2021-06-30',
      }),
      expect.objectContaining({
        key: 'b',
        lifecycle: 'returned',
        lastReturnReason: '材料不全',
        backdatedEvents: 3,
      }),
    ]);
    expect(view.assignments![0]).not.toHaveProperty('state');
    expect(view.assignments![0]).not.toHaveProperty('answer');
  });

  it('shows a milestone with one assignment as that assignment, without the list', () => {
    const view = toBoardView([b], '2021-03-01', RULES, (id) => id);
    expect(view).toMatchObject({
      lifecycle: 'returned',
      percent: 60,
      lastReturnReason: '材料不全',
      backdatedEvents: 3,
    });
    expect(view.assignments).toBeUndefined();
  });
});
