import { assignmentFacts, fold, type MilestoneEvent, type AssessmentFacts } from '@app/milestones';
import { randomMilestoneStream, seededRandom, type RandomStreamOptions } from '../testing';
import { factsOf } from './facts-state';
import { evolveMilestoneFacts, type BoardMilestoneState } from './milestone-facts-state';
import { PlanDays } from './plan-days';

const days = new PlanDays('Asia/Shanghai');

function foldFacts(events: readonly MilestoneEvent[]): BoardMilestoneState {
  let s: BoardMilestoneState = [];
  for (const e of events) {
    s = evolveMilestoneFacts(
      s,
      { event: e, occurredMs: Date.parse(e.occurredAt), backdated: e.backdated === true },
      (ms) => days.dayOf(ms),
    ).assignments;
  }
  return s;
}

type Compared = [string, readonly string[], AssessmentFacts, boolean];

/** Every assignment as the domain judges it: key, lead units, `assignmentFacts`, cancelled with the milestone. */
function domainAssignments(events: readonly MilestoneEvent[]): Compared[] {
  const s = fold(events);
  if (!s.exists) return [];
  return s.assignments.map((a) => [a.key, a.leadUnits, assignmentFacts(s, a), a.cancelledWithMilestone]);
}

const ours = (s: BoardMilestoneState): Compared[] =>
  s.map((a) => [a.key, a.leadUnits, factsOf(a, null), a.cancelledWithMilestone]);

/** Cancelled as a whole while a share was accepted (the milestone reads cancelled, the share accepted). */
const wholeWithAccepted = (c: readonly Compared[]): boolean =>
  c.some((a) => a[3]) && c.some((a) => a[2].lifecycle === 'accepted');

const at = (day: string) => `${day}T02:00:00.000Z`;
/** T24 in small: three lead units, separately. */
const planned: MilestoneEvent = {
  type: 'MilestonePlanned',
  occurredAt: '2019-12-31T16:00:00.000Z',
  data: {
    milestoneId: 't24',
    planKey: 'p',
    taskNo: 24,
    section: 5,
    taskTitle: 'T24',
    period: { from: 2021, to: 2021 },
    dueDate: '2021-12-31',
    text: '2021年',
    indicators: [],
    leadUnits: ['gov-a', 'gov-b', 'gov-c'],
    cooperatingUnits: [],
    zones: [],
    districts: [],
  },
};

/** Single-lead milestones, and 分别牵头 / 共同牵头 ones with two to seven lead units. */
function streamOptions(
  rng: () => number,
  m: number,
  events: number,
  backdatedShare: number,
): RandomStreamOptions {
  const kind = m % 4;
  return {
    milestoneId: `m${m}`,
    events,
    backdatedShare,
    ...(kind === 0 ? {} : { leads: 2 + Math.floor(rng() * 6) }),
    ...(kind === 3 ? { leadMode: 'jointly' as const } : {}),
  };
}

