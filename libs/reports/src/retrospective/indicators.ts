import type { AssignmentState } from '@app/milestones';
import { indicatorAttainment } from '@app/milestones/labels';
import type { IndicatorReview } from './review.types';

/** The one judgement of a value against its target (the dashboard's 指标 table shows it too). */
export { indicatorAttainment };

export function round(n: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(n * f) / f;
}

/** An assignment's indicators: the targets and its own reported values. */
export function indicatorReviews(milestoneId: string, a: AssignmentState): IndicatorReview[] {
  return a.indicators.map((i) => ({
    milestoneId,
    assignment: a.key,
    metric: i.metric,
    comparator: i.comparator,
    unit: i.unit,
    source: i.source,
    baselineTarget: i.baselineTarget,
    target: i.target,
    actual: i.actual,
    ...indicatorAttainment(i),
  }));
}

/** Mean attainment of the values reported (each capped at 100%), how many are met and how many reported. */
export function attainmentSummary(indicators: readonly IndicatorReview[]): {
  indicatorAttainment: number | null;
  indicatorsMet: number;
  indicatorsReported: number;
} {
  const values = indicators.flatMap((i) => (i.attainment === null ? [] : [Math.min(1, i.attainment)]));
  return {
    indicatorAttainment:
      values.length === 0 ? null : round(values.reduce((a, v) => a + v, 0) / values.length, 4),
    indicatorsMet: indicators.filter((i) => i.met === true).length,
    indicatorsReported: values.length,
  };
}
