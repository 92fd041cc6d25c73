import { createHash } from 'node:crypto';
import { addDays, daysBetween, type IsoDate } from '@app/platform';
import type { MilestoneCommand } from '@app/milestones';
import { prng, type Prng } from './prng';
import {
  ACCEPT_NOTES,
  CANCEL_REASONS,
  COMPLETION_NARRATIVES,
  DELAY_REASONS,
  narrativeBand,
  PROGRESS_NARRATIVES,
  REBASELINE_REASONS,
  RESUBMISSION_NARRATIVES,
  RETURN_REASONS,
  shortTitle,
  SIMULATED_MARK,
  STALL_NARRATIVES,
  TARGET_REVISION_REASONS,
} from './demo-texts';

/** What the simulator needs to know of a planned milestone (a subset of the catalogue's view). */
export interface DemoMilestone {
  readonly id: string;
  readonly taskTitle: string;
  readonly period: { readonly from: number; readonly to: number };
  readonly dueDate: IsoDate;
  readonly indicators: readonly { readonly metric: string; readonly target: number; readonly unit: string }[];
  /** 牵头单位 */
  readonly leadUnits: readonly string[];
  /** 配合单位 */
  readonly cooperatingUnits: readonly string[];
}

/** How a milestone ends in the simulation. */
export type DemoOutcome = 'on_time' | 'late' | 'missed' | 'rebaselined' | 'cancelled';
/** How a lead unit reports: every month, with gaps, or only at quarter ends (grey most of the time). */
export type DemoDiligence = 'monthly' | 'irregular' | 'sparse';

