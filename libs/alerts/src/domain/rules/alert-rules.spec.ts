import { fold, type MilestoneEvent } from '@app/milestones';
import {
  aCompletionAccepted,
  aCompletionSubmitted,
  aDelayReported,
  aDueDateRebaselined,
  aMilestonePlanned,
  anIndicatorTargetRevised,
  aProgressReported,
} from '@app/milestones/testing';
import { foldAlertStream, type AlertEpisode, type TimedAlertEvent } from '../alert';
import {
  evaluateEvent,
  evaluateResolutions,
  evaluateScan,
  scanConditions,
  type AlertDecision,
} from '../evaluate';
import type { RuleSettings } from '../subject';
import { meetsTarget, targetLowered } from './index';

const cfg: RuleSettings = {
  dueSoonDays: [30, 7],
  overdueRepeatDays: 7,
  escalationDays: 14,
  disabledRules: [],
  health: { redBelow: 0.85, amberBelow: 0.95, amberDueWithinWorkingDays: 10, reportCadenceDays: 31 },
};
const M = 'sanqu-2020.T05-2021';
const at = (day: string) => `${day}T02:00:00.000Z`;
const planned = aMilestonePlanned({}, { occurredAt: '2020-12-31T16:00:00.000Z' });
/** A milestone reported on track every month of 2021 up to `until`. */
function onTrack(until: string): MilestoneEvent[] {
  const out: MilestoneEvent[] = [planned];
  for (let m = 1; m <= 12; m++) {
    const day = `2021-${String(m).padStart(2, '0')}-20`;
    if (day > until) break;
    out.push(aProgressReported({ percent: Math.min(99, m * 9) }, { occurredAt: at(day) }));
  }
  return out;
}

/** The episodes that a list of decisions (in order) produce, as an alert stream would hold them. */
function episodesAfter(
  decisions: readonly AlertDecision[],
  ack?: { alertId: string; at: string },
): Map<string, AlertEpisode> {
  const byKey = new Map<string, TimedAlertEvent[]>();
  for (const d of decisions) {
    const type = (
      {
        raise: 'AlertRaised',
        repeat: 'AlertRepeated',
        escalate: 'AlertEscalated',
        resolve: 'AlertResolved',
        restate: 'AlertRestated',
      } as const
    )[d.kind];
    byKey.set(d.key, [
      ...(byKey.get(d.key) ?? []),
      { type, data: d.data, occurredAt: at(d.data.asOf) } as TimedAlertEvent,
    ]);
  }
  const out = new Map<string, AlertEpisode>();
  for (const [key, events] of byKey) {
    if (ack && ack.alertId.startsWith(key)) {
      events.push({
        type: 'AlertAcknowledged',
        data: {
          alertId: ack.alertId,
          episode: 1,
          by: { tokenId: 't', tokenName: '督查室', role: 'supervisor' },
        },
        occurredAt: ack.at,
      });
    }
    const eps = foldAlertStream(events);
    const latest = [...eps.values()].sort((a, b) => b.episode - a.episode)[0];
    if (latest) out.set(key, latest);
  }
  return out;
}

