import { addDays, daysBetween, type IsoDate } from '@app/platform';
import { isWorkingDay } from '@app/milestones';
import type { AlertLevel, AlertMilestoneSnapshot } from '../domain/alert.events';
import { ALERT_RULE_LABELS_ZH, type AlertRule } from '../domain/rules';
import type { Audience, NotificationKind } from '../domain/recipients';

/**
 * The notice view: what one recipient is told about one run, before any wording of a channel. A mail (and a
 * group-robot message) is a pure function of it; it is a pure function of the alert events, the unit names and
 * the settings, never of the clock, so a replay renders the same notice.
 */

/** 红 / 黄 / 蓝 as the office says it (三色预警): critical, warning, info. */
export type Severity = 'red' | 'amber' | 'blue';
export const SEVERITIES: readonly Severity[] = ['red', 'amber', 'blue'];
export const SEVERITY_ZH: { readonly [S in Severity]: string } = { red: '红', amber: '黄', blue: '蓝' };
export const SEVERITY_OF: { readonly [L in AlertLevel]: Severity } = {
  critical: 'red',
  warning: 'amber',
  info: 'blue',
};

/** One alert as the notice lists it. */
export interface NoticeItem {
  readonly alertId: string;
  readonly kind: NotificationKind;
  readonly rule: AlertRule;
  readonly severity: Severity;
  /** The rule in plain Chinese (已逾期, 即将到期 …). */
  readonly ruleZh: string;
  /** What makes it more than the rule: 升级督办, 第2次提醒. */
  readonly noteZh: string | null;
  /** The reasons, each one line, long ones cut. */
  readonly reasons: readonly string[];
  readonly taskNo: number;
  readonly taskTitle: string;
  /** 2020年度, or 常态化 for a standing item. */
  readonly yearZh: string;
  /** Lead unit names (the assignment's, when the milestone is 分别牵头). */
  readonly leadZh: string;
  /** A standing item (常态化): no due date. */
  readonly standing: boolean;
  /** True for one assignment of a 分别牵头 milestone. */
  readonly separately: boolean;
  /** Due date as stated (with the original one when re-baselined), or 常态化（无截止日期）. */
  readonly dueZh: string;
  /** Days past the due date (> 0), or null. */
  readonly daysOverdue: number | null;
  /** Days until the due date (≥ 0), or null (overdue or standing). */
  readonly daysLeft: number | null;
  /** The plan's target text, cut to a sensible length. */
  readonly target: string;
  /** The one link: the dashboard's milestone page. */
  readonly link: string;
  /** Why this recipient is told, when it is not as the lead unit (e.g. 配合单位). */
  readonly asZh: string | null;
  /** For sorting and grouping: the milestone (and assignment) the alert is about. */
  readonly subjectKey: string;
}

export interface UnitCount {
  readonly unit: string;
  readonly counts: SeverityCounts;
  readonly items: readonly NoticeItem[];
}

export type SeverityCounts = { readonly [S in Severity]: number } & { readonly total: number };

export interface Notice {
  /** `unit`: a unit's reminder (subject names the unit); `office`: the 督查室's digest of everything. */
  readonly scope: 'unit' | 'office';
  /** A scan (日报) or an event batch (快报). */
  readonly runKind: 'scan' | 'events';
  readonly recipientName: string;
  /** The recipient's units (scope `unit`), joined with 、. */
  readonly unitZh: string;
  readonly asOf: IsoDate;
  /** The reply-by date: `replyWorkingDays` working days after `asOf`. */
  readonly replyBy: IsoDate;
  readonly replyWorkingDays: number;
  /** Sorted: severity, then lateness (most overdue first, then fewest days left), then task. */
  readonly items: readonly NoticeItem[];
  readonly counts: SeverityCounts;
  /** Distinct tasks (milestone or assignment) concerned. */
  readonly tasks: number;
  /** Per rule, in order of first appearance in `items`: [rule label, count]. */
  readonly byRule: readonly (readonly [string, number])[];
  /** The most overdue item, if any is overdue. */
  readonly worst: NoticeItem | null;
  /** The items by lead unit, units ordered by their first (worst) item. */
  readonly byUnit: readonly UnitCount[];
  readonly baseUrl: string;
}

/** Target text longer than this is cut (with …): the mail points to the milestone page for the rest. */
export const TARGET_MAX_CHARS = 60;
/** A reason (which may quote a unit's own words) longer than this is cut too. */
export const REASON_MAX_CHARS = 120;

export function truncate(s: string, max = TARGET_MAX_CHARS): string {
  const one = s.replace(/\s+/g, ' ').trim();
  const chars = [...one];
  return chars.length <= max ? one : `${chars.slice(0, max - 1).join('')}…`;
}

