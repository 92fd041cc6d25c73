import type { HealthThresholds, IsoDate } from '@app/platform';
import type { AssessmentFacts } from './milestone-facts';
import { judgeHealth } from './health-judgement';
import { describeReason, reasonFact } from './health-reasons';
import type { HealthAssessment, HealthVerdict } from './health-rules';
import type { Holidays } from './working-days';

/*
 * Health axis (健康度): the rules and their table in `health-rules.ts`, the decision in `health-judgement.ts`,
 * the figures and words of each reason in `health-reasons.ts`. This file is the door: the verdict with its figures,
 * and the assessment in words.
 */
export * from './health-rules';
export { judgeHealth, type HealthJudgement } from './health-judgement';
export { describeReason } from './health-reasons';

const NO_HOLIDAYS: readonly IsoDate[] = [];

/** The health at `asOf`, with its reasons in words (zh-CN and English). */
export function healthAt(
  facts: AssessmentFacts,
  asOf: IsoDate,
  thresholds: HealthThresholds,
  holidays: Holidays = NO_HOLIDAYS,
): HealthAssessment {
  const verdict = assessHealth(facts, asOf, thresholds, holidays);
  return { colour: verdict.colour, reasons: verdict.reasons.map((r) => describeReason(r, thresholds)) };
}

/** The rules' verdict at `asOf`: the colour and each reason with the figures behind it (no words). */
export function assessHealth(
  facts: AssessmentFacts,
  asOf: IsoDate,
  thresholds: HealthThresholds,
  holidays: Holidays = NO_HOLIDAYS,
): HealthVerdict {
  const j = judgeHealth(facts, asOf, thresholds, holidays);
  return {
    colour: j.colour,
    reasons: j.reasons.map((code) => reasonFact(code, facts, asOf, thresholds, holidays)),
  };
}
