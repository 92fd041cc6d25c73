import {
  HEALTH_COLOURS,
  HEALTH_LABELS_ZH,
  MILESTONE_LIFECYCLE_LABELS_ZH,
  MILESTONE_LIFECYCLES,
  SCHEDULE_LABELS_ZH,
  SCHEDULE_STATES,
} from '@app/milestones/labels';
import type { HealthThresholds } from '@app/platform';
import { type MilestoneFilterParams, type MilestoneSelection } from '@app/read-models';
import { formatInstant } from '../export/sheets';
import { zhDate } from './ledger-rows';
import type { LedgerSheetHeading } from './ledger.xlsx';

/** The filters as given, and the unit's name when one is named. */
export type LedgerFilterLabels = MilestoneFilterParams & { readonly unitName?: string };

/** 《江门市加快构建“三区并进”区域发展新格局》重点任务督办台账（截至2021年11月30日） */
export function ledgerTitle(planTitle: string, asOf: string): string {
  const plan = planTitle === '' ? '' : `《${planTitle}》`;
  return `${plan}重点任务督办台账（截至${zhDate(asOf)}）`;
}

/** Two ideographic spaces between the parts of the subtitle. */
const GAP = '\u3000\u3000';

const EXCEL_FORBIDDEN = /[[\]:*?/\\]/g;
const SHEET_NAME_MAX = 31;

/** A worksheet name from a section heading: Excel's forbidden characters replaced, cut to 31, unique. */
export function sheetName(heading: string, used: Set<string>): string {
  const base = heading.replace(EXCEL_FORBIDDEN, '·').slice(0, SHEET_NAME_MAX);
  let name = base;
  for (let n = 2; used.has(name); n++)
    name = `${base.slice(0, SHEET_NAME_MAX - String(n).length - 2)}（${n}）`;
  used.add(name);
  return name;
}

const listLabel = <T extends string>(
  raw: string | undefined,
  all: readonly T[],
  label: (v: T) => string,
): string | undefined =>
  raw
    ?.split(',')
    .map((v) => v.trim())
    .map((v) => ((all as readonly string[]).includes(v) ? label(v as T) : v))
    .join('、');

/** The filters in words: 功能区：大广海湾区；年度：2021 … (empty when none). */
export function filterWords(f: LedgerFilterLabels): string {
  const parts: [string, string | undefined][] = [
    ['功能区', f.zone],
    ['市（区）', f.district],
    [
      f.role === 'lead' ? '牵头单位' : f.role === 'cooperating' ? '配合单位' : '责任单位',
      f.unitName ?? f.unit,
    ],
    ['年度', f.year],
    ['办理状态', listLabel(f.lifecycle, MILESTONE_LIFECYCLES, (l) => MILESTONE_LIFECYCLE_LABELS_ZH[l])],
    ['进度状态', listLabel(f.schedule, SCHEDULE_STATES, (s) => SCHEDULE_LABELS_ZH[s])],
    ['状态', listLabel(f.health, HEALTH_COLOURS, (h) => HEALTH_LABELS_ZH[h])],
    ['关键词', f.q],
  ];
  return parts
    .filter((p): p is [string, string] => p[1] !== undefined && p[1] !== '')
    .map(([k, v]) => `${k}：${v}`)
    .join('；');
}

/** The sheet's name and its two heading rows; `section` null for the one sheet of an empty ledger. */
export function ledgerSheetHeading(
  title: string,
  sel: MilestoneSelection,
  section: number | null,
  filters: LedgerFilterLabels,
  used: Set<string>,
): LedgerSheetHeading {
  const heading = section === null ? '督办台账' : (sel.sections.get(section) ?? `第${section}板块`);
  const known = sel.knownAt === null ? '' : `，仅含${formatInstant(sel.knownAt)}（北京时间）前已记录的报送`;
  const filter = filterWords(filters);
  return {
    name: sheetName(heading, used),
    title,
    subtitle:
      `${heading}${GAP}数据截至${zhDate(sel.asOf)}${known}` +
      `${filter === '' ? '' : `${GAP}筛选：${filter}`}${GAP}事件位置：${sel.position}`,
  };
}

const pct = (ratio: number): string => `${Math.round(ratio * 100)}%`;

/** The legend under each sheet: what the colours mean (with the configured thresholds) and what the cells quote. */
export function ledgerLegend(
  t: Pick<HealthThresholds, 'redBelow' | 'amberBelow' | 'reportCadenceDays'>,
): string {
  return (
    `状态：红＝已逾期，或预计完成日期晚于时限，或进度低于预期进度的${pct(t.redBelow)}；` +
    `黄＝进度低于预期进度的${pct(t.amberBelow)}、临近时限尚未完成或曾为红色；绿＝按计划推进或已销号；` +
    `灰＝超过${t.reportCadenceDays}天未报送进展，或已取消。预期进度按计划期内的工作日线性计算。` +
    '进展情况列出最近两次报送（新的在前）；分别牵头的任务每个牵头单位各占一行。'
  );
}
