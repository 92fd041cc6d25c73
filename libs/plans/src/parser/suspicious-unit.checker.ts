import type { Indicator, Milestone } from '../model/plan.model';
import type { Finding } from '../model/plan-finding.model';

/**
 * The same metric of one task measured in a different order of magnitude in one year than in the others
 * (task 2: `预计完成投资27.05亿元` / `30.65万元` / `30.56亿元`) is most likely a typo. It is reported,
 * never corrected: the value stays as written.
 */

/** Units of one dimension that differ only by scale. */
const UNIT_FAMILIES: Readonly<Record<string, string>> = {
  元: 'money',
  万元: 'money',
  亿元: 'money',
  亩: 'area-mu',
  万亩: 'area-mu',
  平方米: 'area-m2',
  万平方米: 'area-m2',
  人: 'people',
  万人: 'people',
};

interface Reading {
  readonly milestone: Milestone;
  readonly indicator: Indicator;
}

function groupKey(indicator: Indicator): string | undefined {
  const family = UNIT_FAMILIES[indicator.unit];
  return family === undefined ? undefined : `${family}\u0000${indicator.metric}`;
}

function groupReadings(milestones: readonly Milestone[]): Map<string, Reading[]> {
  const groups = new Map<string, Reading[]>();
  for (const milestone of milestones) {
    for (const indicator of milestone.indicators) {
      const key = groupKey(indicator);
      if (key !== undefined) groups.set(key, [...(groups.get(key) ?? []), { milestone, indicator }]);
    }
  }
  return groups;
}

/** The unit most readings use, or undefined when no unit has a strict majority. */
function majorityUnit(readings: readonly Reading[]): string | undefined {
  const counts = new Map<string, number>();
  for (const r of readings) counts.set(r.indicator.unit, (counts.get(r.indicator.unit) ?? 0) + 1);
  const [top, second] = [...counts].sort((a, b) => b[1] - a[1]);
  return top && (!second || top[1] > second[1]) ? top[0] : undefined;
}

function finding(
  task: number,
  reading: Reading,
  others: readonly Reading[],
  majority: string | undefined,
): Finding {
  const { milestone, indicator } = reading;
  const otherValues = others.map((o) => `${o.indicator.target}${o.indicator.unit}`).join('、');
  const value = `${indicator.target}${indicator.unit}`;
  const likely = majority ? `，疑为“${indicator.target}${majority}”之误` : '';
  return {
    task,
    milestone: milestone.id,
    kind: 'suspicious-unit',
    detail:
      `任务${task} ${milestone.period.from === milestone.period.to ? milestone.period.from : `${milestone.period.from}-${milestone.period.to}`}年` +
      `“${indicator.source}”：同一指标“${indicator.metric}”其他年份为${otherValues}${likely}；已按原文保留，请核实`,
    detailEn:
      `Task ${task}, ${milestone.id}: “${indicator.metric}” is ${value} where the task's other milestones say ` +
      `${otherValues}${majority ? ` (probably ${indicator.target}${majority})` : ''}; kept as written, please check`,
    line: milestone.line,
    original: indicator.source,
  };
}

export function findSuspiciousUnits(task: number, milestones: readonly Milestone[]): Finding[] {
  return [...groupReadings(milestones).values()].flatMap((readings) => {
    const majority = majorityUnit(readings);
    const units = new Set(readings.map((r) => r.indicator.unit));
    if (units.size < 2) return [];
    return readings
      .filter((r) => r.indicator.unit !== majority)
      .map((r) =>
        finding(
          task,
          r,
          readings.filter((o) => o !== r),
          majority,
        ),
      );
  });
}
