import { LEAD_MODE_LABELS_ZH } from '@app/milestones/labels';
import type {
  Comparator,
  Indicator,
  Milestone,
  ParsedPlan,
  PlanTask,
  Section,
  UnitKind,
  Zone,
} from '../model/plan.model';
import type { FindingKind } from '../model/plan-finding.model';

/** A readable summary of a parsed plan for a terminal, in Chinese. */

const FINDING_LABELS: Readonly<Record<FindingKind, string>> = {
  'missing-task-number': '缺序号',
  'task-number-out-of-sequence': '序号不连续',
  'typo-normalised': '错字已更正',
  'open-ended-unit-list': '单位未列全',
  'bare-district-name': '缺“政府”',
  'unrecognised-responsibility': '责任单位无法识别',
  'suspicious-unit': '单位可疑',
  'suspected-typo': '疑似错字',
  'undated-line': '无年份',
  'lead-in-line': '引导语',
  'line-after-last-milestone': '末行附注',
  'duplicate-period': '年份重复',
  'no-milestones': '无里程碑',
  'unknown-policy-extension-town': '未知镇街',
};

const UNIT_KIND_LABELS: Readonly<Record<UnitKind, string>> = {
  'city-department': '市直部门',
  'district-government': '市（区）政府',
  other: '其他',
};

const COMPARATOR_LABELS: Readonly<Record<Comparator, string>> = {
  '>=': '≥',
  '<=': '≤',
  '=': '',
  '~': '约',
  between: '',
};

function count<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  return items.filter(predicate).length;
}

function formatIndicator(i: Indicator): string {
  const value = i.comparator === 'between' ? `${i.target}–${i.targetMax ?? i.target}` : `${i.target}`;
  const scope = i.scope.length > 0 ? `〔${i.scope.join('、')}〕` : '';
  return `${scope}${i.metric} ${COMPARATOR_LABELS[i.comparator]}${i.each ? '各' : ''}${value}${i.unit}`;
}

function formatMilestone(m: Milestone): string[] {
  const basis = m.dueDateSource === 'named-in-text' ? '（按文中日期）' : '';
  return [
    `       ${m.id}  截止 ${m.dueDate}${basis}`,
    ...m.indicators.map((i) => `         指标：${formatIndicator(i)}`),
  ];
}

function formatTask(task: PlanTask): string[] {
  return [
    `  ${task.no}. ${task.title}${task.numberInDocument ? '' : '（原文缺序号）'}`,
    `     ${LEAD_MODE_LABELS_ZH[task.leadMode]}：${task.leadUnits.join('、') || '（无）'}`,
    `     配合：${task.cooperatingUnits.join('、') || '（无）'}`,
    `     里程碑 ${task.milestones.length} 个：`,
    ...task.milestones.flatMap(formatMilestone),
    ...task.standingRequirements.map((s) => `     常设要求：${s.text}`),
  ];
}

function formatSection(plan: ParsedPlan, section: Section): string[] {
  const tasks = plan.tasks.filter((t) => t.section === section.no);
  const zone = section.zone ? `〔${section.zone}〕` : '〔全市〕';
  return [
    '',
    `${section.numeral}、${section.title}${zone}（${tasks.length} 项）`,
    ...tasks.flatMap(formatTask),
  ];
}

function formatZone(zone: Zone): string[] {
  const districts = zone.districts.map((d) => `${d.name}（${d.towns.length}）`).join('、');
  const towns = zone.districts.reduce((n, d) => n + d.towns.length, 0);
  const extension = zone.policyExtensionTowns.map((t) => `${t.district ?? ''}${t.town}`).join('、');
  return [
    `  ${zone.name}：${districts}，共 ${towns} 个镇（街）`,
    ...(extension ? [`    区域政策延伸适用范围：${extension}`] : []),
  ];
}

function formatOverview(plan: ParsedPlan): string[] {
  const districts = new Set(plan.zones.flatMap((z) => z.districts.map((d) => d.name)));
  const towns = new Set(plan.zones.flatMap((z) => z.districts.flatMap((d) => d.towns)));
  const milestones = plan.tasks.flatMap((t) => t.milestones);
  const years = [...new Set(milestones.map((m) => m.dueDate.slice(0, 4)))].sort();
  const byYear = years
    .map((y) => `${y}年到期 ${count(milestones, (m) => m.dueDate.startsWith(y))}`)
    .join('，');
  const unitKinds = Object.entries(UNIT_KIND_LABELS)
    .map(([kind, label]) => `${label} ${count(plan.units, (u) => u.kind === kind)}`)
    .join('，');
  return [
    `${plan.title}（计划标识 ${plan.planKey}）`,
    `来源：${plan.source.name ?? '未注明'}，${plan.source.lineCount} 行，SHA-256 ${plan.source.sha256}`,
    '',
    `功能分区：${plan.zones.length} 个区域，${districts.size} 个市（区），${towns.size} 个镇（街）`,
    ...plan.zones.flatMap(formatZone),
    `责任单位：${plan.units.length} 个（${unitKinds}）`,
    `重点任务：${plan.sections.length} 个部分，${plan.tasks.length} 项；里程碑 ${milestones.length} 个（${byYear}）`,
  ];
}

function formatFindings(plan: ParsedPlan): string[] {
  return [
    '',
    `数据问题：${plan.findings.length} 条`,
    ...plan.findings.map(
      (f) =>
        `  ${f.task === null ? '功能分区表' : `任务${f.task}`}［${FINDING_LABELS[f.kind]}］第${f.line}行：${f.detail}`,
    ),
  ];
}

export function formatPlanTable(plan: ParsedPlan): string {
  return [
    ...formatOverview(plan),
    ...plan.sections.flatMap((s) => formatSection(plan, s)),
    ...formatFindings(plan),
  ].join('\n');
}
