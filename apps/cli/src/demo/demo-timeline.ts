import { addDays, daysBetween, type IsoDate } from '@app/platform';
import { at, maxDay } from './demo-calendar';
import type { AssignmentRun, Course } from './demo-course';
import type { DemoActor, Draft } from './demo-model';
import {
  CANCEL_REASONS,
  DELAY_REASONS,
  narrativeBand,
  PROGRESS_NARRATIVES,
  REBASELINE_REASONS,
  SIMULATED_MARK,
  STALL_NARRATIVES,
  TARGET_REVISION_REASONS,
} from './demo-texts';

type TimelineKind = 'report' | 'delay' | 'revise' | 'rebaseline' | 'cancel';

const COUNTED_UNITS = new Set(['个', '条', '家', '场', '亩', '项', '所', '座', '宗', '村']);

export function indicatorValue(target: number, unit: string, factor: number): number {
  const v = target * factor;
  if (COUNTED_UNITS.has(unit) && Number.isInteger(target)) return Math.max(0, Math.round(v));
  return Math.round(v * 100) / 100;
}

/** The days the unit reports on: one a month (18th–27th), with gaps as its diligence has them. */
function reportDays({ r, m }: AssignmentRun, c: Course): IsoDate[] {
  const days: IsoDate[] = [];
  for (let month = 0; month < 12 * 6;) {
    const mm = (month % 12) + 1;
    const year = m.period.from + Math.floor(month / 12);
    const day: IsoDate = `${year}-${String(mm).padStart(2, '0')}-${String(r.int(18, 27)).padStart(2, '0')}`;
    month++;
    if (day > c.reportUntil) break;
    const skip =
      c.diligence === 'irregular'
        ? r.chance(0.35)
        : c.diligence === 'sparse'
          ? mm % 3 !== 0 || r.chance(0.15)
          : false;
    if (!skip && day >= c.start) days.push(day);
  }
  return days;
}

/** Everything before the claim, by day: reports, a delay report, a revised target, a re-baseline, a cancellation. */
function timeline(run: AssignmentRun, c: Course): { day: IsoDate; kind: TimelineKind }[] {
  const { r, simulationEnd } = run;
  return [
    ...reportDays(run, c).map((day) => ({ day, kind: 'report' as const })),
    ...(c.delayOn && c.delayOn <= c.reportUntil ? [{ day: c.delayOn, kind: 'delay' as const }] : []),
    ...(c.reviseOn && c.reviseOn <= simulationEnd && c.reviseOn > c.start
      ? [{ day: c.reviseOn, kind: 'revise' as const }]
      : []),
    ...(c.rebaselineOn ? [{ day: c.rebaselineOn, kind: 'rebaseline' as const }] : []),
    ...(c.cancelOn ? [{ day: addDays(c.cancelOn, r.int(5, 20)), kind: 'cancel' as const }] : []),
  ].sort((a, b) => (a.day === b.day ? a.kind.localeCompare(b.kind) : a.day < b.day ? -1 : 1));
}

/** What the reports so far have said: the percent, the forecast, the indicator actuals. */
interface Reported {
  percent: number;
  lastForecast: IsoDate | null;
  reports: number;
  readonly actuals: Map<string, number>;
}

