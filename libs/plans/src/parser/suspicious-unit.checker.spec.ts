import type { Indicator, Milestone } from '../model/plan.model';
import { findSuspiciousUnits } from './suspicious-unit.checker';

function investment(year: number, target: number, unit: string): Milestone {
  const source = `预计完成投资${target}${unit}`;
  const indicator: Indicator = {
    metric: '完成投资',
    comparator: '~',
    target,
    unit,
    each: false,
    scope: [],
    source,
    quantityText: `${target}${unit}`,
  };
  return {
    id: `sanqu-2020.T02-${year}`,
    task: 2,
    period: { from: year, to: year },
    startDate: `${year}-01-01`,
    dueDate: `${year}-12-31`,
    dueDateSource: 'period-end',
    namedDates: [],
    text: `${year}年，${source}。`,
    body: `${source}。`,
    line: year - 2000,
    indicators: [indicator],
  };
}

describe('findSuspiciousUnits', () => {
  it('flags the one year whose investment is in 万元 where the others are in 亿元 (task 2)', () => {
    const milestones = [
      investment(2020, 27.05, '亿元'),
      investment(2021, 30.65, '万元'),
      investment(2022, 30.56, '亿元'),
    ];

    const findings = findSuspiciousUnits(2, milestones);

    expect(findings).toEqual([
      expect.objectContaining({
        task: 2,
        milestone: 'sanqu-2020.T02-2021',
        kind: 'suspicious-unit',
        line: 21,
        original: '预计完成投资30.65万元',
      }),
    ]);
    expect(findings[0]?.detail).toBe(
      '任务2 2021年“预计完成投资30.65万元”：同一指标“完成投资”其他年份为27.05亿元、30.56亿元，疑为“30.65亿元”之误；已按原文保留，请核实',
    );
  });

  it('flags both readings when two years disagree and neither unit is the majority', () => {
    const findings = findSuspiciousUnits(2, [
      investment(2020, 27.05, '亿元'),
      investment(2021, 30.65, '万元'),
    ]);

    expect(findings.map((f) => f.milestone)).toEqual(['sanqu-2020.T02-2020', 'sanqu-2020.T02-2021']);
  });

  it('accepts the same unit every year, and different dimensions for different metrics', () => {
    expect(
      findSuspiciousUnits(2, [investment(2020, 27.05, '亿元'), investment(2022, 30.56, '亿元')]),
    ).toEqual([]);
    expect(findSuspiciousUnits(2, [investment(2020, 27.05, '亿元'), investment(2021, 5, '个')])).toEqual([]);
  });
});