describe('evolveMilestoneFacts', () => {
  it('agrees with the domain fold for every assignment on every prefix of random streams', () => {
    const rng = seededRandom(20210630);
    let compared = 0;
    let multi = 0;
    let whole = 0;
    for (let m = 0; m < 160; m++) {
      const events = randomMilestoneStream(rng, streamOptions(rng, m, 25, 0.15)).map((s) => s.event);
      for (let n = 1; n <= events.length; n++) {
        const prefix = events.slice(0, n);
        const expected = domainAssignments(prefix);
        expect(ours(foldFacts(prefix))).toEqual(expected);
        compared++;
        if (expected.length > 1) multi++;
        if (wholeWithAccepted(expected)) whole++;
      }
    }
    expect(compared).toBeGreaterThan(2500);
    expect(multi).toBeGreaterThan(1500);
    expect(whole).toBeGreaterThan(0);
  });

  it('agrees with the domain fold on any subset of a stream folded in stream order (time travel)', () => {
    const rng = seededRandom(7);
    for (let m = 0; m < 240; m++) {
      const events = randomMilestoneStream(rng, streamOptions(rng, m, 20, 0.3)).map((s) => s.event);
      const subset = events.filter((_, i) => i === 0 || rng() < 0.6);
      expect(ours(foldFacts(subset))).toEqual(domainAssignments(subset));
    }
  });

  it('routes by the domain’s rule: named, by the recorder’s unit, or to every open / submitted assignment', () => {
    const s = foldFacts([
      planned,
      {
        type: 'ProgressReported',
        data: { assignment: 'gov-b', percent: 40, narrative: '—' },
        occurredAt: at('2021-03-01'),
      },
      {
        type: 'ProgressReported',
        data: { percent: 20, narrative: '—' },
        occurredAt: at('2021-03-02'),
        actor: { role: 'reporter', unit: 'gov-c' },
      },
      {
        type: 'CompletionSubmitted',
        data: { assignment: 'gov-a', completedOn: '2021-05-01', narrative: '—', evidence: [] },
        occurredAt: at('2021-05-01'),
      },
      { type: 'CompletionAccepted', data: {}, occurredAt: at('2021-05-03'), actor: { role: 'supervisor' } },
      {
        type: 'DueDateRebaselined',
        data: { newDueDate: '2022-03-31', previousDueDate: '2021-12-31', reason: '—' },
        occurredAt: at('2021-06-01'),
      },
    ]);
    expect(s.map((a) => [a.key, a.lifecycle, a.percent, a.dueDate])).toEqual([
      ['gov-a', 'accepted', 100, '2021-12-31'],
      ['gov-b', 'in_progress', 40, '2022-03-31'],
      ['gov-c', 'in_progress', 20, '2022-03-31'],
    ]);
  });

  it('keeps a milestone cancelled as a whole cancelled: a lead unit a revised plan adds is cancelled with it', () => {
    const events: MilestoneEvent[] = [
      planned,
      {
        type: 'CompletionSubmitted',
        data: { assignment: 'gov-a', completedOn: '2021-05-01', narrative: '—', evidence: [] },
        occurredAt: at('2021-05-01'),
      },
      { type: 'CompletionAccepted', data: { assignment: 'gov-a' }, occurredAt: at('2021-05-03') },
      {
        type: 'MilestoneCancelled',
        data: { reason: '—', wholeMilestone: true },
        occurredAt: at('2021-06-01'),
      },
      {
        type: 'MilestoneRevised',
        data: {
          text: '2021年',
          dueDate: '2021-12-31',
          indicators: [],
          previousText: '2021年',
          leadUnits: ['gov-a', 'gov-b', 'gov-c', 'gov-d'],
          leadMode: 'separately',
        },
        occurredAt: at('2021-07-01'),
      },
    ];
    expect(ours(foldFacts(events))).toEqual(domainAssignments(events));
    expect(foldFacts(events).map((a) => [a.key, a.lifecycle, a.cancelledWithMilestone])).toEqual([
      ['gov-a', 'accepted', false],
      ['gov-b', 'cancelled', true],
      ['gov-c', 'cancelled', true],
      ['gov-d', 'cancelled', true],
    ]);
  });

  it('keeps the later report when a backdated one arrives, as the domain does', () => {
    const rng = seededRandom(1);
    const [planned] = randomMilestoneStream(rng, { milestoneId: 'm', events: 0 });
    const [s] = foldFacts([
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
    const r = evolveMilestoneFacts(
      [],
      {
        event: {
          type: 'ProgressReported',
          data: { percent: 10, narrative: '—' },
          occurredAt: '2021-06-01T02:00:00Z',
        },
        occurredMs: Date.parse('2021-06-01T02:00:00Z'),
        backdated: false,
      },
      (ms) => days.dayOf(ms),
    );
    expect(r).toEqual({ assignments: [], concerned: [] });
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