export function milestoneLink(baseUrl: string, milestoneId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/milestones/${encodeURIComponent(milestoneId)}`;
}

/** The `n`th working day after `d` (Monday–Friday except the configured holidays). */
export function addWorkingDays(d: IsoDate, n: number, holidays: readonly IsoDate[]): IsoDate {
  let day = d;
  for (let left = n; left > 0;) {
    day = addDays(day, 1);
    if (isWorkingDay(day, holidays)) left--;
  }
  return day;
}

/** The due date as a notice states it (a standing item has none: 常态化). */
export function dueZh(m: AlertMilestoneSnapshot): string {
  if (m.standing) return '常态化（无截止日期）';
  return `${m.dueDate}${m.baselineDueDate !== m.dueDate ? `（原定${m.baselineDueDate}）` : ''}`;
}

export interface NoticeSource {
  readonly alertId: string;
  readonly kind: NotificationKind;
  readonly rule: AlertRule;
  readonly level: AlertLevel;
  readonly asOf: IsoDate;
  readonly occurrence?: number;
  readonly daysOverdue?: number;
  readonly milestone: AlertMilestoneSnapshot;
  readonly reasons: readonly string[];
  readonly audiences: readonly Audience[];
}

function names(ids: readonly string[], unitNames: ReadonlyMap<string, string>): string {
  return ids.length === 0 ? '—' : ids.map((id) => unitNames.get(id) ?? id).join('、');
}

export function noticeItem(
  s: NoticeSource,
  baseUrl: string,
  unitNames: ReadonlyMap<string, string>,
): NoticeItem {
  const m = s.milestone;
  const past = m.standing || m.dueDate === '' ? null : daysBetween(m.dueDate, s.asOf);
  const daysOverdue = s.daysOverdue ?? (past !== null && past > 0 ? past : null);
  const note =
    s.kind === 'escalated'
      ? '超期未确认，已升级督办'
      : s.kind === 'repeated'
        ? `第${(s.occurrence ?? 0) + 1}次提醒`
        : null;
  return {
    alertId: s.alertId,
    kind: s.kind,
    rule: s.rule,
    severity: SEVERITY_OF[s.level],
    ruleZh: ALERT_RULE_LABELS_ZH[s.rule],
    noteZh: note,
    reasons: s.reasons.map((r) => truncate(r, REASON_MAX_CHARS)),
    taskNo: m.taskNo,
    taskTitle: m.taskTitle,
    yearZh: m.standing ? '常态化' : `${(m.baselineDueDate || m.dueDate).slice(0, 4)}年度`,
    leadZh: names(m.leadUnits, unitNames),
    standing: m.standing === true,
    separately: m.assignment !== undefined,
    dueZh: dueZh(m),
    daysOverdue,
    daysLeft: daysOverdue === null && past !== null ? -past : null,
    target: truncate(m.text),
    link: milestoneLink(baseUrl, m.milestoneId),
    asZh: s.audiences.includes('lead') ? null : s.audiences.includes('cooperating') ? '配合单位' : null,
    subjectKey: `${m.milestoneId}@${m.assignment ?? ''}`,
  };
}

const RANK: { readonly [S in Severity]: number } = { red: 0, amber: 1, blue: 2 };

/** Lateness, larger = later: days overdue, or minus the days left; standing items last. */
function lateness(i: NoticeItem): number {
  if (i.daysOverdue !== null) return i.daysOverdue;
  if (i.daysLeft !== null) return -i.daysLeft;
  return -Infinity;
}

export function compareItems(a: NoticeItem, b: NoticeItem): number {
  return (
    RANK[a.severity] - RANK[b.severity] ||
    lateness(b) - lateness(a) ||
    a.taskNo - b.taskNo ||
    a.subjectKey.localeCompare(b.subjectKey) ||
    a.alertId.localeCompare(b.alertId)
  );
}

export function countSeverities(items: readonly NoticeItem[]): SeverityCounts {
  const c = { red: 0, amber: 0, blue: 0, total: items.length };
  for (const i of items) c[i.severity]++;
  return c;
}

export interface NoticeInput {
  readonly scope: 'unit' | 'office';
  readonly runKind: 'scan' | 'events';
  readonly recipientName: string;
  readonly unitZh: string;
  readonly asOf: IsoDate;
  readonly replyWorkingDays: number;
  readonly holidays: readonly IsoDate[];
  readonly baseUrl: string;
  readonly unitNames: ReadonlyMap<string, string>;
  readonly sources: readonly NoticeSource[];
}

export function buildNotice(input: NoticeInput): Notice {
  const items = input.sources.map((s) => noticeItem(s, input.baseUrl, input.unitNames)).sort(compareItems);
  const byRule = new Map<string, number>();
  for (const i of items) byRule.set(i.ruleZh, (byRule.get(i.ruleZh) ?? 0) + 1);
  const units = new Map<string, NoticeItem[]>();
  for (const i of items) units.set(i.leadZh, [...(units.get(i.leadZh) ?? []), i]);
  const worst = items
    .filter((i) => i.daysOverdue !== null)
    .reduce<NoticeItem | null>((w, i) => (w === null || i.daysOverdue! > w.daysOverdue! ? i : w), null);
  return {
    scope: input.scope,
    runKind: input.runKind,
    recipientName: input.recipientName,
    unitZh: input.unitZh,
    asOf: input.asOf,
    replyBy: addWorkingDays(input.asOf, input.replyWorkingDays, input.holidays),
    replyWorkingDays: input.replyWorkingDays,
    items,
    counts: countSeverities(items),
    tasks: new Set(items.map((i) => i.subjectKey)).size,
    byRule: [...byRule.entries()],
    worst,
    byUnit: [...units.entries()].map(([unit, list]) => ({
      unit,
      counts: countSeverities(list),
      items: list,
    })),
    baseUrl: input.baseUrl,
  };
}
