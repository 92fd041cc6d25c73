import { addDays, daysBetween, type HealthThresholds, type IsoDate } from '@app/platform';
import type { MilestoneEventType, MilestoneState } from '@app/milestones';
import {
  expectedPercentAt,
  progressLevel,
  reportCadenceReference,
  type MilestoneFacts,
} from '@app/read-models';
import { episodeState, type AlertEpisode } from './alert';
import {
  alertId,
  alertKey,
  type AlertEscalatedData,
  type AlertLevel,
  type AlertMilestoneSnapshot,
  type AlertRaisedData,
  type AlertReason,
  type AlertRepeatedData,
  type AlertResolvedData,
  type AlertRule,
} from './alert.events';

/**
 * The alert rules, pure: conditions that hold for a milestone at a date (time-based rules, run by a scan),
 * conditions that a milestone event brings (event-driven rules), and whether an alert's condition still holds.
 */
export interface RuleSettings {
  readonly dueSoonDays: readonly number[];
  readonly overdueRepeatDays: number;
  readonly escalationDays: number;
  readonly disabledRules: readonly string[];
  readonly health: HealthThresholds;
}

/** A condition that holds: what a new alert for it would say. */
export interface Condition {
  readonly rule: AlertRule;
  readonly disc: string;
  readonly key: string;
  readonly level: AlertLevel;
  readonly reasons: readonly AlertReason[];
  readonly facts: Readonly<Record<string, string | number | null>>;
}

export type AlertDecision =
  | { readonly kind: 'raise'; readonly key: string; readonly data: AlertRaisedData }
  | { readonly kind: 'repeat'; readonly key: string; readonly data: AlertRepeatedData }
  | { readonly kind: 'escalate'; readonly key: string; readonly data: AlertEscalatedData }
  | { readonly kind: 'resolve'; readonly key: string; readonly data: AlertResolvedData };

/** Lifecycles in which the unit is still at work (not submitted, not closed). */
function atWork(s: MilestoneState): boolean {
  return s.lifecycle === 'planned' || s.lifecycle === 'in_progress' || s.lifecycle === 'returned';
}

function closed(s: MilestoneState): boolean {
  return s.lifecycle === 'accepted' || s.lifecycle === 'cancelled' || s.lifecycle === 'withdrawn';
}

export function toFacts(s: MilestoneState): MilestoneFacts {
  return {
    period: s.period,
    baselineDueDate: s.baselineDueDate,
    dueDate: s.dueDate,
    lifecycle: s.lifecycle,
    percent: s.percent,
    forecastDate: s.forecastDate,
    lastReportOn: s.lastReportOn,
    submittedOn: s.submittedOn,
    acceptedOn: s.acceptedOn,
  };
}