export interface DemoActor {
  readonly role: 'reporter' | 'supervisor';
  readonly unit?: string;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A milestone command without its actor, with the instant it happened. */
export type DemoCommand = DistributiveOmit<MilestoneCommand, 'actor'> & { readonly occurredAt: string };

export interface DemoAction {
  /** Stable and unique: the idempotency key and the source of the event ids. */
  readonly key: string;
  readonly milestoneId: string;
  /**
   * When the simulated person filed it (ISO instant). Equal to `occurredAt` except for simulated late
   * filings (补报), which are filed 35–75 days after they happened and so arrive after later reports.
   */
  readonly fileAt: string;
  readonly actor: DemoActor;
  readonly command: DemoCommand;
}

export interface DemoMilestoneFate {
  readonly outcome: DemoOutcome;
  readonly diligence: DemoDiligence;
  /** Returned once (退回) before being accepted. */
  readonly returned: boolean;
}

export interface DemoScript {
  readonly seed: string;
  /** The last simulated day (reports of 2022 keep arriving in early 2023, as they would). */
  readonly simulationEnd: IsoDate;
  /** Every action, in filing order. */
  readonly actions: readonly DemoAction[];
  /** The month ends at which alerts are scanned, in order. */
  readonly monthEnds: readonly IsoDate[];
  readonly fates: Readonly<Record<string, DemoMilestoneFate>>;
}

export const DEFAULT_DEMO_SEED = 'sanqu-2020';
export const SIMULATION_START: IsoDate = '2020-01-01';
export const SIMULATION_END: IsoDate = '2023-03-31';

/** An instant on a plan-calendar day (Asia/Shanghai), at a time of day drawn from office hours. */
function at(day: IsoDate, r: Prng, hourFrom = 9, hourTo = 17): string {
  const h = String(r.int(hourFrom, hourTo)).padStart(2, '0');
  const m = String(r.int(0, 59)).padStart(2, '0');
  return `${day}T${h}:${m}:00+08:00`;
}

const ms = (instant: string): number => Date.parse(instant);
const dayOf = (instant: string): IsoDate => instant.slice(0, 10);
const minDay = (a: IsoDate, b: IsoDate): IsoDate => (a < b ? a : b);
const maxDay = (a: IsoDate, b: IsoDate): IsoDate => (a > b ? a : b);

function monthEndsBetween(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  for (;;) {
    const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    const end = addDays(next, -1);
    if (end > to) return out;
    out.push(end);
    y = Number(next.slice(0, 4));
    m = Number(next.slice(5, 7));
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Draws the lead unit's reporting habit (independent of the order milestones are listed in). */
export function diligenceOf(seed: string, unitId: string): DemoDiligence {
  const r = prng(seed, 'unit', unitId).next();
  if (r < 0.7) return 'monthly';
  if (r < 0.9) return 'irregular';
  return 'sparse';
}

function outcomeOf(r: Prng): DemoOutcome {
  const x = r.next();
  if (x < 0.02) return 'cancelled';
  if (x < 0.05) return 'rebaselined';
  if (x < 0.62) return 'on_time';
  if (x < 0.84) return 'late';
  return 'missed';
}

const COUNTED_UNITS = new Set(['个', '条', '家', '场', '亩', '项', '所', '座', '宗', '村']);

function indicatorValue(target: number, unit: string, factor: number): number {
  const v = target * factor;
  if (COUNTED_UNITS.has(unit) && Number.isInteger(target)) return Math.max(0, Math.round(v));
  return Math.round(v * 100) / 100;
}

/** One actual per metric (the plan sometimes repeats a metric name; the domain takes each metric once). */
function distinctIndicators(m: DemoMilestone): DemoMilestone['indicators'] {
  const seen = new Set<string>();
  return m.indicators.filter((i) => (seen.has(i.metric) ? false : (seen.add(i.metric), true)));
}

interface Draft {
  readonly occurredAt: string;
  readonly fileAt?: string;
  readonly actor: DemoActor;
  readonly command: DemoCommand;
}

/**
 * The simulated history of one milestone, in the order it happened. Pure: the same seed and milestone give
 * the same drafts, whatever other milestones exist.
 */
function simulateMilestone(
  seed: string,
  m: DemoMilestone,
  simulationEnd: IsoDate,
): { drafts: Draft[]; fate: DemoMilestoneFate } {
  const r = prng(seed, 'milestone', m.id);
  const lead = m.leadUnits[0];
  const start: IsoDate = `${m.period.from}-01-01`;
  const due = m.dueDate;
  const periodDays = Math.max(30, daysBetween(start, due));
  const diligence: DemoDiligence = lead ? diligenceOf(seed, lead) : 'sparse';
  let outcome = outcomeOf(r);
  if (!lead) outcome = 'missed'; // nobody may submit a completion
  const supervisor: DemoActor = { role: 'supervisor' };
  const leadActor: DemoActor = lead ? { role: 'reporter', unit: lead } : supervisor;
  const coops = m.cooperatingUnits.filter((u) => !m.leadUnits.includes(u));
  const indicators = distinctIndicators(m);
  const task = shortTitle(m.taskTitle);
  const drafts: Draft[] = [];

  // When the work is done (C), when it is claimed, and whether the office returns the first claim.
  let completedOn: IsoDate | null = null;
  let currentDue = due;
  let rebaselineOn: IsoDate | null = null;
  let cancelOn: IsoDate | null = null;
  let stallAt = 100;
  switch (outcome) {
    case 'on_time':
      completedOn = addDays(due, -r.int(3, 45));
      break;
    case 'late':
      completedOn = addDays(due, r.int(10, 150));
      break;
    case 'missed':
      stallAt = r.int(35, 85);
      break;
    case 'rebaselined': {
      rebaselineOn = addDays(start, Math.round(periodDays * (0.5 + r.next() * 0.2)));
      currentDue = addDays(due, r.pick([90, 181]));
      completedOn = addDays(currentDue, -r.int(5, 40));
      break;
    }
    case 'cancelled':
      cancelOn = addDays(start, Math.round(periodDays * (0.3 + r.next() * 0.3)));
      break;
  }
  const returned = (outcome === 'on_time' || outcome === 'late') && r.chance(0.12);
  // The pace the unit works at: reaching 100 % on the completion date (or, for a missed one, well after due).
  const paceEnd = completedOn ?? addDays(due, 200);
  const paceDays = Math.max(30, daysBetween(start, paceEnd));
  const submitOn = completedOn ? minDay(addDays(completedOn, r.int(0, 6)), addDays(simulationEnd, 1)) : null;
  const claimed = submitOn !== null && submitOn <= simulationEnd;
  // Reports go on until the claim (or the cancellation), or for a missed milestone a few months past due.
  const reportUntil = claimed
    ? addDays(submitOn, -1)
    : cancelOn
      ? cancelOn
      : outcome === 'missed'
        ? minDay(addDays(due, 30 * r.int(1, 6)), simulationEnd)
        : simulationEnd;

  // A delay report for late and missed milestones, some weeks before the due date (with a reason).
  const delayOn =
    outcome === 'late' || outcome === 'missed'
      ? maxDay(addDays(start, 45), addDays(due, -r.int(25, 100)))
      : null;
  const forecast =
    outcome === 'late' && completedOn ? addDays(completedOn, r.int(-10, 20)) : addDays(due, r.int(90, 180));
  // The office lowers a target now and then on a slipping milestone with indicators.
  const reviseOn =
    (outcome === 'late' || outcome === 'missed') && indicators.length > 0 && r.chance(0.3)
      ? addDays(due, -r.int(40, 120))
      : null;
  // Where the indicators end up (a share of the plan's target): now and then short of it (指标未达标).
  const shortfall = r.chance(0.15);
  const finalFactor = shortfall ? 0.85 + r.next() * 0.12 : 1 + r.next() * 0.2;
  const reportedActual = new Map<string, number>();

  let percent = 0;
  let lastForecast: IsoDate | null = null;
  const reportDays: IsoDate[] = [];
  for (let month = 0; month < 12 * 6;) {
    const mm = (month % 12) + 1;
    const year = m.period.from + Math.floor(month / 12);
    const day: IsoDate = `${year}-${String(mm).padStart(2, '0')}-${String(r.int(18, 27)).padStart(2, '0')}`;
    month++;
    if (day > reportUntil) break;
    const skip =
      diligence === 'irregular'
        ? r.chance(0.35)
        : diligence === 'sparse'
          ? mm % 3 !== 0 || r.chance(0.15)
          : false;
    if (!skip && day >= start) reportDays.push(day);
  }

  const events: { day: IsoDate; kind: 'report' | 'delay' | 'revise' | 'rebaseline' | 'cancel' }[] = [
    ...reportDays.map((day) => ({ day, kind: 'report' as const })),
    ...(delayOn && delayOn <= reportUntil ? [{ day: delayOn, kind: 'delay' as const }] : []),
    ...(reviseOn && reviseOn <= simulationEnd && reviseOn > start
      ? [{ day: reviseOn, kind: 'revise' as const }]
      : []),
    ...(rebaselineOn ? [{ day: rebaselineOn, kind: 'rebaseline' as const }] : []),
    ...(cancelOn ? [{ day: addDays(cancelOn, r.int(5, 20)), kind: 'cancel' as const }] : []),
  ].sort((a, b) => (a.day === b.day ? a.kind.localeCompare(b.kind) : a.day < b.day ? -1 : 1));

  let reports = 0;
  for (const e of events) {
    const occurredAt = at(e.day, r);
    switch (e.kind) {
      case 'report': {
        const elapsed = daysBetween(start, e.day);
        const pace = Math.min(1, elapsed / paceDays);
        const drawn = Math.round(100 * pace * (0.93 + r.next() * 0.12));
        percent = Math.max(percent, Math.min(outcome === 'missed' ? stallAt : 95, Math.max(1, drawn)));
        const stalled = outcome === 'missed' && percent >= stallAt;
        const actor =
          coops.length > 0 && r.chance(0.15) ? { role: 'reporter' as const, unit: r.pick(coops) } : leadActor;
        const base = stalled
          ? r.pick(STALL_NARRATIVES)
          : r
              .pick(PROGRESS_NARRATIVES[narrativeBand(percent)] ?? PROGRESS_NARRATIVES[0]!)
              .replace('{task}', task);
        const withActuals = indicators.length > 0 && (reports % 3 === 2 || r.chance(0.2));
        const late = reports > 0 && r.chance(0.06);
        const fileAt = late ? at(addDays(e.day, r.int(35, 75)), r) : undefined;
        drafts.push({
          occurredAt,
          ...(fileAt ? { fileAt } : {}),
          actor,
          command: {
            type: 'ReportProgress',
            occurredAt,
            data: {
              percent,
              narrative: `${SIMULATED_MARK}${late ? '（补报）' : ''}${base}`,
              ...(lastForecast && lastForecast >= e.day ? { forecastDate: lastForecast } : {}),
              ...(withActuals
                ? {
                    indicatorActuals: indicators.map((i) => {
                      const drawn = indicatorValue(
                        i.target,
                        i.unit,
                        finalFactor * (percent / 100) * (0.9 + r.next() * 0.1),
                      );
                      const actual = Math.max(reportedActual.get(i.metric) ?? 0, drawn);
                      reportedActual.set(i.metric, actual);
                      return { metric: i.metric, actual };
                    }),
                  }
                : {}),
            },
          },
        });
        reports++;
        break;
      }
      case 'delay': {
        const forecastDate = maxDay(forecast, addDays(e.day, 30));
        lastForecast = forecastDate;
        drafts.push({
          occurredAt,
          actor: leadActor,
          command: {
            type: 'ReportDelay',
            occurredAt,
            data: { reason: `${SIMULATED_MARK}${r.pick(DELAY_REASONS)}`, forecastDate },
          },
        });
        break;
      }
      case 'revise': {
        const ind = indicators[0]!;
        const newTarget = indicatorValue(ind.target, ind.unit, 0.8);
        if (newTarget === ind.target || newTarget <= 0) break;
        drafts.push({
          occurredAt,
          actor: supervisor,
          command: {
            type: 'ReviseIndicatorTarget',
            occurredAt,
            data: {
              metric: ind.metric,
              newTarget,
              reason: `${SIMULATED_MARK}${r.pick(TARGET_REVISION_REASONS)}`,
            },
          },
        });
        break;
      }
      case 'rebaseline':
        drafts.push({
          occurredAt,
          actor: supervisor,
          command: {
            type: 'RebaselineDueDate',
            occurredAt,
            data: { newDueDate: currentDue, reason: `${SIMULATED_MARK}${r.pick(REBASELINE_REASONS)}` },
          },
        });
        break;
      case 'cancel':
        drafts.push({
          occurredAt,
          actor: supervisor,
          command: {
            type: 'CancelMilestone',
            occurredAt,
            data: { reason: `${SIMULATED_MARK}${r.pick(CANCEL_REASONS)}` },
          },
        });
        break;
    }
  }

  // The claim, a possible return and resubmission, and the acceptance (销号) — all within the simulation.
  if (claimed && completedOn && submitOn && lead) {
    const evidence = (n: number) => [
      {
        name: `模拟数据-${m.id}-完成情况报告${n > 1 ? `（第${n}次）` : ''}.pdf`,
        sha256: sha256(`${seed}/${m.id}/evidence/${n}`),
      },
    ];
    const finalActuals = (factor: number) =>
      indicators.length > 0
        ? {
            indicatorActuals: indicators.map((i) => ({
              metric: i.metric,
              actual: Math.max(reportedActual.get(i.metric) ?? 0, indicatorValue(i.target, i.unit, factor)),
            })),
          }
        : {};
    let claimAt = at(submitOn, r);
    drafts.push({
      occurredAt: claimAt,
      actor: leadActor,
      command: {
        type: 'SubmitCompletion',
        occurredAt: claimAt,
        data: {
          completedOn,
          narrative: `${SIMULATED_MARK}${r.pick(COMPLETION_NARRATIVES)}`,
          evidence: evidence(1),
          ...finalActuals(finalFactor),
        },
      },
    });
    if (returned) {
      const returnOn = addDays(submitOn, r.int(5, 20));
      if (returnOn <= simulationEnd) {
        const returnAt = at(returnOn, r);
        drafts.push({
          occurredAt: returnAt,
          actor: supervisor,
          command: {
            type: 'ReturnCompletion',
            occurredAt: returnAt,
            data: { reason: `${SIMULATED_MARK}${r.pick(RETURN_REASONS)}` },
          },
        });
        const resubmitOn = addDays(returnOn, r.int(7, 30));
        if (resubmitOn <= simulationEnd) {
          claimAt = at(resubmitOn, r);
          drafts.push({
            occurredAt: claimAt,
            actor: leadActor,
            command: {
              type: 'SubmitCompletion',
              occurredAt: claimAt,
              data: {
                completedOn: addDays(resubmitOn, -r.int(0, 3)),
                narrative: `${SIMULATED_MARK}${r.pick(RESUBMISSION_NARRATIVES)}`,
                evidence: evidence(2),
                ...finalActuals(Math.max(1, finalFactor)),
              },
            },
          });
        } else {
          claimAt = '';
        }
      } else {
        claimAt = '';
      }
    }
    if (claimAt !== '') {
      const acceptOn = addDays(dayOf(claimAt), r.int(4, 25));
      if (acceptOn <= simulationEnd) {
        const acceptAt = at(acceptOn, r);
        drafts.push({
          occurredAt: acceptAt,
          actor: supervisor,
          command: {
            type: 'AcceptCompletion',
            occurredAt: acceptAt,
            data: { note: `${SIMULATED_MARK}${r.pick(ACCEPT_NOTES)}` },
          },
        });
      }
    }
  }

  // Same-day actions keep their intended order: each instant is after the one before (by a minute at least).
  const fixed: Draft[] = [];
  let previous = 0;
  for (const d of drafts) {
    let t = ms(d.occurredAt);
    if (t <= previous) t = previous + 60_000;
    previous = t;
    const occurredAt = t === ms(d.occurredAt) ? d.occurredAt : shanghai(t);
    fixed.push({ ...d, occurredAt, command: { ...d.command, occurredAt } });
  }
  // A late filing must still arrive while reports are taken (before the claim or the cancellation).
  const closeAt = fixed.find(
    (d) => d.command.type === 'SubmitCompletion' || d.command.type === 'CancelMilestone',
  );
  const limit = Math.min(closeAt ? ms(closeAt.occurredAt) : Infinity, ms(`${simulationEnd}T23:00:00+08:00`));
  const drafted = fixed.map((d) => {
    if (d.fileAt === undefined) return d;
    if (ms(d.fileAt) < limit) return d;
    const { fileAt: _dropped, ...rest } = d;
    const data = (rest.command as Extract<DemoCommand, { type: 'ReportProgress' }>).data;
    return {
      ...rest,
      command: {
        ...rest.command,
        data: { ...data, narrative: data.narrative.replace('（补报）', '') },
      } as DemoCommand,
    };
  });
  return { drafts: drafted, fate: { outcome, diligence, returned } };
}

/** An instant as `YYYY-MM-DDTHH:mm:ss+08:00`. */
function shanghai(t: number): string {
  const d = new Date(t + 8 * 3_600_000);
  return `${d.toISOString().slice(0, 19)}+08:00`;
}

/**
 * The whole simulated 2020–2022 history: a pure function of the seed and the plan. Milestones are
 * simulated independently (each with a generator keyed by its id), then every action is put in filing order.
 */
export function buildDemoScript(
  seed: string,
  milestones: readonly DemoMilestone[],
  simulationEnd: IsoDate = SIMULATION_END,
): DemoScript {
  const actions: DemoAction[] = [];
  const fates: Record<string, DemoMilestoneFate> = {};
  for (const m of [...milestones].sort((a, b) => a.id.localeCompare(b.id))) {
    const { drafts, fate } = simulateMilestone(seed, m, simulationEnd);
    fates[m.id] = fate;
    drafts.forEach((d, i) => {
      actions.push({
        key: `${m.id}#${String(i + 1).padStart(3, '0')}`,
        milestoneId: m.id,
        fileAt: d.fileAt ?? d.occurredAt,
        actor: d.actor,
        command: d.command,
      });
    });
  }
  actions.sort((a, b) => ms(a.fileAt) - ms(b.fileAt) || a.key.localeCompare(b.key));
  return {
    seed,
    simulationEnd,
    actions,
    monthEnds: monthEndsBetween(SIMULATION_START, simulationEnd),
    fates,
  };
}
