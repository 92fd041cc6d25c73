import type { MilestoneEvent } from '@app/milestones';
import { randomMilestoneStream, seededRandom } from '../testing';
import { factsRowOf } from '../testing/facts-row';
import { FACT_SPECS, selectFacts, stateFromRow } from './fact-columns';
import { newAssignmentFacts, type BoardAssignmentState } from './facts-state';
import { evolveMilestoneFacts, type BoardMilestoneState } from './milestone-facts-state';
import { PlanDays } from './plan-days';

const days = new PlanDays('Asia/Shanghai');

function foldFacts(events: readonly MilestoneEvent[]): BoardMilestoneState {
  let s: BoardMilestoneState = [];
  for (const e of events) {
    const fe = { event: e, occurredMs: Date.parse(e.occurredAt), backdated: e.backdated === true };
    s = evolveMilestoneFacts(s, fe, (ms) => days.dayOf(ms)).assignments;
  }
  return s;
}

describe('fact columns (one spec per column)', () => {
  it('read back what they wrote, for every assignment of random streams, with the fields in the same order', () => {
    const rng = seededRandom(16);
    let states = 0;
    for (let m = 0; m < 60; m++) {
      const leads = m % 3 === 0 ? {} : { leads: 2 + (m % 4) };
      const stream = randomMilestoneStream(rng, {
        milestoneId: `m${m}`,
        events: 20,
        backdatedShare: 0.2,
        ...leads,
      });
      const events = stream.map((s) => s.event);
      for (let n = 1; n <= events.length; n++) {
        for (const s of foldFacts(events.slice(0, n))) {
          const row = factsRowOf(s, '2021-03-01');
          expect(row.red_flag_in).toBe('2021-03-01');
          const back = stateFromRow(row, s.key, s.leadUnits);
          expect(back).toEqual(s);
          expect(Object.keys(back)).toEqual(Object.keys(s));
          states++;
        }
      }
    }
    expect(states).toBeGreaterThan(1000);
  });

  it('read the fields in the order newAssignmentFacts builds them (one object shape for the fold)', () => {
    const fresh = newAssignmentFacts(
      { key: 'u', leadUnits: ['u'] },
      {
        planLeadUnits: ['u'],
        planLeadMode: 'single',
        periodFrom: 2021,
        periodTo: 2021,
        dueDate: '2021-12-31',
      },
    );
    const back: BoardAssignmentState = stateFromRow(factsRowOf(fresh, null), 'u', ['u']);
    expect(Object.keys(back)).toEqual(Object.keys(fresh));
  });

  it('select every column, dates as text', () => {
    const select = selectFacts('t');
    expect(select.split(', ')).toHaveLength(FACT_SPECS.length);
    expect(select).toContain('t.due_date::text AS due_date');
    expect(select).toContain('t.last_progress_ms,');
  });
});