describe('time-based rules (scan at a date)', () => {
  it('due soon: the 30-day reminder between 30 and 8 days before, the 7-day one from 7 days to the due date', () => {
    const s = fold(onTrack('2021-12-31'));
    expect(scanConditions(s, '2021-11-30', cfg).map((c) => c.key)).toEqual([]); // 31 days to go
    expect(scanConditions(s, '2021-12-01', cfg).map((c) => [c.key, c.level])).toEqual([
      [`due_soon:${M}:2021-12-31-30d`, 'info'],
    ]);
    expect(scanConditions(s, '2021-12-24', cfg).map((c) => [c.key, c.level])).toEqual([
      [`due_soon:${M}:2021-12-31-7d`, 'warning'],
    ]);
    expect(scanConditions(s, '2021-12-31', cfg).map((c) => c.rule)).toEqual(['due_soon']);
  });

  it('a submitted milestone is not due soon; overdue from the day after the due date, submitted or not', () => {
    const submitted = fold([
      ...onTrack('2021-11-30'),
      aCompletionSubmitted({ completedOn: '2021-12-10' }, { occurredAt: at('2021-12-10') }),
    ]);
    expect(scanConditions(submitted, '2021-12-24', cfg)).toEqual([]);
    const late = fold(onTrack('2021-12-31'));
    expect(scanConditions(late, '2021-12-31', cfg).map((c) => c.rule)).toEqual(['due_soon']);
    const next = scanConditions(late, '2022-01-01', cfg);
    expect(next.map((c) => [c.key, c.level, c.reasons[0]!.zh])).toEqual([
      [`overdue:${M}:2021-12-31`, 'critical', '已逾期1天（截止日期2021-12-31）'],
    ]);
  });

  it('behind schedule below 85% of the linear expectation; no report within the cadence', () => {
    const s = fold([planned, aProgressReported({ percent: 15 }, { occurredAt: at('2021-03-05') })]);
    // 2021-03-31: 89 of 364 days → 24.5 % expected; 15 % < 85 % of it
    expect(scanConditions(s, '2021-03-31', cfg).map((c) => [c.rule, c.reasons[0]!.zh])).toEqual([
      ['behind_schedule', '进度15%，低于预期进度24.5%的85%'],
    ]);
    const silent = fold([planned]);
    expect(scanConditions(silent, '2021-01-31', cfg)).toEqual([]); // 30 days since the period began
    expect(scanConditions(silent, '2021-02-28', cfg).map((c) => c.key)).toEqual([
      `no_report:${M}:2021-01-01`,
    ]);
  });

  it('indicator shortfall once submitted (or overdue) with a value below the target', () => {
    const s = fold([
      ...onTrack('2021-11-30'),
      aCompletionSubmitted(
        { completedOn: '2021-12-20', indicatorActuals: [{ metric: '引进投资超亿元产业项目', actual: 45 }] },
        { occurredAt: at('2021-12-20') },
      ),
    ]);
    expect(scanConditions(s, '2021-12-31', cfg).map((c) => [c.key, c.reasons[0]!.zh])).toEqual([
      [`indicator_shortfall:${M}:i0`, '指标“引进投资超亿元产业项目”实际45个，未达到目标50个'],
    ]);
  });

  it('overdue: raised once, escalated after N days without acknowledgement, then repeated weekly; acknowledgement stops both', () => {
    const s = fold(onTrack('2021-12-31'));
    const d1 = evaluateScan(s, new Map(), '2022-01-05', cfg);
    expect(d1.map((d) => [d.kind, d.key])).toEqual([['raise', `overdue:${M}:2021-12-31`]]);
    const e1 = episodesAfter(d1);
    // The same date again: nothing.
    expect(evaluateScan(s, e1, '2022-01-05', cfg)).toEqual([]);
    // 6 days later: no repeat yet; 7 days later: the weekly repeat.
    expect(evaluateScan(s, e1, '2022-01-11', cfg)).toEqual([]);
    const d2 = evaluateScan(s, e1, '2022-01-12', cfg);
    expect(d2.map((d) => d.kind)).toEqual(['repeat']);
    const e2 = episodesAfter([...d1, ...d2]);
    // 14 days overdue on 2022-01-14: escalation (not a repeat on the same run).
    const d3 = evaluateScan(s, e2, '2022-01-14', cfg);
    expect(d3.map((d) => [d.kind, d.data])).toEqual([
      [
        'escalate',
        {
          alertId: `overdue:${M}:2021-12-31:1`,
          episode: 1,
          asOf: '2022-01-14',
          daysOverdue: 14,
          afterDays: 14,
        },
      ],
    ]);
    const e3 = episodesAfter([...d1, ...d2, ...d3]);
    expect(evaluateScan(s, e3, '2022-01-21', cfg).map((d) => d.kind)).toEqual(['repeat']);
    const acked = episodesAfter([...d1, ...d2, ...d3], {
      alertId: `overdue:${M}:2021-12-31:1`,
      at: at('2022-01-15'),
    });
    expect(evaluateScan(s, acked, '2022-01-21', cfg)).toEqual([]);
    expect(evaluateScan(s, acked, '2022-03-01', cfg)).toEqual([]);
  });

  it('no escalation on the day the alert is raised, however late the first scan', () => {
    const s = fold(onTrack('2021-12-31'));
    expect(evaluateScan(s, new Map(), '2022-03-01', cfg).map((d) => d.kind)).toEqual(['raise']);
  });

  it('resolves when the condition clears (accepted; due date moved), and raises the next episode if it returns', () => {
    const base = onTrack('2021-12-31');
    const d1 = evaluateScan(fold(base), new Map(), '2022-01-05', cfg);
    const e1 = episodesAfter(d1);
    const accepted = fold([
      ...base,
      aCompletionSubmitted({ completedOn: '2022-01-20' }, { occurredAt: at('2022-01-20') }),
      aCompletionAccepted({}, { occurredAt: at('2022-01-25') }),
    ]);
    const r = evaluateScan(accepted, e1, '2022-01-31', cfg);
    expect(r.map((d) => [d.kind, d.kind === 'resolve' ? d.data.reason.code : ''])).toEqual([
      ['resolve', 'accepted'],
    ]);

    const behind = [planned, aProgressReported({ percent: 15 }, { occurredAt: at('2021-03-05') })];
    const b1 = evaluateScan(fold(behind), new Map(), '2021-03-31', cfg);
    const caughtUp = [...behind, aProgressReported({ percent: 40 }, { occurredAt: at('2021-04-15') })];
    const b2 = evaluateScan(fold(caughtUp), episodesAfter(b1), '2021-04-30', cfg);
    expect(b2.map((d) => d.kind)).toEqual(['resolve']);
    const again = [...caughtUp, aProgressReported({ percent: 41 }, { occurredAt: at('2021-07-15') })];
    const b3 = evaluateScan(fold(again), episodesAfter([...b1, ...b2]), '2021-07-31', cfg);
    expect(b3.map((d) => [d.kind, d.data.alertId])).toEqual([['raise', `behind_schedule:${M}::2`]]);
  });

  it('disabled rules raise nothing', () => {
    const s = fold([planned]);
    expect(evaluateScan(s, new Map(), '2021-02-28', { ...cfg, disabledRules: ['no_report'] })).toEqual([]);
  });
});

