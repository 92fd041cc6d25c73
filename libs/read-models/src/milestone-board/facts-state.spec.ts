import { fold, type MilestoneEvent, type MilestoneState } from '@app/milestones';
import { randomMilestoneStream, seededRandom } from '../testing';
import { evolveFacts, factsOf, INITIAL_FACTS_STATE, type FactsState } from './facts-state';
import { PlanDays } from './plan-days';

const days = new PlanDays('Asia/Shanghai');

function foldFacts(events: readonly MilestoneEvent[]): FactsState {
  let s = INITIAL_FACTS_STATE;
  for (const e of events) {
    s = evolveFacts(
      s,
      { event: e, occurredMs: Date.parse(e.occurredAt), backdated: e.backdated === true },
      (ms) => days.dayOf(ms),
    );
  }
  return s;
}

const domainFacts = (s: MilestoneState) => ({
  period: s.period,
  baselineDueDate: s.baselineDueDate,
  dueDate: s.dueDate,
  lifecycle: s.lifecycle,
  percent: s.percent,
  forecastDate: s.forecastDate,
  lastReportOn: s.lastReportOn,
  submittedOn: s.submittedOn,
  acceptedOn: s.acceptedOn,
  redFlagSince: null,
});

describe('evolveFacts', () => {
  it('agrees with the domain fold on every prefix of random streams (backdated reports included)', () => {
    const rng = seededRandom(20210630);
    let compared = 0;
    for (let m = 0; m < 150; m++) {
      const stream = randomMilestoneStream(rng, { milestoneId: `m${m}`, events: 25, backdatedShare: 0.15 });
      const events = stream.map((s) => s.event);
      for (let n = 1; n <= events.length; n++) {
        const prefix = events.slice(0, n);
        expect(factsOf(foldFacts(prefix), null)).toEqual(domainFacts(fold(prefix)));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(2000);
  });

  it('agrees with the domain fold on any subset of a stream folded in stream order (time travel)', () => {
    const rng = seededRandom(7);
    for (let m = 0; m < 200; m++) {
      const events = randomMilestoneStream(rng, {
        milestoneId: `m${m}`,
        events: 20,
        backdatedShare: 0.3,
      }).map((s) => s.event);
      const subset = events.filter((_, i) => i === 0 || rng() < 0.6);
      expect(factsOf(foldFacts(subset), null)).toEqual(domainFacts(fold(subset)));
    }
  });

  it('keeps the later report when a backdated one arrives, as the domain does', () => {
    const rng = seededRandom(1);
    const [planned] = randomMilestoneStream(rng, { milestoneId: 'm', events: 0 });
    const s = foldFacts([
      planned!.event,
      {
        type: 'ProgressReported',
        data: { percent: 70, narrative: '七成' },
        occurredAt: '2021-06-01T02:00:00.000Z',
      },
      {
        type: 'ProgressReported',
        data: { percent: 50, narrative: '五成', forecastDate: '2021-12-01' },
        occurredAt: '2021-05-01T02:00:00.000Z',
        backdated: true,
      },
    ]);
    expect(s).toMatchObject({
      percent: 70,
      lastReportOn: '2021-06-01',
      forecastDate: '2021-12-01',
      backdatedEvents: 1,
      lifecycle: 'in_progress',
    });
  });

  it('ignores events of a milestone that is not planned yet', () => {
    const s = foldFacts([
      {
        type: 'ProgressReported',
        data: { percent: 10, narrative: '—' },
        occurredAt: '2021-06-01T02:00:00.000Z',
      },
    ]);
    expect(s).toBe(INITIAL_FACTS_STATE);
  });
});

describe('PlanDays', () => {
  it('gives the calendar day in the plan time zone, like dateInZone', () => {
    const d = new PlanDays('Asia/Shanghai');
    expect(d.dayOf(Date.parse('2020-12-31T15:59:59.999Z'))).toBe('2020-12-31');
    expect(d.dayOf(Date.parse('2020-12-31T16:00:00.000Z'))).toBe('2021-01-01');
    const kathmandu = new PlanDays('Asia/Kathmandu'); // +05:45
    expect(kathmandu.dayOf(Date.parse('2021-03-01T18:14:59.999Z'))).toBe('2021-03-01');
    expect(kathmandu.dayOf(Date.parse('2021-03-01T18:15:00.000Z'))).toBe('2021-03-02');
  });
});
