import type { AssessmentFacts } from '../milestone-facts';

/**
 * Facts for tests: an in-progress 2021 milestone due 2021-12-31 with nothing reported, plus overrides.
 * `dueDate` defaults to the overridden `baselineDueDate` (not re-baselined).
 */
export function aMilestoneFacts(overrides: Partial<AssessmentFacts> = {}): AssessmentFacts {
  const baselineDueDate = overrides.baselineDueDate ?? '2021-12-31';
  return {
    period: { from: 2021, to: 2021 },
    baselineDueDate,
    dueDate: overrides.dueDate ?? baselineDueDate,
    lifecycle: 'in_progress',
    percent: null,
    forecastDate: null,
    lastReportOn: null,
    submittedOn: null,
    acceptedOn: null,
    ...overrides,
  };
}