export function snapshot(s: MilestoneState): AlertMilestoneSnapshot {
  return {
    milestoneId: s.milestoneId,
    taskNo: s.taskNo,
    taskTitle: s.taskTitle,
    text: s.text,
    dueDate: s.dueDate,
    baselineDueDate: s.baselineDueDate,
    leadUnits: [...s.leadUnits],
    cooperatingUnits: [...s.cooperatingUnits],
  };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function isOverdue(s: MilestoneState, asOf: IsoDate): boolean {
  return !closed(s) && s.dueDate !== '' && asOf > s.dueDate;
}

/** Whether a reported value meets its target, by the indicator's comparator. Unknown comparators: no judgement. */
export function meetsTarget(actual: number, comparator: string, target: number): boolean {
  switch (comparator) {
    case '>=':
    case '=':
    case 'between':
      return actual >= target;
    case '>':
      return actual > target;
    case '~':
      return actual >= target * 0.95;
    case '<=':
      return actual <= target;
    case '<':
      return actual < target;
    default:
      return true;
  }
}

/** A lower ambition: a smaller target, or a larger one for an upper limit (`<=`, `<`). */
export function targetLowered(comparator: string, oldTarget: number, newTarget: number): boolean {
  return comparator === '<=' || comparator === '<' ? newTarget > oldTarget : newTarget < oldTarget;
}

function condition(
  s: MilestoneState,
  rule: AlertRule,
  disc: string,
  level: AlertLevel,
  reasons: AlertReason[],
  facts: Record<string, string | number | null>,
): Condition {
  return { rule, disc, key: alertKey(rule, s.milestoneId, disc), level, reasons, facts };
}

function dueSoonWindows(days: readonly number[]): { days: number; above: number; level: AlertLevel }[] {
  return days.map((d, i) => ({
    days: d,
    above: days[i + 1] ?? -1,
    level: i === days.length - 1 ? 'warning' : 'info',
  }));
}

/** Time-based conditions that hold for a milestone at `asOf` (state as of that date). */
export function scanConditions(s: MilestoneState, asOf: IsoDate, cfg: RuleSettings): Condition[] {
  if (!s.exists || closed(s) || s.dueDate === '') return [];
  const out: Condition[] = [];
  const facts = toFacts(s);
  const overdue = isOverdue(s, asOf);
  if (overdue) {
    const n = daysBetween(s.dueDate, asOf);
    const claim = s.lifecycle === 'submitted' ? `；已于${s.submittedOn ?? '—'}提交完成，待核验销号` : '';
    const claimEn =
      s.lifecycle === 'submitted'
        ? `; completion submitted on ${s.submittedOn ?? '—'}, awaiting acceptance`
        : '';
    out.push(
      condition(
        s,
        'overdue',
        s.dueDate,
        'critical',
        [
          {
            code: 'overdue',
            zh: `已逾期${n}天（截止日期${s.dueDate}）${claim}`,
            en: `Overdue by ${n} day${n === 1 ? '' : 's'} (due ${s.dueDate})${claimEn}`,
          },
        ],
        { dueDate: s.dueDate, daysOverdue: n },
      ),
    );
  }
  if (atWork(s) && !overdue) {
    const d = daysBetween(asOf, s.dueDate);
    for (const w of dueSoonWindows(cfg.dueSoonDays)) {
      if (d > w.above && d <= w.days) {
        out.push(
          condition(
            s,
            'due_soon',
            `${s.dueDate}-${w.days}d`,
            w.level,
            [
              {
                code: 'due_soon',
                zh: `距截止日期${s.dueDate}还有${d}天（${w.days}天提醒），尚未提交完成`,
                en: `Due on ${s.dueDate}, in ${d} day${d === 1 ? '' : 's'} (${w.days}-day reminder); not yet submitted`,
              },
            ],
            { dueDate: s.dueDate, daysToDue: d, window: w.days },
          ),
        );
      }
    }
    if (s.percent !== null) {
      const expected = expectedPercentAt(facts, asOf);
      if (progressLevel(s.percent, expected, cfg.health) === 2) {
        const red = Math.round(cfg.health.redBelow * 1000) / 10;
        out.push(
          condition(
            s,
            'behind_schedule',
            '',
            'warning',
            [
              {
                code: 'behind_schedule',
                zh: `进度${round1(s.percent)}%，低于预期进度${round1(expected)}%的${red}%`,
                en: `Progress ${round1(s.percent)}% is below ${red}% of the expected ${round1(expected)}%`,
              },
            ],
            { percent: s.percent, expectedPercent: round1(expected) },
          ),
        );
      }
    }
    const ref = reportCadenceReference(facts);
    const silent = daysBetween(ref, asOf);
    if (silent > cfg.health.reportCadenceDays) {
      const since = s.lastReportOn !== null && s.lastReportOn === ref ? '最近一次报送' : '计划期开始';
      out.push(
        condition(
          s,
          'no_report',
          ref,
          'warning',
          [
            {
              code: 'no_report',
              zh: `已${silent}天未报送进展（自${since}${ref}起，报送周期${cfg.health.reportCadenceDays}天）`,
              en: `No report for ${silent} days since ${ref} (cadence ${cfg.health.reportCadenceDays} days)`,
            },
          ],
          { since: ref, daysSinceReport: silent, cadenceDays: cfg.health.reportCadenceDays },
        ),
      );
    }
  }
  if (s.lifecycle === 'submitted' || overdue) {
    s.indicators.forEach((i, idx) => {
      if (i.actual === null || meetsTarget(i.actual, i.comparator, i.target)) return;
      out.push(
        condition(
          s,
          'indicator_shortfall',
          `i${idx}`,
          'warning',
          [
            {
              code: 'indicator_shortfall',
              zh: `指标“${i.metric}”实际${i.actual}${i.unit}，未达到目标${i.target}${i.unit}`,
              en: `Indicator "${i.metric}": ${i.actual} ${i.unit} reported, target ${i.target} ${i.unit}`,
            },
          ],
          { metric: i.metric, actual: i.actual, target: i.target, unit: i.unit },
        ),
      );
    });
  }
  return out.filter((c) => !cfg.disabledRules.includes(c.rule));
}

/** Why a condition no longer holds, or null while it does. `asOf` is the date the state is known at. */
export function clearedReason(
  e: AlertEpisode,
  s: MilestoneState,
  asOf: IsoDate,
  cfg: RuleSettings,
): AlertReason | null {
  if (s.lifecycle === 'accepted') return { code: 'accepted', zh: '已核验销号', en: 'Completion accepted' };
  if (s.lifecycle === 'cancelled') return { code: 'cancelled', zh: '已取消', en: 'Milestone cancelled' };
  if (s.lifecycle === 'withdrawn') return { code: 'withdrawn', zh: '已移出计划', en: 'Milestone withdrawn' };
  const submitted: AlertReason = { code: 'submitted', zh: '已提交完成，待核验', en: 'Completion submitted' };
  const rebaselined: AlertReason = {
    code: 'due_date_changed',
    zh: `完成时限已调整为${s.dueDate}`,
    en: `Due date changed to ${s.dueDate}`,
  };
  const becameOverdue: AlertReason = {
    code: 'overdue',
    zh: '已过截止日期，转为逾期预警',
    en: 'Past the due date: superseded by the overdue alert',
  };
  const disc = e.key.split(':')[2] ?? '';
  switch (e.rule) {
    case 'due_soon': {
      if (!atWork(s)) return submitted;
      if (!disc.startsWith(`${s.dueDate}-`)) return rebaselined;
      return asOf > s.dueDate ? becameOverdue : null;
    }
    case 'overdue':
      if (s.dueDate !== disc) return rebaselined;
      return asOf > s.dueDate ? null : { code: 'not_overdue', zh: '未逾期', en: 'Not overdue' };
    case 'behind_schedule': {
      if (!atWork(s)) return submitted;
      if (isOverdue(s, asOf)) return becameOverdue;
      if (s.percent === null) return null;
      const level = progressLevel(s.percent, expectedPercentAt(toFacts(s), asOf), cfg.health);
      return level === 2
        ? null
        : { code: 'caught_up', zh: `进度已赶上（${round1(s.percent)}%）`, en: 'Progress caught up' };
    }
    case 'no_report': {
      if (!atWork(s)) return submitted;
      if (isOverdue(s, asOf)) return becameOverdue;
      const ref = reportCadenceReference(toFacts(s));
      if (ref !== disc || daysBetween(ref, asOf) <= cfg.health.reportCadenceDays) {
        return {
          code: 'reported',
          zh: `已报送进展（${s.lastReportOn ?? '—'}）`,
          en: `Reported on ${s.lastReportOn ?? '—'}`,
        };
      }
      return null;
    }
    case 'indicator_shortfall': {
      const i = s.indicators[Number(disc.slice(1))];
      if (!i || i.actual === null || meetsTarget(i.actual, i.comparator, i.target)) {
        return { code: 'target_met', zh: '指标已达标', en: 'Indicator target met' };
      }
      if (s.lifecycle !== 'submitted' && !isOverdue(s, asOf)) {
        return { code: 'back_at_work', zh: '已退回继续推进', en: 'Returned; work goes on' };
      }
      return null;
    }
    case 'forecast_after_due':
      if (!atWork(s)) return submitted;
      if (s.forecastDate !== disc || s.forecastDate <= s.dueDate) {
        return {
          code: 'forecast_changed',
          zh: `预计完成日期已更新为${s.forecastDate ?? '—'}（截止日期${s.dueDate}）`,
          en: `Forecast now ${s.forecastDate ?? '—'} (due ${s.dueDate})`,
        };
      }
      return null;
    case 'delay_reported': {
      if (!atWork(s)) return submitted;
      const triggerAt = e.raised.trigger?.occurredAt ?? '';
      if (
        s.forecastAt !== null &&
        Date.parse(s.forecastAt) > Date.parse(triggerAt) &&
        s.forecastDate !== null &&
        s.forecastDate <= s.dueDate
      ) {
        return {
          code: 'back_on_schedule',
          zh: `最新预计完成日期${s.forecastDate}不晚于截止日期${s.dueDate}`,
          en: `Latest forecast ${s.forecastDate} is not after the due date ${s.dueDate}`,
        };
      }
      return null;
    }
    case 'due_date_moved_later':
    case 'target_lowered':
      return null;
    default: {
      const never: never = e.rule;
      return never;
    }
  }
}

function resolveDecision(e: AlertEpisode, asOf: IsoDate, reason: AlertReason): AlertDecision {
  return {
    kind: 'resolve',
    key: e.key,
    data: { alertId: e.alertId, episode: e.episode, asOf, reason },
  };
}

function raiseDecision(
  c: Condition,
  s: MilestoneState,
  asOf: IsoDate,
  latest: AlertEpisode | undefined,
  trigger?: AlertRaisedData['trigger'],
): AlertDecision {
  const episode = (latest?.episode ?? 0) + 1;
  return {
    kind: 'raise',
    key: c.key,
    data: {
      alertId: alertId(c.key, episode),
      key: c.key,
      episode,
      rule: c.rule,
      level: c.level,
      asOf,
      reasons: c.reasons,
      milestone: snapshot(s),
      ...(trigger ? { trigger } : {}),
      facts: c.facts,
    },
  };
}

/**
 * A scan at `asOf` for one milestone: resolve what cleared, repeat or escalate unacknowledged overdue alerts,
 * raise what newly holds. `latest` holds the latest episode of every condition key of this milestone.
 */
export function evaluateScan(
  s: MilestoneState,
  latest: ReadonlyMap<string, AlertEpisode>,
  asOf: IsoDate,
  cfg: RuleSettings,
): AlertDecision[] {
  const out: AlertDecision[] = [];
  for (const e of latest.values()) {
    if (episodeState(e) === 'resolved' || e.raisedOn > asOf) continue;
    const cleared = clearedReason(e, s, asOf, cfg);
    if (cleared) {
      out.push(resolveDecision(e, asOf, cleared));
      continue;
    }
    if (e.rule !== 'overdue' || e.acknowledged !== null || s.lifecycle === 'submitted') continue;
    const daysOverdue = daysBetween(s.dueDate, asOf);
    if (e.escalatedOn === null && daysOverdue >= cfg.escalationDays && e.raisedOn < asOf) {
      out.push({
        kind: 'escalate',
        key: e.key,
        data: { alertId: e.alertId, episode: e.episode, asOf, daysOverdue, afterDays: cfg.escalationDays },
      });
    } else if (
      cfg.overdueRepeatDays > 0 &&
      !cfg.disabledRules.includes('overdue') &&
      daysBetween(e.lastNotifiedOn, asOf) >= cfg.overdueRepeatDays
    ) {
      out.push({
        kind: 'repeat',
        key: e.key,
        data: {
          alertId: e.alertId,
          episode: e.episode,
          occurrence: e.repeats + 1,
          asOf,
          daysOverdue,
        },
      });
    }
  }
  for (const c of scanConditions(s, asOf, cfg)) {
    const l = latest.get(c.key);
    if (l && episodeState(l) !== 'resolved') continue;
    if (l && l.resolvedOn !== null && l.resolvedOn > asOf) continue; // a later scan already saw it clear
    out.push(raiseDecision(c, s, asOf, l));
  }
  return out;
}

/** A milestone event as the event-driven rules read it. */
export interface TriggerEvent {
  readonly type: MilestoneEventType;
  readonly data: unknown;
  readonly version: number;
  readonly occurredAt: string;
}

/**
 * Conditions a milestone event brings, given the state before and after it (both as of the event's day):
 * a delay reported, a forecast after the due date, the due date moved later, a target lowered.
 */
export function eventConditions(
  before: MilestoneState,
  after: MilestoneState,
  t: TriggerEvent,
  cfg: RuleSettings,
): Condition[] {
  if (!after.exists) return [];
  const out: Condition[] = [];
  const v = `v${t.version}`;
  switch (t.type) {
    case 'DelayReported': {
      const d = t.data as { reason: string; forecastDate: string };
      if (!atWork(after)) break;
      const late = d.forecastDate > after.dueDate;
      out.push(
        condition(
          after,
          'delay_reported',
          v,
          'warning',
          [
            {
              code: 'delay_reported',
              zh: `报告延期：${d.reason}；预计完成日期${d.forecastDate}${late ? `，晚于截止日期${after.dueDate}` : `（截止日期${after.dueDate}）`}`,
              en: `Delay reported: ${d.reason}; forecast ${d.forecastDate} (due ${after.dueDate})`,
            },
          ],
          { forecastDate: d.forecastDate, dueDate: after.dueDate, reason: d.reason },
        ),
      );
      break;
    }
    case 'ProgressReported': {
      const f = after.forecastDate;
      if (!atWork(after) || f === null || f <= after.dueDate) break;
      const heldBefore =
        atWork(before) && before.forecastDate === f && f > before.dueDate && before.dueDate === after.dueDate;
      if (heldBefore) break;
      out.push(
        condition(
          after,
          'forecast_after_due',
          f,
          'warning',
          [
            {
              code: 'forecast_after_due',
              zh: `预计完成日期${f}晚于截止日期${after.dueDate}`,
              en: `Forecast completion ${f} is after the due date ${after.dueDate}`,
            },
          ],
          { forecastDate: f, dueDate: after.dueDate },
        ),
      );
      break;
    }
    case 'DueDateRebaselined':
    case 'MilestoneRevised': {
      if (before.dueDate !== '' && after.dueDate > before.dueDate) {
        const why = t.type === 'DueDateRebaselined' ? (t.data as { reason: string }).reason : '计划文档修订';
        out.push(
          condition(
            after,
            'due_date_moved_later',
            v,
            'info',
            [
              {
                code: 'due_date_moved_later',
                zh: `完成时限由${before.dueDate}后延至${after.dueDate}（原计划${after.baselineDueDate}）：${why}`,
                en: `Due date moved from ${before.dueDate} to ${after.dueDate} (baseline ${after.baselineDueDate}): ${why}`,
              },
            ],
            { previousDueDate: before.dueDate, dueDate: after.dueDate, reason: why },
          ),
        );
      }
      const lowered = after.indicators.filter((i) => {
        const b = before.indicators.find((x) => x.metric === i.metric);
        return b !== undefined && targetLowered(i.comparator, b.target, i.target);
      });
      if (lowered.length > 0) {
        const why =
          t.type === 'MilestoneRevised' ? '计划文档修订' : ((t.data as { reason?: string }).reason ?? '');
        out.push(
          condition(
            after,
            'target_lowered',
            v,
            'info',
            lowered.map((i) => {
              const old = before.indicators.find((x) => x.metric === i.metric)?.target ?? null;
              return {
                code: 'target_lowered',
                zh: `指标“${i.metric}”目标由${old}${i.unit}调整为${i.target}${i.unit}：${why}`,
                en: `Indicator "${i.metric}" target changed from ${old} to ${i.target} ${i.unit}: ${why}`,
              };
            }),
            { metric: lowered.map((i) => i.metric).join('、'), reason: why },
          ),
        );
      }
      break;
    }
    case 'IndicatorTargetRevised': {
      const d = t.data as { metric: string; oldTarget: number; newTarget: number; reason: string };
      const i = before.indicators.find((x) => x.metric === d.metric);
      if (!targetLowered(i?.comparator ?? '>=', d.oldTarget, d.newTarget)) break;
      const unit = i?.unit ?? '';
      out.push(
        condition(
          after,
          'target_lowered',
          v,
          'info',
          [
            {
              code: 'target_lowered',
              zh: `指标“${d.metric}”目标由${d.oldTarget}${unit}调整为${d.newTarget}${unit}：${d.reason}`,
              en: `Indicator "${d.metric}" target changed from ${d.oldTarget} to ${d.newTarget} ${unit}: ${d.reason}`,
            },
          ],
          { metric: d.metric, oldTarget: d.oldTarget, newTarget: d.newTarget, reason: d.reason },
        ),
      );
      break;
    }
    default:
      break;
  }
  return out.filter((c) => !cfg.disabledRules.includes(c.rule));
}

/** Raises for the conditions an event brings (one episode per condition key while it is not resolved). */
export function evaluateEvent(
  before: MilestoneState,
  after: MilestoneState,
  t: TriggerEvent,
  latest: ReadonlyMap<string, AlertEpisode>,
  asOf: IsoDate,
  cfg: RuleSettings,
): AlertDecision[] {
  const out: AlertDecision[] = [];
  for (const c of eventConditions(before, after, t, cfg)) {
    const l = latest.get(c.key);
    if (l && (episodeState(l) !== 'resolved' || c.disc.startsWith('v'))) continue;
    out.push(
      raiseDecision(c, after, asOf, l, { version: t.version, occurredAt: t.occurredAt, type: t.type }),
    );
  }
  return out;
}

/** Resolutions of unresolved alerts whose condition no longer holds at `asOf`. */
export function evaluateResolutions(
  open: Iterable<AlertEpisode>,
  stateAt: (asOf: IsoDate) => MilestoneState,
  eventDay: IsoDate,
  cfg: RuleSettings,
): AlertDecision[] {
  const out: AlertDecision[] = [];
  for (const e of open) {
    if (episodeState(e) === 'resolved') continue;
    const asOf = eventDay > e.raisedOn ? eventDay : e.raisedOn;
    const cleared = clearedReason(e, stateAt(asOf), asOf, cfg);
    if (cleared) out.push(resolveDecision(e, asOf, cleared));
  }
  return out;
}

/** The next date a weekly repeat is due (for display), or null. */
export function nextRepeatOn(e: AlertEpisode, cfg: RuleSettings): IsoDate | null {
  if (e.rule !== 'overdue' || episodeState(e) !== 'open' || cfg.overdueRepeatDays === 0) return null;
  return addDays(e.lastNotifiedOn, cfg.overdueRepeatDays);
}
