import { addDays, type HealthThresholds, type IsoDate } from '@app/platform';
import { healthAt } from './health';
import {
  healthBreakpoints,
  healthHistory,
  healthSteps,
  type FactsSnapshot,
  type HealthChange,
} from './health-history';
import { isTerminalLifecycle, type MilestoneLifecycle } from '../domain/state/lifecycle';
import type { AssessmentFacts } from './milestone-facts';
import { aMilestoneFacts } from './testing/milestone-facts.builder';
import { workingCalendar } from './working-days';

const THRESHOLDS: HealthThresholds = {
  redBelow: 0.85,
  amberBelow: 0.95,
  amberDueWithinWorkingDays: 10,
  reportCadenceDays: 31,
};

const range = (from: IsoDate, days: number): IsoDate[] =>
  Array.from({ length: days }, (_, i) => addDays(from, i));
/** Public holidays on the mainland calendar, 2020–2022 (weekend days included where they were declared). */
const HOLIDAYS: IsoDate[] = [
  '2020-01-01',
  ...range('2020-01-24', 10),
  '2020-04-06',
  ...range('2020-05-01', 5),
  ...range('2020-06-25', 3),
  ...range('2020-10-01', 8),
  '2021-01-01',
  ...range('2021-02-11', 7),
  ...range('2021-04-03', 3),
  ...range('2021-05-01', 5),
  ...range('2021-06-12', 3),
  ...range('2021-09-19', 3),
  ...range('2021-10-01', 7),
  ...range('2022-01-01', 3),
  ...range('2022-01-31', 7),
  ...range('2022-04-03', 3),
  ...range('2022-04-30', 5),
  ...range('2022-06-03', 3),
  ...range('2022-09-10', 3),
  ...range('2022-10-01', 7),
];

const summary = (changes: readonly HealthChange[]) =>
  changes.map((c) => ({
    on: c.effectiveOn,
    from: c.previousColour,
    to: c.colour,
    reasons: c.reasons.map((r) => r.code),
  }));

const at = (effectiveOn: IsoDate, facts: AssessmentFacts): FactsSnapshot => ({ effectiveOn, facts });