function progressDraft(run: AssignmentRun, c: Course, s: Reported, day: IsoDate, occurredAt: string): Draft {
  const { r, indicators } = run;
  const pace = Math.min(1, daysBetween(c.start, day) / c.paceDays);
  const drawn = Math.round(100 * pace * (0.93 + r.next() * 0.12));
  s.percent = Math.max(s.percent, Math.min(c.outcome === 'missed' ? c.stallAt : 95, Math.max(1, drawn)));
  const stalled = c.outcome === 'missed' && s.percent >= c.stallAt;
  // A cooperating unit reports context now and then (naming the assignment on a 分别牵头 milestone).
  const actor: DemoActor =
    run.coops.length > 0 && r.chance(0.15) ? { role: 'reporter', unit: r.pick(run.coops) } : run.leadActor;
  const base = stalled
    ? r.pick(STALL_NARRATIVES)
    : r
        .pick(PROGRESS_NARRATIVES[narrativeBand(s.percent)] ?? PROGRESS_NARRATIVES[0]!)
        .replace('{task}', run.task);
  const withActuals = indicators.length > 0 && (s.reports % 3 === 2 || r.chance(0.2));
  const late = s.reports > 0 && r.chance(0.06);
  const fileAt = late ? at(addDays(day, r.int(35, 75)), r) : undefined;
  const indicatorActuals = withActuals
    ? indicators.map((i) => {
        const value = indicatorValue(
          i.target,
          i.unit,
          c.finalFactor * (s.percent / 100) * (0.9 + r.next() * 0.1),
        );
        const actual = Math.max(s.actuals.get(i.metric) ?? 0, value);
        s.actuals.set(i.metric, actual);
        return { metric: i.metric, actual };
      })
    : undefined;
  s.reports++;
  return {
    occurredAt,
    ...(fileAt ? { fileAt } : {}),
    actor,
    command: {
      type: 'ReportProgress',
      occurredAt,
      data: {
        ...run.scoped,
        percent: s.percent,
        narrative: `${SIMULATED_MARK}${late ? '（补报）' : ''}${base}`,
        ...(s.lastForecast && s.lastForecast >= day ? { forecastDate: s.lastForecast } : {}),
        ...(indicatorActuals ? { indicatorActuals } : {}),
      },
    },
  };
}

function officeDraft(run: AssignmentRun, c: Course, kind: TimelineKind, occurredAt: string): Draft | null {
  const { r, supervisor, scoped } = run;
  switch (kind) {
    case 'revise': {
      const ind = run.indicators[0]!;
      const newTarget = indicatorValue(ind.target, ind.unit, 0.8);
      if (newTarget === ind.target || newTarget <= 0) return null;
      const reason = `${SIMULATED_MARK}${r.pick(TARGET_REVISION_REASONS)}`;
      return {
        occurredAt,
        actor: supervisor,
        command: {
          type: 'ReviseIndicatorTarget',
          occurredAt,
          data: { ...scoped, metric: ind.metric, newTarget, reason },
        },
      };
    }
    case 'rebaseline': {
      const reason = `${SIMULATED_MARK}${r.pick(REBASELINE_REASONS)}`;
      return {
        occurredAt,
        actor: supervisor,
        command: {
          type: 'RebaselineDueDate',
          occurredAt,
          data: { ...scoped, newDueDate: c.currentDue, reason },
        },
      };
    }
    default: {
      const reason = `${SIMULATED_MARK}${r.pick(CANCEL_REASONS)}`;
      return {
        occurredAt,
        actor: supervisor,
        command: { type: 'CancelMilestone', occurredAt, data: { ...scoped, reason } },
      };
    }
  }
}

/** The drafts before the claim, and the indicator actuals reported by then. */
export function timelineDrafts(
  run: AssignmentRun,
  c: Course,
): { drafts: Draft[]; actuals: ReadonlyMap<string, number> } {
  const s: Reported = { percent: 0, lastForecast: null, reports: 0, actuals: new Map() };
  const drafts: Draft[] = [];
  for (const e of timeline(run, c)) {
    const occurredAt = at(e.day, run.r);
    if (e.kind === 'report') {
      drafts.push(progressDraft(run, c, s, e.day, occurredAt));
    } else if (e.kind === 'delay') {
      const forecastDate = maxDay(c.forecast, addDays(e.day, 30));
      s.lastForecast = forecastDate;
      const reason = `${SIMULATED_MARK}${run.r.pick(DELAY_REASONS)}`;
      drafts.push({
        occurredAt,
        actor: run.leadActor,
        command: { type: 'ReportDelay', occurredAt, data: { ...run.scoped, reason, forecastDate } },
      });
    } else {
      const draft = officeDraft(run, c, e.kind, occurredAt);
      if (draft) drafts.push(draft);
    }
  }
  return { drafts, actuals: s.actuals };
}