describe('event-driven rules', () => {
  const run = (events: MilestoneEvent[], latest = new Map<string, AlertEpisode>()): AlertDecision[] => {
    const last = events[events.length - 1]!;
    return evaluateEvent(
      fold(events.slice(0, -1)),
      fold(events),
      { ...last, version: events.length },
      latest,
      last.occurredAt.slice(0, 10),
      cfg,
    );
  };

  it('a delay reported alerts at once, one alert per report', () => {
    const d = run([
      planned,
      aDelayReported(
        { reason: '征地拆迁未完成', forecastDate: '2022-02-28' },
        { occurredAt: at('2021-11-10') },
      ),
    ]);
    expect(d.map((x) => [x.kind, x.key, x.kind === 'raise' ? x.data.reasons[0]!.zh : ''])).toEqual([
      [
        'raise',
        `delay_reported:${M}:v2`,
        '报告延期：征地拆迁未完成；预计完成日期2022-02-28，晚于截止日期2021-12-31',
      ],
    ]);
  });

  it('a forecast after the due date alerts once per forecast date', () => {
    const first = [
      planned,
      aProgressReported({ percent: 50, forecastDate: '2022-01-31' }, { occurredAt: at('2021-10-10') }),
    ];
    expect(run(first).map((x) => x.key)).toEqual([`forecast_after_due:${M}:2022-01-31`]);
    const same = [
      ...first,
      aProgressReported({ percent: 60, forecastDate: '2022-01-31' }, { occurredAt: at('2021-11-10') }),
    ];
    expect(run(same)).toEqual([]);
    const slipped = [
      ...same,
      aProgressReported({ percent: 65, forecastDate: '2022-03-31' }, { occurredAt: at('2021-12-10') }),
    ];
    expect(run(slipped).map((x) => x.key)).toEqual([`forecast_after_due:${M}:2022-03-31`]);
  });

  it('the plan slipping: due date moved later, target lowered (not raised)', () => {
    expect(
      run([planned, aDueDateRebaselined({}, { occurredAt: at('2021-06-01') })]).map((x) => x.key),
    ).toEqual([`due_date_moved_later:${M}:v2`]);
    expect(
      run([planned, aDueDateRebaselined({ newDueDate: '2021-10-31' }, { occurredAt: at('2021-06-01') })]),
    ).toEqual([]);
    expect(
      run([planned, anIndicatorTargetRevised({}, { occurredAt: at('2021-06-01') })]).map((x) => x.key),
    ).toEqual([`target_lowered:${M}:v2`]);
    expect(
      run([planned, anIndicatorTargetRevised({ newTarget: 60 }, { occurredAt: at('2021-06-01') })]),
    ).toEqual([]);
  });

  it('a submission resolves a delay alert; the overdue alert stays until acceptance', () => {
    const events = [
      ...onTrack('2021-11-30'),
      aDelayReported({ forecastDate: '2022-02-28' }, { occurredAt: at('2021-11-25') }),
    ];
    const delay = run(events);
    const overdue = evaluateScan(fold(events), new Map(), '2022-01-05', cfg).filter(
      (d) => d.kind === 'raise',
    );
    const open = [...episodesAfter([...delay, ...overdue]).values()];
    const submitted = [
      ...events,
      aCompletionSubmitted({ completedOn: '2022-02-10' }, { occurredAt: at('2022-02-10') }),
    ];
    const r = evaluateResolutions(open, () => fold(submitted), '2022-02-10', cfg);
    expect(r.map((d) => [d.key.split(':')[0], d.kind === 'resolve' ? d.data.reason.code : ''])).toEqual([
      ['delay_reported', 'submitted'],
    ]);
  });
});

describe('comparators', () => {
  it('meets and lowers targets by comparator', () => {
    expect(meetsTarget(5, '>=', 7)).toBe(false);
    expect(meetsTarget(7, '>=', 7)).toBe(true);
    expect(meetsTarget(26, '~', 27.05)).toBe(true);
    expect(meetsTarget(3, '<=', 2)).toBe(false);
    expect(targetLowered('>=', 50, 40)).toBe(true);
    expect(targetLowered('<=', 5, 8)).toBe(true);
    expect(targetLowered('>=', 50, 60)).toBe(false);
  });
});