describe('healthHistory', () => {
  it('follows one milestone green → amber → red → green, with dates and reasons', () => {
    // 上半年 milestone due Wednesday 2021-06-30; the unit reports monthly, ahead of the linear expectation.
    const base = aMilestoneFacts({ baselineDueDate: '2021-06-30' });
    const report = (on: IsoDate, percent: number, extra: Partial<AssessmentFacts> = {}) =>
      at(on, { ...base, lifecycle: 'in_progress', percent, lastReportOn: on, ...extra });
    const timeline = [
      at('2021-01-01', { ...base, lifecycle: 'planned' }),
      report('2021-01-29', 30),
      report('2021-02-26', 50),
      report('2021-03-26', 70),
      report('2021-04-23', 90),
      report('2021-05-21', 95, { forecastDate: '2021-06-25' }),
      report('2021-06-18', 98, { forecastDate: '2021-06-30' }),
      report('2021-07-05', 100, { lifecycle: 'submitted', submittedOn: '2021-07-05' }),
      at('2021-07-12', {
        ...base,
        lifecycle: 'accepted',
        percent: 100,
        lastReportOn: '2021-07-05',
        submittedOn: '2021-07-05',
        acceptedOn: '2021-07-12',
      }),
    ];

    const changes = healthHistory(timeline, '2021-01-01', '2021-12-31', THRESHOLDS, HOLIDAYS);

    expect(summary(changes)).toEqual([
      { on: '2021-01-01', from: null, to: 'green', reasons: ['on_track'] },
      // Ten working days before the due date (the Dragon Boat holiday on 06-14 is before the window).
      { on: '2021-06-16', from: 'green', to: 'amber', reasons: ['due_soon'] },
      // The day after the due date: overdue, and it stays overdue after the late submission on 07-05.
      { on: '2021-07-01', from: 'amber', to: 'red', reasons: ['overdue'] },
      { on: '2021-07-12', from: 'red', to: 'green', reasons: ['accepted'] },
    ]);
    expect(changes[1]?.reasons[0]?.zh).toBe('10个工作日内到期（截止日期2021-06-30），尚未提交完成');
    expect(changes[2]?.reasons[0]?.zh).toBe('已逾期1天（截止日期2021-06-30）');
    expect(changes[3]?.reasons[0]?.zh).toBe('已于2021-07-12销号（逾期5天完成）');
  });

  it('records changes caused by the passage of time alone', () => {
    // One report on 2021-04-01: 22 % when 24.7 % was expected, then silence.
    const facts = aMilestoneFacts({ percent: 22, lastReportOn: '2021-04-01' });
    const changes = healthHistory(
      [at('2021-04-01', facts)],
      '2021-01-01',
      '2022-12-31',
      THRESHOLDS,
      HOLIDAYS,
    );

    expect(summary(changes)).toEqual([
      { on: '2021-04-01', from: null, to: 'amber', reasons: ['slightly_behind'] },
      // 22 < 0.85 × expected from day 95 of the period (expected 26.1 %).
      { on: '2021-04-06', from: 'amber', to: 'red', reasons: ['behind_schedule'] },
      // 32 days after the last report.
      { on: '2021-05-03', from: 'red', to: 'grey', reasons: ['no_recent_report'] },
      // Overdue beats grey.
      { on: '2022-01-01', from: 'grey', to: 'red', reasons: ['overdue', 'behind_schedule'] },
    ]);
    expect(changes[1]?.reasons[0]?.zh).toBe('进度22%，低于预期进度26.1%的85%');
  });

  it('keeps a red that caught up amber until it is accepted', () => {
    const base = aMilestoneFacts();
    const timeline = [
      at('2021-03-01', { ...base, percent: 5, lastReportOn: '2021-03-01' }),
      at('2021-03-20', { ...base, percent: 30, lastReportOn: '2021-03-20' }),
      at('2021-04-10', {
        ...base,
        lifecycle: 'submitted',
        percent: 100,
        lastReportOn: '2021-04-10',
        submittedOn: '2021-04-10',
      }),
      at('2021-04-20', {
        ...base,
        lifecycle: 'accepted',
        percent: 100,
        lastReportOn: '2021-04-10',
        submittedOn: '2021-04-10',
        acceptedOn: '2021-04-20',
      }),
    ];
    expect(summary(healthHistory(timeline, '2021-01-01', '2021-12-31', THRESHOLDS, HOLIDAYS))).toEqual([
      { on: '2021-03-01', from: null, to: 'red', reasons: ['behind_schedule'] },
      { on: '2021-03-20', from: 'red', to: 'amber', reasons: ['recovering_from_red'] },
      { on: '2021-04-20', from: 'amber', to: 'green', reasons: ['accepted'] },
    ]);

    // Asked from a later date, the red before the range is still remembered.
    expect(summary(healthHistory(timeline, '2021-04-01', '2021-12-31', THRESHOLDS, HOLIDAYS))).toEqual([
      { on: '2021-04-01', from: null, to: 'amber', reasons: ['recovering_from_red'] },
      { on: '2021-04-20', from: 'amber', to: 'green', reasons: ['accepted'] },
    ]);
  });

  it('turns an overdue milestone amber, not green, when its due date is moved later', () => {
    const base = aMilestoneFacts({ baselineDueDate: '2021-06-30', percent: 60, lastReportOn: '2021-06-20' });
    const timeline = [
      at('2021-06-20', base),
      at('2021-07-05', { ...base, dueDate: '2021-09-30', percent: 80, lastReportOn: '2021-07-05' }),
    ];
    expect(summary(healthHistory(timeline, '2021-06-20', '2021-07-31', THRESHOLDS, HOLIDAYS))).toEqual([
      // 60 % when 94.4 % was expected.
      { on: '2021-06-20', from: null, to: 'red', reasons: ['behind_schedule'] },
      { on: '2021-07-01', from: 'red', to: 'red', reasons: ['overdue', 'behind_schedule'] },
      // Due 2021-09-30 now, 80 % against 68 % expected: on pace, but it was red.
      { on: '2021-07-05', from: 'red', to: 'amber', reasons: ['recovering_from_red'] },
    ]);
  });

  it('returns nothing for an empty timeline or an empty range', () => {
    expect(healthHistory([], '2021-01-01', '2021-12-31', THRESHOLDS, HOLIDAYS)).toEqual([]);
    expect(
      healthHistory([at('2021-01-01', aMilestoneFacts())], '2021-12-31', '2021-01-01', THRESHOLDS),
    ).toEqual([]);
  });

  it('gives the same changes as evaluating every day, on randomised histories', () => {
    const random = mulberry32(20210630);
    const calendar = workingCalendar(HOLIDAYS);
    for (let n = 0; n < 250; n++) {
      const timeline = randomTimeline(random);
      const from = addDays('2019-12-01', Math.floor(random() * 800));
      const to = addDays(from, Math.floor(random() * 700));
      const fast = healthHistory(timeline, from, to, THRESHOLDS, calendar);
      const slow = dailyHealthHistory(timeline, from, to, THRESHOLDS, calendar);
      expect({ n, changes: fast }).toEqual({ n, changes: slow });
    }
  });

  it('words every reason in both languages from its figures, and stores the same steps without the words', () => {
    const random = mulberry32(20221231);
    const calendar = workingCalendar(HOLIDAYS);
    const seen = new Set<string>();
    for (let n = 0; n < 250; n++) {
      const timeline = randomTimeline(random);
      const worded = healthHistory(timeline, '2019-12-01', '2023-06-30', THRESHOLDS, calendar);
      const steps = healthSteps(timeline, '2019-12-01', '2023-06-30', THRESHOLDS, calendar);
      expect(steps.map((c) => [c.effectiveOn, c.colour, c.codes])).toEqual(
        worded.map((c) => [c.effectiveOn, c.colour, c.reasons.map((r) => r.code).join(',')]),
      );
      for (const r of worded.flatMap((c) => c.reasons)) {
        seen.add(r.code);
        expect({ code: r.code, zh: r.zh, en: r.en }).toEqual({
          code: r.code,
          zh: expect.not.stringMatching(/undefined|NaN|null|^$/),
          en: expect.not.stringMatching(/undefined|NaN|null|^$/),
        });
        expect(r.zh).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    expect(seen.size).toBeGreaterThanOrEqual(10);
  });
});

describe('healthBreakpoints', () => {
  it('lists the dates on which the health of unchanging facts can change', () => {
    const facts = aMilestoneFacts({ percent: 22, lastReportOn: '2021-04-01' });
    expect(healthBreakpoints(facts, THRESHOLDS, HOLIDAYS)).toEqual([
      '2021-01-01', // period start
      '2021-03-27', // 22 < 0.95 × expected
      '2021-04-06', // 22 < 0.85 × expected
      '2021-05-03', // cadence lapses
      '2021-12-17', // ten working days before the due date
      '2021-12-31', // due date
      '2022-01-01', // overdue
    ]);
    expect(healthBreakpoints({ ...facts, lifecycle: 'accepted' }, THRESHOLDS, HOLIDAYS)).toEqual([]);
  });
});

/** The oracle: evaluate every day, carrying the red flag the same way. */
function dailyHealthHistory(
  timeline: readonly FactsSnapshot[],
  from: IsoDate,
  to: IsoDate,
  thresholds: HealthThresholds,
  holidays: ReturnType<typeof workingCalendar>,
): HealthChange[] {
  const sorted = [...timeline].sort((a, b) =>
    a.effectiveOn < b.effectiveOn ? -1 : a.effectiveOn > b.effectiveOn ? 1 : 0,
  );
  const out: HealthChange[] = [];
  const first = sorted[0];
  if (first === undefined || from > to) return out;
  let flag: IsoDate | null = null;
  let last: { colour: HealthChange['colour']; codes: string } | null = null;
  for (let d = first.effectiveOn; d <= to; d = addDays(d, 1)) {
    const snapshot = sorted.filter((s) => s.effectiveOn <= d).pop()!;
    const own = snapshot.facts.redFlagSince ?? null;
    const since = own === null ? flag : flag === null ? own : own < flag ? own : flag;
    const health = healthAt({ ...snapshot.facts, redFlagSince: since }, d, thresholds, holidays);
    if (health.colour === 'red' && flag === null) flag = d;
    if (isTerminalLifecycle(snapshot.facts.lifecycle)) flag = null;
    if (d < from) continue;
    const codes = health.reasons.map((r) => r.code).join(',');
    if (last === null || last.colour !== health.colour || last.codes !== codes) {
      out.push({
        effectiveOn: d,
        colour: health.colour,
        reasons: health.reasons,
        previousColour: last?.colour ?? null,
      });
    }
    last = { colour: health.colour, codes };
  }
  return out;
}

function randomTimeline(random: () => number): FactsSnapshot[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const fromYear = pick([2020, 2021, 2022]);
  const toYear = pick([fromYear, fromYear, Math.min(2022, fromYear + 1), 2022]);
  const baselineDueDate = `${toYear}-${pick(['06-30', '12-31', '09-30', '03-31'])}`;
  const dueDate =
    random() < 0.25 ? addDays(baselineDueDate, Math.floor(random() * 150) - 30) : baselineDueDate;
  const count = 1 + Math.floor(random() * 6);
  let day = addDays(`${fromYear - 1}-11-01`, Math.floor(random() * 400));
  const timeline: FactsSnapshot[] = [];
  for (let i = 0; i < count; i++) {
    day = addDays(day, Math.floor(random() * 200));
    const lifecycle: MilestoneLifecycle = pick([
      'planned',
      'in_progress',
      'in_progress',
      'in_progress',
      'submitted',
      'returned',
      'accepted',
      'cancelled',
      'withdrawn',
    ]);
    const reportGap = Math.floor(random() * 60);
    timeline.push({
      effectiveOn: day,
      facts: {
        period: { from: fromYear, to: toYear },
        baselineDueDate,
        dueDate: random() < 0.2 ? addDays(dueDate, 60) : dueDate,
        lifecycle,
        percent: random() < 0.2 ? null : Math.round(random() * 1000) / 10,
        forecastDate: random() < 0.7 ? null : addDays(dueDate, Math.floor(random() * 60) - 30),
        lastReportOn: random() < 0.2 ? null : addDays(day, -reportGap),
        submittedOn:
          lifecycle === 'submitted' || lifecycle === 'accepted'
            ? addDays(day, -Math.floor(random() * 10))
            : null,
        acceptedOn: lifecycle === 'accepted' ? day : null,
        redFlagSince: random() < 0.1 ? addDays(day, -Math.floor(random() * 30)) : null,
      },
    });
  }
  return timeline;
}

/** Small seeded PRNG so the randomised comparison is reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
